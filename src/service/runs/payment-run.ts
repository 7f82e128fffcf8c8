/**
 * One payment started through the HTTP service, as the service follows it: its status, the
 * last event, the QR, the seconds left, the result, and the events a late or reconnecting
 * follower replays. Built only from the payment core's events.
 */
import type { Kopecks } from '../../core/money';
import type { PaymentEvent } from '../../payment/controller/payment-events';
import type { PaymentResult } from '../../payment/controller/payment-result';
import type { PaySystem, ReceiptItem } from '../../payment/ports';

export const RUN_STATUSES = [
  /** Accepted; the printer is being checked. */
  'starting',
  /** Asking the gateway for the QR code. */
  'creating-qr',
  /** The QR is out (tape and/or display); polling the gateway. */
  'awaiting-payment',
  /** Cancelling the QR at the gateway (timeout, cashier, failure); the answer is final. */
  'cancelling',
  /** The gateway confirmed the payment; the fiscal receipt is being printed. */
  'paid',
  /** Ended: `result.outcome` says how. */
  'finished',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The service's own first event of every run, before the controller's. */
export interface StartedEvent {
  type: 'started';
  paySystem: PaySystem;
  amountKopecks: Kopecks;
}

export type RunEventPayload = StartedEvent | PaymentEvent;

export interface RunEvent {
  /** Increasing across all runs: the SSE id, for Last-Event-ID. */
  seq: number;
  runId: string;
  /** Clock time. */
  at: number;
  event: RunEventPayload;
}

export interface RunSpec {
  id: string;
  createdAt: number;
  paySystem: PaySystem;
  amountKopecks: Kopecks;
  items: ReceiptItem[];
  description?: string;
  idempotencyKey?: string;
}

/** Followers catch up from these; one countdown tick stands for all earlier ones. */
const MAX_KEPT_EVENTS = 200;

export class PaymentRun {
  readonly abort = new AbortController();
  readonly events: RunEvent[] = [];
  status: RunStatus = 'starting';
  paymentId?: string;
  deadline?: number;
  qrText?: string;
  expiresAt?: number;
  /** What the gateway says the customer paid (from the 'paid' event). */
  paidKopecks?: Kopecks;
  lastEvent?: RunEventPayload;
  result?: PaymentResult;
  /** Clock time of the 'finished' event. */
  endedAt?: number;
  cancelRequested = false;
  /** Settles when the run has finished (never rejects); set by PaymentRuns.start(). */
  done!: Promise<PaymentResult>;

  constructor(readonly spec: RunSpec) {}

  get id(): string {
    return this.spec.id;
  }

  get finished(): boolean {
    return this.status === 'finished';
  }

  /** Seconds until the overall deadline; undefined before it is known and after the end. */
  secondsLeft(now: number): number | undefined {
    if (this.finished || this.deadline === undefined) return undefined;
    return Math.max(0, Math.ceil((this.deadline - now) / 1000));
  }

  apply(entry: RunEvent): void {
    const event = entry.event;
    this.lastEvent = event;
    this.keep(entry);
    switch (event.type) {
      case 'creating-qr':
        this.status = 'creating-qr';
        this.paymentId = event.paymentId;
        this.deadline = event.deadline;
        break;
      case 'qr-ready':
        this.status = 'awaiting-payment';
        this.qrText = event.qrText;
        this.expiresAt = event.expiresAt;
        this.deadline = event.payBefore;
        break;
      case 'qr-printed':
      case 'waiting':
        if (this.status === 'creating-qr') this.status = 'awaiting-payment';
        break;
      case 'cancelling':
        this.status = 'cancelling';
        break;
      case 'paid':
        this.status = 'paid';
        this.paidKopecks = event.paidKopecks;
        break;
      case 'printing-receipt':
        this.status = 'paid';
        break;
      case 'finished':
        this.status = 'finished';
        this.result = event.result;
        this.endedAt = entry.at;
        this.paymentId ??= event.result.paymentId;
        break;
      default:
        break;
    }
  }

  private keep(entry: RunEvent): void {
    const last = this.events.at(-1);
    if (last?.event.type === 'waiting' && entry.event.type === 'waiting') {
      this.events[this.events.length - 1] = entry;
      return;
    }
    this.events.push(entry);
    // Drop the oldest but keep 'started' so a follower always learns the amount.
    if (this.events.length > MAX_KEPT_EVENTS) this.events.splice(1, 1);
  }
}
