/**
 * The stand-in for a customer's phone: pays, rejects or opens a pending QR. Usable from code
 * (gateway.customer.pay(id)) and over HTTP on the mock's own port, without a client
 * certificate, for a person at a test stand:
 *
 *   GET  /customer/pending                      → JSON list of payments awaiting the customer
 *   POST /customer/pay     id=<id>[&kopecks=N]  → pays it (the whole amount by default)
 *   POST /customer/reject  id=<id>[&reason=...] → the customer's bank declines it
 *   POST /customer/open    id=<id>              → the customer opened the QR (WAITING)
 *
 * Parameters come as a JSON body, a form body, or the query string; `point` picks among
 * several points. Answers are JSON: {"payment": {...}} or {"error": {"code", "message"}}.
 */
import type { ServerResponse } from 'node:http';
import { WmqrError } from '../../src/core/errors';
import type { Kopecks } from '../../src/core/money';
import { MockGatewayError } from './mock-gateway-error';
import { isPending, type MockPayment, type MockPaymentBook } from './mock-payment-book';

export const DEFAULT_REJECT_REASON = 'declined by the customer';

export class CustomerControl {
  constructor(private readonly book: MockPaymentBook) {}

  /** Pays payment `id`: the whole amount, or `kopecks` to simulate a wrong sum. */
  pay(id: string, kopecks?: Kopecks, point?: string): MockPayment {
    const payment = this.book.get(id, point);
    this.book.pay(payment, kopecks ?? payment.amountKopecks);
    return payment;
  }

  reject(id: string, reason = DEFAULT_REJECT_REASON, point?: string): MockPayment {
    const payment = this.book.get(id, point);
    this.book.reject(payment, reason);
    return payment;
  }

  open(id: string, point?: string): MockPayment {
    const payment = this.book.get(id, point);
    this.book.open(payment);
    return payment;
  }

  /** Payments still awaiting the customer (NEW or WAITING), oldest first. */
  pending(): MockPayment[] {
    return this.book
      .all()
      .filter((p) => isPending(p.state))
      .sort((a, b) => a.createdAt - b.createdAt);
  }
}

/** Serves /customer/* (see the file comment). */
export function handleCustomerHttp(
  customer: CustomerControl,
  method: string,
  url: URL,
  body: Buffer | undefined,
  res: ServerResponse,
): void {
  const json = (status: number, value: unknown) =>
    res
      .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
      .end(`${JSON.stringify(value)}\n`);
  const action = url.pathname.replace(/^\/customer\/?/, '');
  try {
    if (action === 'pending' && method === 'GET') {
      json(200, { payments: customer.pending().map(view) });
      return;
    }
    if (method !== 'POST' || !['pay', 'reject', 'open'].includes(action)) {
      json(404, {
        error: {
          code: 'MOCK_NO_ROUTE',
          message:
            'use GET /customer/pending or POST /customer/pay, /customer/reject, ' +
            '/customer/open',
        },
      });
      return;
    }
    const params = readParams(url, body);
    const id = params.id;
    if (!id) throw new MockGatewayError('MOCK_BAD_INPUT', 'give the payment id as "id"');
    const point = params.point || undefined;
    let payment: MockPayment;
    if (action === 'pay') {
      const kopecks = params.kopecks === undefined ? undefined : Number(params.kopecks);
      if (kopecks !== undefined && !(Number.isSafeInteger(kopecks) && kopecks > 0)) {
        throw new MockGatewayError('MOCK_BAD_INPUT', '"kopecks" must be a whole positive number');
      }
      payment = customer.pay(id, kopecks, point);
    } else if (action === 'reject') {
      payment = customer.reject(id, params.reason || undefined, point);
    } else {
      payment = customer.open(id, point);
    }
    json(200, { payment: view(payment) });
  } catch (error) {
    if (!(error instanceof WmqrError)) throw error;
    const status =
      error.code === 'MOCK_NO_PAYMENT' ? 404 : error.code === 'MOCK_NOT_PENDING' ? 409 : 400;
    json(status, { error: { code: error.code, message: error.message } });
  }
}

function readParams(url: URL, body: Buffer | undefined): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = Object.fromEntries(url.searchParams);
  const text = body?.toString('utf8').trim() ?? '';
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new MockGatewayError('MOCK_BAD_INPUT', 'the body is not valid JSON');
    }
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value !== undefined && value !== null) params[key] = String(value);
    }
  } else if (text !== '') {
    for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  }
  return params;
}

function view(p: MockPayment): Record<string, unknown> {
  return {
    id: p.id,
    point: p.point,
    paySystem: p.paySystem,
    amountKopecks: p.amountKopecks,
    description: p.description,
    state: p.state,
    qr: p.qr,
    createdAt: new Date(p.createdAt).toISOString(),
    expiresAt: new Date(p.expiresAt).toISOString(),
    wmTranId: p.wmTranId,
    paidKopecks: p.paidKopecks,
    reason: p.reason,
  };
}
