/**
 * A PaymentGateway in memory, for controller tests. Each payment follows a script (pay after
 * N polls, reject, fail for a while, answer the cancel with PAID, ...); every call is
 * recorded with its clock time. Errors look like the real client's: `code` + `retryable`.
 */
import type { Clock } from '../../core/clock';
import { AbortedError, WmqrError } from '../../core/errors';
import type { Kopecks } from '../../core/money';
import type {
  GatewayCallOptions,
  GatewayPayment,
  GatewayState,
  PaymentGateway,
  QrCreateRequest,
} from '../ports';

export interface FakeScript {
  /** PAID on this poll (1 = the first QrState). */
  payOnPoll?: number;
  /** The sum the customer pays (default: the asked amount). */
  paidKopecks?: Kopecks;
  /** REJECTED with this reason on poll `rejectOnPoll`. */
  rejectOnPoll?: number;
  rejectReason?: string;
  /** These polls (1-based) fail with a retryable error. */
  failPolls?: number[];
  /** QrCreate throws this (once); the payment is or is not stored according to `createdAnyway`. */
  createError?: Error;
  createdAnyway?: boolean;
  /** QrCancel finds the payment paid (it landed just before the cancel). */
  paidBeforeCancel?: boolean;
  /** QrCancel throws this. */
  cancelError?: Error;
  /** QrState throws this (every time). */
  stateError?: Error;
}

interface StoredPayment {
  request: QrCreateRequest;
  state: GatewayState;
  polls: number;
  paidKopecks?: Kopecks;
  reason?: string;
  wmTranId?: string;
}

export interface FakeCall {
  op: 'newPaymentId' | 'createQr' | 'getState' | 'cancel';
  id?: string;
  at: number;
  deadline?: number;
}

export class FakeGateway implements PaymentGateway {
  readonly calls: FakeCall[] = [];
  readonly payments = new Map<string, StoredPayment>();
  /** Script for the next created payment. */
  next: FakeScript = {};
  private readonly scripts = new Map<string, FakeScript>();
  private lastId = 5000;
  /** Called at the start of each call: tests look at the journal at that moment. */
  onCall?: (call: FakeCall) => void;

  constructor(private readonly clock: Clock) {}

  async newPaymentId(): Promise<string> {
    this.note({ op: 'newPaymentId', at: this.clock.now() });
    return String(++this.lastId);
  }

  async createQr(request: QrCreateRequest, options: GatewayCallOptions): Promise<GatewayPayment> {
    this.note({ op: 'createQr', id: request.id, at: this.clock.now(), deadline: options.deadline });
    if (options.signal?.aborted) throw new AbortedError('QrCreate');
    const script = this.next;
    this.next = {};
    this.scripts.set(request.id, script);
    if (script.createError) {
      if (script.createdAnyway) this.store(request);
      throw script.createError;
    }
    return this.view(request.id, this.store(request));
  }

  async getState(id: string, options: GatewayCallOptions): Promise<GatewayPayment> {
    this.note({ op: 'getState', id, at: this.clock.now(), deadline: options.deadline });
    const p = this.mustFind(id);
    const script = this.scripts.get(id) ?? {};
    if (script.stateError) throw script.stateError;
    p.polls++;
    if (script.failPolls?.includes(p.polls)) throw gatewayError('GATEWAY_TEMPORARY', true);
    if (p.state === 'NEW' || p.state === 'WAITING') {
      if (script.payOnPoll === p.polls) this.pay(id, script.paidKopecks);
      else if (script.rejectOnPoll === p.polls) {
        p.state = 'REJECTED';
        p.reason = script.rejectReason ?? 'insufficient funds';
      } else p.state = 'WAITING';
    }
    return this.view(id, p);
  }

  async cancel(id: string, options: GatewayCallOptions): Promise<GatewayPayment> {
    this.note({ op: 'cancel', id, at: this.clock.now(), deadline: options.deadline });
    const script = this.scripts.get(id) ?? {};
    if (script.cancelError) throw script.cancelError;
    const p = this.mustFind(id);
    if (script.paidBeforeCancel && (p.state === 'NEW' || p.state === 'WAITING')) {
      this.pay(id, script.paidKopecks);
    }
    if (p.state === 'NEW' || p.state === 'WAITING') p.state = 'CANCELLED';
    return this.view(id, p);
  }

  /** The customer pays now (outside any poll). */
  pay(id: string, kopecks?: Kopecks): void {
    const p = this.mustFind(id);
    p.state = 'PAID';
    p.paidKopecks = kopecks ?? p.request.amountKopecks;
    p.wmTranId = `9${id}`;
  }

  /** Gives a payment created elsewhere (e.g. by a crashed run) a script. */
  script(id: string, script: FakeScript): void {
    this.scripts.set(id, script);
  }

  ops(id?: string): string[] {
    return this.calls.filter((c) => id === undefined || c.id === id).map((c) => c.op);
  }

  private store(request: QrCreateRequest): StoredPayment {
    const p: StoredPayment = { request, state: 'NEW', polls: 0 };
    this.payments.set(request.id, p);
    return p;
  }

  private view(id: string, p: StoredPayment): GatewayPayment {
    return {
      id,
      state: p.state,
      qr: `https://qr.nspk.ru/AD${id}?sum=${p.request.amountKopecks}`,
      expiresAt: this.clock.now() + p.request.ttlSeconds * 1000,
      wmTranId: p.wmTranId,
      paidKopecks: p.state === 'PAID' ? p.paidKopecks : undefined,
      reason: p.reason,
    };
  }

  private mustFind(id: string): StoredPayment {
    const p = this.payments.get(id);
    if (!p) throw gatewayError('GATEWAY_NOT_FOUND', false);
    return p;
  }

  private note(call: FakeCall): void {
    this.calls.push(call);
    this.onCall?.(call);
  }
}

export function gatewayError(code: string, retryable: boolean): WmqrError & { retryable: boolean } {
  return Object.assign(new WmqrError(code, `fake gateway: ${code}`), { retryable });
}
