/**
 * The mock gateway's payments, in memory, and how they move: NEW → WAITING → PAID, REJECTED,
 * EXPIRED or CANCELLED. Time-driven moves (payAfterMs, expiry at ttl) are worked out lazily
 * from the clock whenever a payment is looked at, so no timer can leak or fire late.
 */
import type { Clock } from '../../src/core/clock';
import type { Logger } from '../../src/core/logger';
import type { Kopecks } from '../../src/core/money';
import type { GatewayState, PaySystem } from '../../src/payment/ports';
import type { AnswerPayment, QrCreatePayment } from '../../src/gateway/wire';
import { MockGatewayError } from './mock-gateway-error';
import type { PaymentScript } from './payment-script';
import { qrTextFor } from './qr-texts';

export interface MockPayment {
  id: string;
  point: string;
  paySystem: PaySystem;
  amountKopecks: Kopecks;
  description: string;
  test: boolean;
  ttlSeconds: number;
  createdAt: number;
  expiresAt: number;
  state: GatewayState;
  qr: string;
  updatedAt: number;
  /** QrState requests seen. */
  polls: number;
  wmTranId?: string;
  paidKopecks?: Kopecks;
  reason?: string;
}

interface Entry {
  payment: MockPayment;
  /** What makes a repeated QrCreate "the same": id aside, what the customer is charged. */
  dataKey: string;
  /** The first QrCreate answer, returned again for a repeat with the same data. */
  createAnswer: AnswerPayment;
}

const PENDING: ReadonlySet<GatewayState> = new Set(['NEW', 'WAITING']);

export function isPending(state: GatewayState): boolean {
  return PENDING.has(state);
}

/** The fields a repeated QrCreate must match; date and ttl may differ on a resend. */
export function createDataKey(p: QrCreatePayment): string {
  return JSON.stringify([p.paySystem, p.amountKopecks, p.currency, p.test, p.description]);
}

export class MockPaymentBook {
  private readonly entries = new Map<string, Entry>();
  private readonly scripts = new Map<string, PaymentScript>();
  private readonly nextScripts: PaymentScript[] = [];
  private tranSeq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private defaultScript: PaymentScript = {},
  ) {}

  // ---- scripts --------------------------------------------------------------------------

  /** The script for the next payment created (queued: several calls script several). */
  scriptNext(script: PaymentScript): void {
    this.nextScripts.push(copyScript(script));
  }

  script(point: string, id: string, script: PaymentScript): void {
    this.scripts.set(key(point, id), copyScript(script));
  }

  setDefaultScript(script: PaymentScript): void {
    this.defaultScript = copyScript(script);
  }

  /** The script in force for a payment; a first QrCreate for a new id takes the next one. */
  scriptFor(point: string, id: string, bindNext: boolean): PaymentScript {
    const k = key(point, id);
    let script = this.scripts.get(k);
    if (!script && bindNext && !this.entries.has(k) && this.nextScripts.length > 0) {
      script = this.nextScripts.shift() as PaymentScript;
      this.scripts.set(k, script);
    }
    return script ?? this.defaultScript;
  }

  // ---- lookups --------------------------------------------------------------------------

  entry(point: string, id: string): Entry | undefined {
    const entry = this.entries.get(key(point, id));
    if (entry) this.refresh(entry.payment);
    return entry;
  }

  /** The payment with `id` (of `point`, or of any point when omitted), up to date. */
  find(id: string, point?: string): MockPayment | undefined {
    if (point !== undefined) return this.entry(point, id)?.payment;
    for (const entry of this.entries.values()) {
      if (entry.payment.id === id) {
        this.refresh(entry.payment);
        return entry.payment;
      }
    }
    return undefined;
  }

  /** Like find(), but a missing payment is an error naming the id. */
  get(id: string, point?: string): MockPayment {
    const payment = this.find(id, point);
    if (!payment) {
      throw new MockGatewayError('MOCK_NO_PAYMENT', `the mock gateway has no payment ${id}`);
    }
    return payment;
  }

  all(): MockPayment[] {
    const payments = [...this.entries.values()].map((e) => e.payment);
    for (const p of payments) this.refresh(p);
    return payments;
  }

  // ---- operations -----------------------------------------------------------------------

  create(point: string, request: QrCreatePayment): Entry {
    const now = this.clock.now();
    const payment: MockPayment = {
      id: request.id,
      point,
      paySystem: request.paySystem,
      amountKopecks: request.amountKopecks,
      description: request.description,
      test: request.test,
      ttlSeconds: request.ttlSeconds,
      createdAt: now,
      expiresAt: now + request.ttlSeconds * 1000,
      state: 'NEW',
      qr: qrTextFor(request.paySystem, `${point}:${request.id}`, request.amountKopecks),
      updatedAt: now,
      polls: 0,
    };
    const entry: Entry = {
      payment,
      dataKey: createDataKey(request),
      createAnswer: answerOf(payment),
    };
    this.entries.set(key(point, request.id), entry);
    this.logger.info('mock gateway: payment created', {
      id: payment.id,
      point,
      paySystem: payment.paySystem,
      amountKopecks: payment.amountKopecks,
    });
    return entry;
  }

  /** A QrState poll: counts it, then lets the script move the payment. */
  poll(payment: MockPayment): void {
    payment.polls++;
    if (!isPending(payment.state)) return;
    const script = this.scriptFor(payment.point, payment.id, false);
    if (script.neverPay) return;
    const reject = script.rejectAfterPolls;
    if (reject && payment.polls > reject.polls) {
      this.reject(payment, reject.reason);
    } else if (script.payAfterPolls !== undefined && payment.polls > script.payAfterPolls) {
      this.pay(payment);
    } else if ((script.payAfterPolls !== undefined || reject) && payment.state === 'NEW') {
      this.move(payment, 'WAITING');
    }
  }

  /** QrCancel: a pending payment is cancelled; a final one keeps its state. */
  cancel(payment: MockPayment): void {
    if (isPending(payment.state)) this.move(payment, 'CANCELLED');
  }

  pay(payment: MockPayment, kopecks: Kopecks = payment.amountKopecks): void {
    this.requirePending(payment, 'pay');
    this.settlePaid(payment, kopecks, this.clock.now());
  }

  private settlePaid(payment: MockPayment, kopecks: Kopecks, at: number): void {
    payment.paidKopecks = kopecks;
    payment.wmTranId = String(1_000_000_000 + ++this.tranSeq);
    this.move(payment, 'PAID', at);
  }

  reject(payment: MockPayment, reason: string): void {
    this.requirePending(payment, 'reject');
    payment.reason = reason;
    this.move(payment, 'REJECTED');
  }

  open(payment: MockPayment): void {
    this.requirePending(payment, 'open');
    if (payment.state === 'NEW') this.move(payment, 'WAITING');
  }

  /** Time-driven moves, in the order they would have happened. */
  private refresh(payment: MockPayment): void {
    if (!isPending(payment.state)) return;
    const script = this.scriptFor(payment.point, payment.id, false);
    const payAt =
      script.payAfterMs === undefined || script.neverPay
        ? Infinity
        : payment.createdAt + script.payAfterMs;
    const now = this.clock.now();
    if (payAt <= now && payAt < payment.expiresAt)
      this.settlePaid(payment, payment.amountKopecks, payAt);
    else if (payment.expiresAt <= now) this.move(payment, 'EXPIRED', payment.expiresAt);
  }

  private requirePending(payment: MockPayment, what: string): void {
    this.refresh(payment);
    if (!isPending(payment.state)) {
      throw new MockGatewayError(
        'MOCK_NOT_PENDING',
        `cannot ${what} payment ${payment.id}: it is already ${payment.state}`,
        { details: { id: payment.id, state: payment.state } },
      );
    }
  }

  private move(payment: MockPayment, state: GatewayState, at = this.clock.now()): void {
    const previous = payment.state;
    payment.state = state;
    payment.updatedAt = at;
    this.logger.info('mock gateway: payment state', { id: payment.id, state, previous });
  }
}

/** The `<payment>` of an answer about `payment` as it is now. */
export function answerOf(payment: MockPayment): AnswerPayment {
  return {
    id: payment.id,
    state: payment.state,
    wmTranId: payment.wmTranId,
    qr: payment.qr,
    expiresAt: payment.expiresAt,
    paidKopecks: payment.state === 'PAID' ? payment.paidKopecks : undefined,
    updatedAt: payment.updatedAt,
    reason: payment.state === 'REJECTED' ? payment.reason : undefined,
  };
}

/** Scripts count down (fail.times, slowTimes): each binding gets its own counters. */
function copyScript(script: PaymentScript): PaymentScript {
  return { ...script, fail: script.fail && { ...script.fail } };
}

function key(point: string, id: string): string {
  return `${point}:${id}`;
}
