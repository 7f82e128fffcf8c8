/**
 * Closes the fiscal receipt of a paid payment exactly once, whether called right after the
 * payment or by recovery after a crash, a lost answer or a dead printer.
 *
 * Before each try it looks at the device. When the last document number is above the one
 * journaled before the previous try, the documents after it are read back from the fiscal
 * drive: the first receipt among them is ours if it is a sale of the paid sum (that try closed
 * it; only its answer was lost); shift reports taken by hand are passed over, and anything else
 * means ours never closed. An open receipt is a half-printed one of ours and is cancelled
 * before printing anew.
 */
import type { Logger } from '../../core/logger';
import {
  FISCAL_DOCUMENT_UNSUPPORTED,
  type FiscalDocumentInfo,
  type FiscalReceiptRequest,
  type PaymentPrinter,
} from '../ports';
import { WmqrError } from '../../core/errors';
import type { JournalEntry, PaymentJournal } from '../journal/payment-journal';
import { CONTROLLER_TIMING } from './controller-timing';
import { summarizeError, type ErrorSummary } from './payment-events';

/** Fiscal drive document type of a receipt, and the operation type of a sale (FF0Ah, p. 45). */
const FISCAL_DOCUMENT_TYPE = { RECEIPT: 3 } as const;
const SALE_OPERATION = 1;

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
        const found = await findOurReceipt(printer, entry, docBefore, doc.lastDocumentNumber);
        if (found.closed) {
          journal.record(
            entry.id,
            'receipt-found-closed',
            {
              state: 'RECEIPT_CLOSED',
              fiscalDocumentNumber: found.number,
              fiscalSign: found.fiscalSign,
              outcome: 'PAID_RECEIPT_CLOSED',
            },
            { lastDocumentNumber: doc.lastDocumentNumber, docBefore, checked: found.checked },
          );
          return {
            closed: true,
            documentNumber: found.number,
            fiscalSign: found.fiscalSign,
            foundClosed: true,
          };
        }
        logger.warn('documents after the journaled number are not our receipt', {
          paymentId: entry.id,
          docBefore,
          lastDocumentNumber: doc.lastDocumentNumber,
          seen: found.seen,
        });
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

type ReceiptSearch =
  | { closed: true; number: number; fiscalSign?: number; checked: 'fiscal-drive' | 'number' }
  | { closed: false; seen: string[] };

/**
 * Looks at documents docBefore+1 .. last. Our receipt, had it closed, is the first receipt
 * after docBefore (it was printed right after that number was read); reports taken by hand
 * (Z report, shift opening) are passed over. Without FF0Ah only the number can be trusted.
 */
async function findOurReceipt(
  printer: PaymentPrinter,
  entry: JournalEntry,
  docBefore: number,
  last: number,
): Promise<ReceiptSearch> {
  const byNumber: ReceiptSearch = { closed: true, number: docBefore + 1, checked: 'number' };
  if (!printer.fiscalDocument) return byNumber;
  const sum = receiptTotal(entry);
  const seen: string[] = [];
  for (let number = docBefore + 1; number <= last; number++) {
    let doc: FiscalDocumentInfo | undefined;
    try {
      doc = await printer.fiscalDocument(number);
    } catch (error) {
      if (error instanceof WmqrError && error.code === FISCAL_DOCUMENT_UNSUPPORTED) return byNumber;
      throw error;
    }
    seen.push(doc ? describeDocument(doc) : `${number}: none`);
    if (doc?.type !== FISCAL_DOCUMENT_TYPE.RECEIPT) continue;
    if (doc.operationType === SALE_OPERATION && doc.totalKopecks === sum) {
      return { closed: true, number, fiscalSign: doc.fiscalSign, checked: 'fiscal-drive' };
    }
    return { closed: false, seen };
  }
  return { closed: false, seen };
}

function receiptTotal(entry: JournalEntry): number {
  return receiptFor(entry).payments.reduce((sum, p) => sum + p.kopecks, 0);
}

function describeDocument(doc: FiscalDocumentInfo): string {
  const sale =
    doc.totalKopecks === undefined ? '' : ` op ${doc.operationType} sum ${doc.totalKopecks}`;
  return `${doc.number}: type ${doc.type}${sale}`;
}

async function readLastDocument(printer: PaymentPrinter): Promise<number | undefined> {
  try {
    return (await printer.documentState()).lastDocumentNumber;
  } catch {
    return undefined;
  }
}
