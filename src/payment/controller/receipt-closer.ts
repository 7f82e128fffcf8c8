/**
 * Closes the fiscal receipt of a paid payment exactly once, whether called right after the
 * payment or by recovery after a crash, a lost answer or a dead printer.
 *
 * Before each try it looks at the device: a last document number above the one journaled
 * before the previous try means that try did close the receipt (only its answer was lost);
 * an open receipt is a half-printed one of ours and is cancelled before printing anew.
 */
import type { Logger } from '../../core/logger';
import type { FiscalReceiptRequest, PaymentPrinter } from '../ports';
import type { JournalEntry, PaymentJournal } from '../journal/payment-journal';
import { CONTROLLER_TIMING } from './controller-timing';
import { summarizeError, type ErrorSummary } from './payment-events';

export type ReceiptClosing =
  | { closed: true; documentNumber?: number; fiscalSign?: number; foundClosed: boolean }
  | { closed: false; error: ErrorSummary };

export interface ReceiptCloserDeps {
  printer: PaymentPrinter;
  journal: PaymentJournal;
  logger: Logger;
  /** Called when a try failed and the printer is being waited for. */
  onPrinterTrouble?: (error: ErrorSummary) => void;
  attempts?: number;
}

export async function closeReceiptOnce(
  deps: ReceiptCloserDeps,
  entry: JournalEntry,
): Promise<ReceiptClosing> {
  const { printer, journal, logger } = deps;
  const attempts = deps.attempts ?? CONTROLLER_TIMING.printAttempts;
  let docBefore = entry.docBefore;
  let lastError: ErrorSummary = { code: 'RECEIPT_NOT_TRIED', message: 'no attempt was made' };

  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await printer.waitUntilReady();
      let doc = await printer.documentState();
      if (docBefore !== undefined && doc.lastDocumentNumber > docBefore) {
        // Nothing else prints between the journal write and the receipt, so it is the next one.
        const documentNumber = docBefore + 1;
        journal.record(
          entry.id,
          'receipt-found-closed',
          {
            state: 'RECEIPT_CLOSED',
            fiscalDocumentNumber: documentNumber,
            outcome: 'PAID_RECEIPT_CLOSED',
          },
          { lastDocumentNumber: doc.lastDocumentNumber, docBefore },
        );
        return { closed: true, documentNumber, foundClosed: true };
      }
      if (doc.receiptOpen) {
        journal.record(
          entry.id,
          'cancelling-open-receipt',
          {},
          { lastDocumentNumber: doc.lastDocumentNumber },
        );
        await printer.cancelOpenReceipt();
      }
      // Opening a shift is a fiscal document too: read the number after it, not before.
      await printer.ensureShiftOpen();
      doc = await printer.documentState();
      docBefore = doc.lastDocumentNumber;
      journal.record(
        entry.id,
        'printing-receipt',
        { state: 'PRINTING_RECEIPT', docBefore },
        { attempt },
      );

      const closed = await printer.printFiscalReceipt(receiptFor(entry));
      const documentNumber = closed.documentNumber ?? (await readLastDocument(printer));
      journal.record(entry.id, 'receipt-closed', {
        state: 'RECEIPT_CLOSED',
        fiscalDocumentNumber: documentNumber,
        fiscalSign: closed.fiscalSign,
        outcome: 'PAID_RECEIPT_CLOSED',
      });
      return { closed: true, documentNumber, fiscalSign: closed.fiscalSign, foundClosed: false };
    } catch (error) {
      lastError = summarizeError(error);
      logger.warn('receipt try failed', { paymentId: entry.id, attempt, error: lastError });
      journal.record(entry.id, 'receipt-print-failed', {}, { attempt, error: lastError });
      if (attempt < attempts) deps.onPrinterTrouble?.(lastError);
    }
  }

  journal.record(entry.id, 'receipt-owed', {
    state: 'RECEIPT_OWED',
    outcome: 'PAID_RECEIPT_OWED',
    error: `${lastError.code}: ${lastError.message}`,
  });
  return { closed: false, error: lastError };
}

/** The receipt of a paid payment: its lines, and the whole paid sum under its type. */
export function receiptFor(entry: JournalEntry): FiscalReceiptRequest {
  const paid = entry.paidKopecks ?? entry.amountKopecks;
  return {
    items: entry.items,
    payments: [{ paymentNumber: entry.paymentNumber, kopecks: paid }],
    footer: `QR ${entry.paySystem.toUpperCase()} ${entry.id}`,
  };
}

async function readLastDocument(printer: PaymentPrinter): Promise<number | undefined> {
  try {
    return (await printer.documentState()).lastDocumentNumber;
  } catch {
    return undefined;
  }
}
