/**
 * The payments the HTTP service runs: at most one at a time (the printer is one device),
 * each in the background with its own AbortController for the cashier's cancel, followed
 * through the payment core's events and kept in memory for a while after it ended (the
 * journal keeps everything for good).
 */
import crypto from 'node:crypto';
import type { Clock } from '../../core/clock';
import { WmqrError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { summarizeError } from '../../payment/controller/payment-events';
import { preparePayment, type PaymentRequest } from '../../payment/controller/payment-request';
import type { PaymentResult } from '../../payment/controller/payment-result';
import type { PaymentService } from '../../payment/payment-service';
import { ServiceRequestError } from '../service-errors';
import { PaymentRun, type RunEvent, type RunEventPayload } from './payment-run';

export interface PaymentRunsOptions {
  service: PaymentService;
  clock: Clock;
  logger: Logger;
  /** Finished runs kept in memory. */
  keep: number;
}

export type RunListener = (run: PaymentRun, entry: RunEvent) => void;

export class PaymentRuns {
  private readonly runs: PaymentRun[] = [];
  private readonly listeners = new Set<RunListener>();
  private seq = 0;
  private active?: PaymentRun;
  private stoppingNow = false;

  constructor(private readonly options: PaymentRunsOptions) {}

  get stopping(): boolean {
    return this.stoppingNow;
  }

  /** The running payment, if any. */
  running(): PaymentRun | undefined {
    return this.active;
  }

  /** The running payment, else the one that ended last. */
  current(): PaymentRun | undefined {
    return this.active ?? this.runs.at(-1);
  }

  /** Newest first. */
  list(): PaymentRun[] {
    return [...this.runs].reverse();
  }

  /** By the service's id, or by the gateway payment id (the journal's id). */
  get(id: string): PaymentRun | undefined {
    return this.runs.find((r) => r.id === id) ?? this.runs.find((r) => r.paymentId === id);
  }

  mustGet(id: string): PaymentRun {
    const run = this.get(id);
    if (!run) {
      throw new ServiceRequestError(
        'PAYMENT_NOT_FOUND',
        `No payment ${id} among the last ${this.options.keep} started by this service; ` +
          `older ones are in the journal: GET /v1/journal/${id}`,
      );
    }
    return run;
  }

  /** The last sequence number given out (SSE ids). */
  lastSeq(): number {
    return this.seq;
  }

  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a payment in the background. The request is checked first (PaymentRequestError);
   * PAYMENT_BUSY when one is running. With an idempotency key seen before for the same
   * request, the earlier run is returned (`created: false`) instead of a second payment.
   */
  start(request: PaymentRequest, idempotencyKey?: string): { run: PaymentRun; created: boolean } {
    const { service, clock, logger } = this.options;
    if (this.stoppingNow) {
      throw new WmqrError('SERVICE_STOPPING', 'The service is stopping: no new payments');
    }
    const prepared = preparePayment(request, service.settings);
    if (idempotencyKey !== undefined) {
      const earlier = this.runs.find((r) => r.spec.idempotencyKey === idempotencyKey);
      if (earlier) {
        return { run: this.sameRequest(earlier, prepared, idempotencyKey), created: false };
      }
    }
    if (this.active || service.busy) {
      const current = this.active?.id;
      throw new WmqrError(
        'PAYMENT_BUSY',
        current
          ? `Payment ${current} is still running: wait for it to finish or cancel it first`
          : 'The till is busy (recovery or payment name setup): try again in a moment',
        { details: current ? { current, href: `/v1/payments/${current}` } : {} },
      );
    }

    const run = new PaymentRun({
      id: newRunId(clock.now()),
      createdAt: clock.now(),
      paySystem: prepared.paySystem,
      amountKopecks: prepared.amountKopecks,
      items: prepared.items,
      description: request.description,
      idempotencyKey,
    });
    this.active = run;
    this.runs.push(run);
    this.prune();
    this.publish(run, {
      type: 'started',
      paySystem: prepared.paySystem,
      amountKopecks: prepared.amountKopecks,
    });
    logger.info('payment started over http', { runId: run.id, paySystem: prepared.paySystem });

    run.done = service
      .pay(request, { signal: run.abort.signal, onEvent: (e) => this.publish(run, e) })
      .catch((error: unknown) => this.notStarted(run, error))
      .then((result) => {
        // The controller's own 'finished' normally came first; this covers any other path.
        if (!run.finished) this.publish(run, { type: 'finished', result });
        if (this.active === run) this.active = undefined;
        return result;
      });
    return { run, created: true };
  }

  /** The cashier's abort: the controller cancels the QR at the gateway, answer final. */
  cancel(id: string): PaymentRun {
    const run = this.mustGet(id);
    if (run.finished) {
      throw new ServiceRequestError(
        'PAYMENT_ALREADY_FINISHED',
        `Payment ${run.id} has already ended (${run.result?.outcome}): nothing to cancel`,
        { details: { outcome: run.result?.outcome } },
      );
    }
    if (!run.cancelRequested) {
      run.cancelRequested = true;
      this.options.logger.info('cancel requested over http', { runId: run.id });
      run.abort.abort(new Error('cancelled by the cashier'));
    }
    return run;
  }

  /** Refuses new payments, cancels the running one safely and waits until it has ended. */
  async stop(): Promise<void> {
    this.stoppingNow = true;
    const run = this.active;
    if (!run) return;
    run.cancelRequested = true;
    if (!run.abort.signal.aborted) run.abort.abort(new Error('the service is stopping'));
    await run.done;
  }

  private publish(run: PaymentRun, event: RunEventPayload): void {
    const entry: RunEvent = { seq: ++this.seq, runId: run.id, at: this.options.clock.now(), event };
    run.apply(entry);
    for (const listener of this.listeners) {
      try {
        listener(run, entry);
      } catch (error) {
        // A broken follower (a closed socket) must not disturb the payment.
        this.options.logger.warn('run listener threw', { error: String(error) });
      }
    }
  }

  private notStarted(run: PaymentRun, error: unknown): PaymentResult {
    const summary = summarizeError(error, this.options.service.settings.locale);
    this.options.logger.error('payment did not start', { runId: run.id, error: summary });
    return {
      outcome: 'FAILED',
      paySystem: run.spec.paySystem,
      paymentNumber:
        this.options.service.settings.paymentTypes[run.spec.paySystem]?.paymentNumber ?? 0,
      amountKopecks: run.spec.amountKopecks,
      error: summary,
      message: summary.message,
      elapsedMs: this.options.clock.now() - run.spec.createdAt,
    };
  }

  private sameRequest(
    earlier: PaymentRun,
    prepared: ReturnType<typeof preparePayment>,
    key: string,
  ): PaymentRun {
    const same =
      earlier.spec.paySystem === prepared.paySystem &&
      earlier.spec.amountKopecks === prepared.amountKopecks &&
      JSON.stringify(earlier.spec.items) === JSON.stringify(prepared.items);
    if (!same) {
      throw new ServiceRequestError(
        'HTTP_IDEMPOTENCY_KEY_REUSED',
        `Idempotency-Key "${key}" was used for payment ${earlier.id} with another system, ` +
          'amount or items: use a new key for a new sale',
        { details: { id: earlier.id } },
      );
    }
    return earlier;
  }

  private prune(): void {
    while (this.runs.length > this.options.keep) {
      const index = this.runs.findIndex((r) => r !== this.active);
      if (index < 0) return;
      this.runs.splice(index, 1);
    }
  }
}

/** Letters and digits, never only digits: cannot be mistaken for a gateway payment id. */
function newRunId(now: number): string {
  return `r${now.toString(36)}${crypto.randomBytes(3).toString('hex')}`;
}
