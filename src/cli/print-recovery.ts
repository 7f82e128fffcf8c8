/**
 * What recovery did, one line a payment, for `wmqr pay`, `wmqr recover` and `wmqr serve`:
 * the same lines wherever unfinished payments are finished.
 */
import type { RecoveryReport } from '../payment/controller/recovery';
import { writeLine } from './cli-context';

export interface PrintRecoveryOptions {
  /** Say "nothing to recover" when there was nothing (`wmqr recover`). */
  sayNothing?: boolean;
  /** What to do about payments still open, e.g. `run "wmqr recover" again`. */
  remainingHint: string;
}

export function printRecovery(
  report: RecoveryReport,
  out: NodeJS.WritableStream,
  options: PrintRecoveryOptions,
): void {
  // Nothing recovered means nothing is left: every unfinished one is in `payments`.
  if (report.payments.length === 0) {
    if (options.sayNothing) writeLine(out, 'nothing to recover');
    return;
  }
  for (const p of report.payments) {
    const doc = p.fiscalDocumentNumber === undefined ? '' : ` document=${p.fiscalDocumentNumber}`;
    const error = p.error ? ` error=${p.error.code}` : '';
    writeLine(
      out,
      `recovered payment ${p.paymentId}: ${p.from} -> ${p.to} (${p.action})${doc}${error}`,
    );
  }
  if (report.remaining > 0) {
    writeLine(out, `${report.remaining} payment(s) still need attention: ${options.remainingHint}`);
  }
}
