/**
 * Finishes what a crash, a power cut, a dead printer or an unreachable gateway left open.
 * Run at start (before the next payment) and by `wmqr recover`. For each unfinished journal
 * entry: a known-paid one gets its receipt, exactly once (see receipt-closer.ts); any other is
 * looked up at the gateway — paid → receipt, still payable → QrCancel (its answer final),
 * ended → recorded. Nothing is charged twice; nothing paid is forgotten.
 */
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import type { GatewayPayment, PaymentGateway, PaymentPrinter } from '../ports';
import type { PaymentOutcome } from '../payment-outcome';
import type { JournalEntry, PaymentJournal } from '../journal/payment-journal';
import type { JournalState } from '../journal/journal-states';
import { CONTROLLER_TIMING } from './controller-timing';
import { isPaymentNotFound } from './gateway-answers';
import { summarizeError, type ErrorSummary } from './payment-events';
import { closeReceiptOnce } from './receipt-closer';

export interface RecoveryDeps {
  printer: PaymentPrinter;
  gateway: PaymentGateway;
  journal: PaymentJournal;
  clock: Clock;
  logger: Logger;
}

export type RecoveryAction =
  | 'receipt-printed'
  | 'receipt-found-closed'
  | 'receipt-still-owed'
  | 'amount-mismatch'
  | 'cancelled'
  | 'declined'
  | 'expired'
  | 'not-created'
  | 'still-unresolved';

export interface RecoveredPayment {
  paymentId: string;
  from: JournalState;
  to: JournalState;
  action: RecoveryAction;
  fiscalDocumentNumber?: number;
  error?: ErrorSummary;
}

export interface RecoveryReport {
  payments: RecoveredPayment[];
  /** How many are still unfinished afterwards (owed receipts, unreachable gateway). */
  remaining: number;
}

const KNOWN_PAID: readonly JournalState[] = ['PAID', 'PRINTING_RECEIPT', 'RECEIPT_OWED'];

export async function recoverPayments(deps: RecoveryDeps): Promise<RecoveryReport> {
  const log = deps.logger.child({ component: 'recovery' });
  const payments: RecoveredPayment[] = [];
  for (const entry of deps.journal.unfinished()) {
    log.info('recovering payment', { paymentId: entry.id, state: entry.state });
    deps.journal.record(entry.id, 'recovery', {}, { state: entry.state });
    const done = KNOWN_PAID.includes(entry.state)
      ? await printOwed(deps, entry, log)
      : await askGateway(deps, entry, log);
    log.info('recovered payment', { ...done });
    payments.push(done);
  }
  return { payments, remaining: deps.journal.unfinished().length };
}

async function askGateway(
  deps: RecoveryDeps,
  entry: JournalEntry,
  log: Logger,
): Promise<RecoveredPayment> {
  const { gateway, journal, clock } = deps;
  const deadline = () => ({ deadline: clock.now() + CONTROLLER_TIMING.recoveryCallBudgetMs });
  let answer: GatewayPayment;
  try {
    answer = await gateway.getState(entry.id, deadline());
    if (answer.state === 'NEW' || answer.state === 'WAITING') {
      journal.record(
        entry.id,
        'cancelling',
        { state: 'CANCELLING', gatewayState: answer.state },
        {
          cause: 'recovery',
        },
      );
      answer = await gateway.cancel(entry.id, deadline());
    }
  } catch (error) {
    if (isPaymentNotFound(error)) {
      journal.record(entry.id, 'not-created', {
        state: 'NOT_CREATED',
        outcome: endedOutcome(journal, entry, 'FAILED'),
      });
      return { paymentId: entry.id, from: entry.state, to: 'NOT_CREATED', action: 'not-created' };
    }
    const summary = summarizeError(error);
    log.warn('gateway not reachable for recovery', { paymentId: entry.id, error: summary });
    journal.record(entry.id, 'unresolved', {
      state: 'UNRESOLVED',
      outcome: 'UNRESOLVED',
      error: `${summary.code}: ${summary.message}`,
    });
    return {
      paymentId: entry.id,
      from: entry.state,
      to: 'UNRESOLVED',
      action: 'still-unresolved',
      error: summary,
    };
  }

  switch (answer.state) {
    case 'PAID': {
      const paid = journal.record(entry.id, 'paid', {
        state: 'PAID',
        gatewayState: 'PAID',
        paidKopecks: answer.paidKopecks,
        wmTranId: answer.wmTranId,
      });
      if (answer.paidKopecks !== entry.amountKopecks) {
        journal.record(entry.id, 'amount-mismatch', {
          state: 'AMOUNT_MISMATCH',
          outcome: 'PAID_AMOUNT_MISMATCH',
        });
        return {
          paymentId: entry.id,
          from: entry.state,
          to: 'AMOUNT_MISMATCH',
          action: 'amount-mismatch',
        };
      }
      return { ...(await printOwed(deps, paid, log)), from: entry.state };
    }
    case 'REJECTED':
      journal.record(entry.id, 'declined', {
        state: 'DECLINED',
        gatewayState: 'REJECTED',
        reason: answer.reason,
        outcome: 'DECLINED',
      });
      return { paymentId: entry.id, from: entry.state, to: 'DECLINED', action: 'declined' };
    case 'CANCELLED':
    case 'EXPIRED':
      journal.record(entry.id, answer.state === 'EXPIRED' ? 'expired' : 'cancelled', {
        state: answer.state,
        gatewayState: answer.state,
        outcome: endedOutcome(deps.journal, entry, 'TIMED_OUT'),
      });
      return {
        paymentId: entry.id,
        from: entry.state,
        to: answer.state,
        action: answer.state === 'EXPIRED' ? 'expired' : 'cancelled',
      };
    default: {
      const error = {
        code: 'PAYMENT_CANCEL_NOT_FINAL',
        message: `QrCancel answered ${answer.state} instead of a final state`,
      };
      journal.record(entry.id, 'unresolved', {
        state: 'UNRESOLVED',
        outcome: 'UNRESOLVED',
        error: `${error.code}: ${error.message}`,
      });
      return {
        paymentId: entry.id,
        from: entry.state,
        to: 'UNRESOLVED',
        action: 'still-unresolved',
        error,
      };
    }
  }
}

async function printOwed(
  deps: RecoveryDeps,
  entry: JournalEntry,
  log: Logger,
): Promise<RecoveredPayment> {
  const closing = await closeReceiptOnce(
    { printer: deps.printer, journal: deps.journal, logger: log },
    entry,
  );
  if (closing.closed) {
    return {
      paymentId: entry.id,
      from: entry.state,
      to: 'RECEIPT_CLOSED',
      action: closing.foundClosed ? 'receipt-found-closed' : 'receipt-printed',
      fiscalDocumentNumber: closing.documentNumber,
    };
  }
  return {
    paymentId: entry.id,
    from: entry.state,
    to: 'RECEIPT_OWED',
    action: 'receipt-still-owed',
    error: closing.error,
  };
}

/** Why an unpaid payment ended, from the cause journaled when its cancel began. */
function endedOutcome(
  journal: PaymentJournal,
  entry: JournalEntry,
  otherwise: PaymentOutcome,
): PaymentOutcome {
  const cancelling = journal
    .events(entry.id)
    .filter((e) => e.step === 'cancelling')
    .at(0);
  const cause = cancelling?.data?.cause;
  if (cause === 'cashier') return 'CANCELLED_BY_CASHIER';
  if (cause === 'failure') return 'FAILED';
  if (cause === 'timeout') return 'TIMED_OUT';
  return otherwise;
}
