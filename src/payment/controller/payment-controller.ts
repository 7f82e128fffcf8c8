/**
 * The payment scenario as an explicit state machine (docs/payment-flow.md has the diagram):
 *
 *   check-printer → create-qr → show-qr → poll ─┬─→ paid → receipt → PAID_RECEIPT_CLOSED
 *                        │                      ├─→ DECLINED / TIMED_OUT (gateway expiry)
 *                        └──────→ cancel ←──────┘ (deadline, cashier abort, failure)
 *                                   └─→ paid (QrCancel answered PAID) | cancelled | UNRESOLVED
 *
 * Money rules kept here: every step is journaled before its effect leaves the process; no
 * fiscal receipt unless the gateway said PAID; the receipt carries exactly the paid sum; a
 * paid payment that cannot be receipted stays in the journal as "receipt owed".
 */
import { sleep, type Clock, type TimerHandle } from '../../core/clock';
import type { Logger } from '../../core/logger';
import type { GatewayPayment, GatewayState, PaymentGateway, PaymentPrinter } from '../ports';
import type { PaymentOutcome } from '../payment-outcome';
import type { JournalChange, PaymentJournal } from '../journal/payment-journal';
import type { JournalState, JournalStep } from '../journal/journal-states';
import type { Settings } from '../settings/settings';
import { CONTROLLER_TIMING } from './controller-timing';
import { createSurelyRefused, isPaymentNotFound, isRetryable } from './gateway-answers';
import { describeOutcome, qrSlipLines } from './messages';
import {
  summarizeError,
  type CancelCause,
  type ErrorSummary,
  type PaymentEvent,
  type PaymentEventListener,
} from './payment-events';
import type { PreparedPayment } from './payment-request';
import type { PaymentResult } from './payment-result';
import { closeReceiptOnce } from './receipt-closer';

export interface PaymentControllerDeps {
  settings: Settings;
  printer: PaymentPrinter;
  gateway: PaymentGateway;
  journal: PaymentJournal;
  clock: Clock;
  logger: Logger;
}

export interface PayOptions {
  /** The cashier's abort (Ctrl+C, a button): the QR is cancelled at the gateway. */
  signal?: AbortSignal;
  /** Events of this payment only. */
  onEvent?: PaymentEventListener;
}

type Phase = 'check-printer' | 'create-qr' | 'show-qr' | 'poll' | 'cancel' | 'paid' | 'receipt';
type Next = Phase | PaymentResult;

const UNRESOLVED = { state: 'UNRESOLVED', outcome: 'UNRESOLVED' } as const;

/** Runs one prepared payment from start to its outcome; never throws. */
export function runPayment(
  deps: PaymentControllerDeps,
  payment: PreparedPayment,
  options: PayOptions,
  emit: PaymentEventListener,
): Promise<PaymentResult> {
  return new PaymentRun(deps, payment, options, emit).run();
}

class PaymentRun {
  private readonly startedAt: number;
  private readonly deadline: number;
  private readonly log: Logger;
  private paymentId?: string;
  private qrText = '';
  private gatewayState?: GatewayState;
  private cause: CancelCause = 'failure';
  private failure?: ErrorSummary;
  private paidAnswer?: GatewayPayment;
  private cancelTried = false;

  constructor(
    private readonly deps: PaymentControllerDeps,
    private readonly payment: PreparedPayment,
    private readonly options: PayOptions,
    private readonly emitAll: PaymentEventListener,
  ) {
    this.startedAt = deps.clock.now();
    this.deadline = this.startedAt + deps.settings.payment.waitSeconds * 1000;
    this.log = deps.logger.child({ component: 'payment', paySystem: payment.paySystem });
  }

  async run(): Promise<PaymentResult> {
    let next: Next = 'check-printer';
    while (typeof next === 'string') {
      const phase: Phase = next;
      this.log.debug('payment phase', {
        phase,
        paymentId: this.paymentId,
        elapsedMs: this.elapsed(),
      });
      try {
        next = await this.step(phase);
      } catch (error) {
        next = this.unexpected(phase, error);
      }
    }
    const result = next;
    this.log.info('payment finished', {
      paymentId: result.paymentId,
      outcome: result.outcome,
      elapsedMs: result.elapsedMs,
    });
    this.emit({ type: 'finished', result });
    return result;
  }

  private step(phase: Phase): Promise<Next> {
    switch (phase) {
      case 'check-printer':
        return this.checkPrinter();
      case 'create-qr':
        return this.createQr();
      case 'show-qr':
        return this.showQr();
      case 'poll':
        return this.poll();
      case 'cancel':
        return this.cancel();
      case 'paid':
        return Promise.resolve(this.paid());
      case 'receipt':
        return this.receipt();
    }
  }

  // ---- phases ------------------------------------------------------------------------------

  /** A receipt must be possible before money is asked for: ready printer, usable shift. */
  private async checkPrinter(): Promise<Next> {
    // The driver bounds its own waits (busy, paper). No deadline timer is held across the
    // printer's I/O: a self-advancing test clock would jump to it (see VirtualClock).
    try {
      await this.deps.printer.waitUntilReady({ signal: this.options.signal });
      await this.deps.printer.ensureShiftOpen();
    } catch (error) {
      if (this.options.signal?.aborted) return this.finish('CANCELLED_BY_CASHIER');
      return this.finish('FAILED', { error: this.summary(error) });
    }
    if (this.options.signal?.aborted) return this.finish('CANCELLED_BY_CASHIER');
    if (this.pastDeadline()) {
      return this.finish('FAILED', {
        error: {
          code: 'PAYMENT_PRINTER_NOT_READY',
          message: 'the printer was not ready within the payment wait time',
        },
      });
    }
    return 'create-qr';
  }

  private async createQr(): Promise<Next> {
    const { gateway, journal, settings } = this.deps;
    let id: string;
    try {
      id = await gateway.newPaymentId();
    } catch (error) {
      return this.finish('FAILED', { error: this.summary(error) });
    }
    const ttlSeconds = settings.payment.waitSeconds + CONTROLLER_TIMING.qrTtlMarginSeconds;
    journal.begin({ id, ...this.payment, deadline: this.deadline }, { ttlSeconds });
    this.paymentId = id;
    this.log.info('payment state', {
      paymentId: id,
      state: 'CREATING_QR',
      elapsedMs: this.elapsed(),
    });
    this.emit({
      type: 'creating-qr',
      paymentId: id,
      paySystem: this.payment.paySystem,
      amountKopecks: this.payment.amountKopecks,
      deadline: this.deadline,
    });

    let answer: GatewayPayment;
    try {
      answer = await gateway.createQr(
        {
          id,
          paySystem: this.payment.paySystem,
          amountKopecks: this.payment.amountKopecks,
          description: this.payment.description,
          ttlSeconds,
        },
        { deadline: this.deadline, signal: this.options.signal },
      );
    } catch (error) {
      if (this.options.signal?.aborted) return this.cancelBecause('cashier');
      const summary = this.summary(error);
      if (createSurelyRefused(error)) {
        this.record('not-created', {
          state: 'NOT_CREATED',
          outcome: 'FAILED',
          error: line(summary),
        });
        return this.finish('FAILED', { error: summary });
      }
      // The request may have reached the gateway: cancel it to be sure nothing stays payable.
      this.failure = summary;
      return this.cancelBecause(this.pastDeadline() ? 'timeout' : 'failure');
    }

    const settled = this.settledBy(answer);
    if (settled) return settled;
    if (!answer.qr) {
      this.failure = { code: 'PAYMENT_NO_QR', message: 'QrCreate answered without a QR text' };
      return this.cancelBecause('failure');
    }
    this.qrText = answer.qr;
    this.gatewayState = answer.state;
    this.record('qr-issued', {
      state: 'QR_ISSUED',
      gatewayState: answer.state,
      qrText: answer.qr,
      expiresAt: answer.expiresAt,
      wmTranId: answer.wmTranId,
    });
    this.emit({
      type: 'qr-ready',
      paymentId: id,
      qrText: answer.qr,
      paySystem: this.payment.paySystem,
      amountKopecks: this.payment.amountKopecks,
      payBefore: this.deadline,
      expiresAt: answer.expiresAt,
    });
    return 'show-qr';
  }

  private async showQr(): Promise<Next> {
    const display = this.deps.settings.device.display;
    if (display === 'display') return 'poll';

    this.record('printing-qr');
    const printed = await this.printSlip();
    if (printed === true) {
      this.record('qr-printed');
      this.emit({ type: 'qr-printed', paymentId: this.id() });
      return 'poll';
    }
    if (this.options.signal?.aborted) return this.cancelBecause('cashier');
    this.record('qr-print-failed', {}, { error: printed });
    if (display === 'both') {
      // The customer display still shows the QR: go on without the tape.
      this.emit({ type: 'needs-attention', paymentId: this.id(), ...printed });
      return 'poll';
    }
    this.failure = printed;
    return this.cancelBecause(this.pastDeadline() ? 'timeout' : 'failure');
  }

  /** Prints the slip, waiting out a busy printer or paper out; true, or the last error. */
  private async printSlip(): Promise<true | ErrorSummary> {
    const { printer, settings } = this.deps;
    const lines = qrSlipLines(
      {
        paymentId: this.id(),
        paySystem: this.payment.paySystem,
        amountKopecks: this.payment.amountKopecks,
        payBefore: this.deadline,
      },
      settings.locale,
    );
    let last: ErrorSummary = { code: 'DEADLINE', message: 'no time was left to print the QR' };
    for (let attempt = 1; attempt <= CONTROLLER_TIMING.printAttempts; attempt++) {
      if (this.options.signal?.aborted || this.pastDeadline()) break;
      try {
        await printer.waitUntilReady({ signal: this.options.signal });
        await printer.printLines(lines.above);
        await printer.printQr(this.qrText, settings.device.qr);
        await printer.printLines(lines.below);
        await printer.cut();
        return true;
      } catch (error) {
        last = this.summary(error);
        this.log.warn('QR slip not printed', { paymentId: this.paymentId, attempt, error: last });
        if (attempt < CONTROLLER_TIMING.printAttempts && !this.options.signal?.aborted) {
          this.emit({ type: 'printer-waiting', paymentId: this.paymentId, error: last });
        }
      }
    }
    return last;
  }

  private async poll(): Promise<Next> {
    const { gateway, clock, settings } = this.deps;
    const signal = this.options.signal;
    const countdown = this.startCountdown();
    try {
      for (;;) {
        if (signal?.aborted) return this.cancelBecause('cashier');
        if (this.pastDeadline()) return this.cancelBecause('timeout');
        try {
          const answer = await gateway.getState(this.id(), { deadline: this.deadline, signal });
          const settled = this.settledBy(answer);
          if (settled) return settled;
          if (answer.state !== this.gatewayState) {
            this.gatewayState = answer.state;
            this.record('gateway-state', { gatewayState: answer.state });
          }
        } catch (error) {
          if (signal?.aborted) return this.cancelBecause('cashier');
          if (this.pastDeadline()) return this.cancelBecause('timeout');
          if (!isRetryable(error)) {
            this.failure = this.summary(error);
            return this.cancelBecause('failure');
          }
          this.log.warn('state poll failed, polling on', {
            paymentId: this.paymentId,
            error: this.summary(error),
          });
        }
        const wait = Math.min(
          settings.payment.pollIntervalSeconds * 1000,
          this.deadline - clock.now(),
        );
        try {
          if (wait > 0) await sleep(clock, wait, signal);
        } catch {
          return this.cancelBecause('cashier');
        }
      }
    } finally {
      countdown.cancel();
    }
  }

  /** QrCancel; its answer is final: PAID means paid, even after the deadline. */
  private async cancel(): Promise<Next> {
    const { gateway, clock } = this.deps;
    this.cancelTried = true;
    this.record('cancelling', { state: 'CANCELLING' }, { cause: this.cause, error: this.failure });
    this.emit({ type: 'cancelling', paymentId: this.id(), cause: this.cause });

    let answer: GatewayPayment;
    try {
      answer = await gateway.cancel(this.id(), {
        deadline: clock.now() + CONTROLLER_TIMING.cancelBudgetMs,
      });
    } catch (error) {
      if (isPaymentNotFound(error)) {
        // QrCreate never reached the gateway: there is nothing that could be paid.
        this.record('not-created', { state: 'NOT_CREATED', outcome: this.cancelOutcome() });
        return this.cancelled();
      }
      return this.unresolved(this.summary(error));
    }

    switch (answer.state) {
      case 'PAID':
        this.paidAnswer = answer;
        return 'paid';
      case 'REJECTED':
        return this.declined(answer, 'DECLINED');
      case 'CANCELLED':
      case 'EXPIRED':
        this.record('cancelled', {
          state: answer.state,
          gatewayState: answer.state,
          outcome: this.cancelOutcome(),
          error: this.failure && line(this.failure),
        });
        return this.cancelled();
      default:
        return this.unresolved({
          code: 'PAYMENT_CANCEL_NOT_FINAL',
          message: `QrCancel answered ${answer.state} instead of a final state`,
        });
    }
  }

  private paid(): Next {
    const answer = this.paidAnswer as GatewayPayment;
    const paid = answer.paidKopecks;
    this.gatewayState = 'PAID';
    this.record('paid', {
      state: 'PAID',
      gatewayState: 'PAID',
      paidKopecks: paid,
      wmTranId: answer.wmTranId,
    });
    this.emit({
      type: 'paid',
      paymentId: this.id(),
      paidKopecks: paid ?? this.payment.amountKopecks,
      wmTranId: answer.wmTranId,
    });
    if (paid !== this.payment.amountKopecks) {
      // The receipt must carry exactly the confirmed sum, and that sum is not the sale's.
      const error = {
        code: 'PAYMENT_AMOUNT_MISMATCH',
        message:
          paid === undefined
            ? 'the gateway reported PAID without the paid sum'
            : `paid ${paid} kopecks, asked ${this.payment.amountKopecks}`,
      };
      return this.needsAttention(
        'amount-mismatch',
        { state: 'AMOUNT_MISMATCH', outcome: 'PAID_AMOUNT_MISMATCH' },
        error,
      );
    }
    return 'receipt';
  }

  private async receipt(): Promise<Next> {
    const { printer, journal } = this.deps;
    this.emit({ type: 'printing-receipt', paymentId: this.id() });
    const entry = journal.get(this.id());
    if (!entry) throw new Error(`payment ${this.id()} vanished from the journal`);
    const closing = await closeReceiptOnce(
      {
        printer,
        journal,
        logger: this.log,
        onPrinterTrouble: (error) =>
          this.emit({ type: 'printer-waiting', paymentId: this.paymentId, error }),
      },
      entry,
    );
    if (closing.closed) {
      this.log.info('payment state', { paymentId: this.id(), state: 'RECEIPT_CLOSED' });
      this.emit({
        type: 'receipt-closed',
        paymentId: this.id(),
        documentNumber: closing.documentNumber,
        fiscalSign: closing.fiscalSign,
      });
      return this.finish('PAID_RECEIPT_CLOSED', {
        fiscalDocumentNumber: closing.documentNumber,
        fiscalSign: closing.fiscalSign,
      });
    }
    this.log.error('paid, receipt owed', { paymentId: this.id(), error: closing.error });
    this.emit({ type: 'needs-attention', paymentId: this.id(), ...closing.error });
    return this.finish('PAID_RECEIPT_OWED', { error: closing.error });
  }

  // ---- endings -----------------------------------------------------------------------------

  /** A gateway answer that ends the wait, or undefined while the customer may still pay. */
  private settledBy(answer: GatewayPayment): Next | undefined {
    switch (answer.state) {
      case 'PAID':
        this.paidAnswer = answer;
        return 'paid';
      case 'REJECTED':
        return this.declined(answer, 'DECLINED');
      case 'CANCELLED':
        return this.declined(answer, 'CANCELLED');
      case 'EXPIRED':
        this.record('expired', { state: 'EXPIRED', gatewayState: 'EXPIRED', outcome: 'TIMED_OUT' });
        this.emit({ type: 'timed-out', paymentId: this.id() });
        return this.finish('TIMED_OUT');
      default:
        return undefined;
    }
  }

  private declined(answer: GatewayPayment, state: 'DECLINED' | 'CANCELLED'): PaymentResult {
    const reason =
      answer.reason ??
      (answer.state === 'CANCELLED' ? 'cancelled at the gateway' : 'no reason given');
    this.record('declined', { state, gatewayState: answer.state, reason, outcome: 'DECLINED' });
    this.emit({ type: 'declined', paymentId: this.id(), reason });
    return this.finish('DECLINED', { reason });
  }

  private cancelBecause(cause: CancelCause): Phase {
    this.cause = cause;
    return 'cancel';
  }

  private cancelOutcome(): PaymentOutcome {
    if (this.cause === 'timeout') return 'TIMED_OUT';
    return this.cause === 'cashier' ? 'CANCELLED_BY_CASHIER' : 'FAILED';
  }

  private cancelled(): PaymentResult {
    if (this.cause === 'timeout') this.emit({ type: 'timed-out', paymentId: this.id() });
    else this.emit({ type: 'cancelled', paymentId: this.id(), cause: this.cause });
    return this.finish(this.cancelOutcome(), { error: this.failure });
  }

  private unresolved(error: ErrorSummary): PaymentResult {
    return this.needsAttention('unresolved', UNRESOLVED, error);
  }

  /** Ends a payment a person must look at: records why, tells listeners, returns it. */
  private needsAttention(
    step: JournalStep,
    change: { state: JournalState; outcome: PaymentOutcome },
    error: ErrorSummary,
    write: (record: () => void) => void = (record) => record(),
  ): PaymentResult {
    write(() => this.record(step, { ...change, error: line(error) }));
    this.emit({ type: 'needs-attention', paymentId: this.id(), ...error });
    return this.finish(change.outcome, { error });
  }

  /** A step threw where no error was expected (e.g. the journal's disk failed). */
  private unexpected(phase: Phase, error: unknown): Next {
    const summary = this.summary(error);
    this.log.error('payment step failed', { phase, paymentId: this.paymentId, error: summary });
    const safely = (fn: () => void) => {
      try {
        fn();
      } catch (again) {
        this.log.error('journal write failed', { paymentId: this.paymentId, error: String(again) });
      }
    };
    if (this.paidAnswer && (phase === 'paid' || phase === 'receipt')) {
      const owed = { state: 'RECEIPT_OWED', outcome: 'PAID_RECEIPT_OWED' } as const;
      return this.needsAttention('receipt-owed', owed, summary, safely);
    }
    if (!this.paymentId) return this.finish('FAILED', { error: summary });
    if (this.cancelTried) return this.needsAttention('unresolved', UNRESOLVED, summary, safely);
    this.failure = summary;
    return this.cancelBecause(this.options.signal?.aborted ? 'cashier' : 'failure');
  }

  private finish(outcome: PaymentOutcome, extra: Partial<PaymentResult> = {}): PaymentResult {
    const base = {
      paymentId: this.paymentId,
      paySystem: this.payment.paySystem,
      paymentNumber: this.payment.paymentNumber,
      amountKopecks: this.payment.amountKopecks,
      paidKopecks: this.paidAnswer?.paidKopecks,
      wmTranId: this.paidAnswer?.wmTranId,
      elapsedMs: this.elapsed(),
      ...extra,
    };
    return {
      outcome,
      ...base,
      message: describeOutcome(outcome, base, this.deps.settings.locale),
    };
  }

  // ---- helpers -----------------------------------------------------------------------------

  private record(
    step: JournalStep,
    change: JournalChange = {},
    data?: Record<string, unknown>,
  ): void {
    this.deps.journal.record(this.id(), step, change, data);
    if (change.state) {
      this.log.info('payment state', {
        paymentId: this.paymentId,
        state: change.state,
        step,
        elapsedMs: this.elapsed(),
      });
    }
  }

  private startCountdown(): TimerHandle {
    const { clock } = this.deps;
    let handle: TimerHandle | undefined;
    const tick = () => {
      const secondsLeft = Math.max(0, Math.ceil((this.deadline - clock.now()) / 1000));
      this.emit({
        type: 'waiting',
        paymentId: this.id(),
        secondsLeft,
        gatewayState: this.gatewayState,
      });
      handle = clock.setTimer(CONTROLLER_TIMING.countdownTickMs, tick);
    };
    tick();
    return { cancel: () => handle?.cancel() };
  }

  private emit(event: PaymentEvent): void {
    for (const listener of [this.options.onEvent, this.emitAll]) {
      try {
        listener?.(event);
      } catch (error) {
        // A broken UI must not break a payment.
        this.log.warn('event listener threw', { event: event.type, error: String(error) });
      }
    }
  }

  private summary(error: unknown): ErrorSummary {
    return summarizeError(error, this.deps.settings.locale);
  }

  private id(): string {
    if (this.paymentId === undefined) throw new Error('no payment id yet');
    return this.paymentId;
  }

  private pastDeadline(): boolean {
    return this.deps.clock.now() >= this.deadline;
  }

  private elapsed(): number {
    return this.deps.clock.now() - this.startedAt;
  }
}

function line(error: ErrorSummary): string {
  return `${error.code}: ${error.message}`;
}
