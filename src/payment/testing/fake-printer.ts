/**
 * A PaymentPrinter in memory, for controller tests: it keeps document numbers, an open
 * receipt, a shift and table 5, records every call, and can be told to misbehave the ways a
 * real register does (busy, paper out, a lost answer, a half-printed receipt, silence).
 */
import { sleep, type Clock } from '../../core/clock';
import { WmqrError } from '../../core/errors';
import {
  FISCAL_DOCUMENT_UNSUPPORTED,
  type ClosedReceipt,
  type DocumentState,
  type FiscalDocumentInfo,
  type FiscalReceiptRequest,
  type PaymentPrinter,
  type QrPrintOptions,
} from '../ports';

export type PrinterMethod = Exclude<keyof PaymentPrinter, never>;

/** Fiscal drive document types the fake files (the FF0Ah numbering). */
export const FAKE_DOCUMENT_TYPE = { SHIFT_OPEN: 2, RECEIPT: 3, SHIFT_CLOSE: 5 } as const;
/** Operation type of a sale receipt (приход). */
export const FAKE_SALE_OPERATION = 1;

export interface ClosedFakeReceipt extends FiscalReceiptRequest {
  documentNumber: number;
}

export class FakePrinter implements PaymentPrinter {
  lastDocumentNumber = 100;
  receiptOpen = false;
  shiftOpen = true;
  /** Every call, in order, e.g. "printQr", "printFiscalReceipt". */
  readonly calls: PrinterMethod[] = [];
  readonly receipts: ClosedFakeReceipt[] = [];
  readonly tape: Array<
    | { kind: 'lines'; lines: string[] }
    | { kind: 'qr'; text: string; options?: QrPrintOptions }
    | { kind: 'cut' }
  > = [];
  readonly names = new Map<number, string>();
  /** The fiscal drive archive by document number (what fiscalDocument() reads). */
  readonly archive = new Map<number, FiscalDocumentInfo>();
  /** false: fiscalDocument() rejects as a model without FF0Ah does. */
  readsDocumentsBack = true;
  /** Called before each method runs: tests look at the journal at that moment. */
  onCall?: (method: PrinterMethod) => void;

  /** waitUntilReady() waits this long (ms, on the clock) before the printer is ready. */
  notReadyForMs = 0;
  /** Every call fails as if the cable were pulled. */
  dead = false;
  private readonly failures = new Map<
    PrinterMethod,
    Array<{ error: Error; effect?: 'close' | 'open' }>
  >();

  constructor(private readonly clock: Clock) {}

  /** The next call of `method` throws `error` (several calls queue up). */
  failNext(method: PrinterMethod, error: Error = printerError('PRINTER_PAPER_OUT')): this {
    this.queue(method).push({ error });
    return this;
  }

  /** The next receipt closes on the device, but its answer is lost (the call throws). */
  closeNextReceiptButLoseAnswer(): this {
    this.queue('printFiscalReceipt').push({
      error: printerError('PRINTER_ANSWER_LOST'),
      effect: 'close',
    });
    return this;
  }

  /** The next receipt is opened and then the printer fails, leaving it open. */
  leaveNextReceiptOpen(): this {
    this.queue('printFiscalReceipt').push({
      error: printerError('PRINTER_NO_ANSWER'),
      effect: 'open',
    });
    return this;
  }

  async waitUntilReady(options: { signal?: AbortSignal } = {}): Promise<void> {
    this.enter('waitUntilReady');
    if (this.notReadyForMs > 0) {
      const wait = this.notReadyForMs;
      this.notReadyForMs = 0;
      await sleep(this.clock, wait, options.signal);
    }
  }

  async ensureShiftOpen(): Promise<void> {
    this.enter('ensureShiftOpen');
    if (!this.shiftOpen) this.openShiftByHand();
  }

  /** Someone opens the shift at the register (a shift opening report). */
  openShiftByHand(): this {
    this.shiftOpen = true;
    this.file({ type: FAKE_DOCUMENT_TYPE.SHIFT_OPEN });
    return this;
  }

  /** Someone takes the Z report at the register (a shift closing report). */
  closeShiftByHand(): this {
    this.shiftOpen = false;
    this.file({ type: FAKE_DOCUMENT_TYPE.SHIFT_CLOSE });
    return this;
  }

  /** A receipt closes on the device outside any call (an earlier process, or by hand). */
  closeReceiptByHand(receipt: FiscalReceiptRequest, operationType = FAKE_SALE_OPERATION): number {
    return this.close(receipt, operationType);
  }

  async fiscalDocument(number: number): Promise<FiscalDocumentInfo | undefined> {
    this.enter('fiscalDocument');
    if (!this.readsDocumentsBack) {
      throw new WmqrError(FISCAL_DOCUMENT_UNSUPPORTED, 'fake printer: no FF0Ah');
    }
    const doc = this.archive.get(number);
    return doc && { ...doc };
  }

  async printLines(lines: string[]): Promise<void> {
    this.enter('printLines');
    this.tape.push({ kind: 'lines', lines: [...lines] });
  }

  async printQr(text: string, options?: QrPrintOptions): Promise<void> {
    this.enter('printQr');
    this.tape.push({ kind: 'qr', text, options });
  }

  async cut(): Promise<void> {
    this.enter('cut');
    this.tape.push({ kind: 'cut' });
  }

  async printFiscalReceipt(receipt: FiscalReceiptRequest): Promise<ClosedReceipt> {
    const failure = this.enter('printFiscalReceipt', true);
    if (this.receiptOpen) throw printerError('PRINTER_RECEIPT_OPEN');
    if (failure?.effect === 'open') this.receiptOpen = true;
    if (failure?.effect === 'close') this.close(receipt);
    if (failure) throw failure.error;
    const documentNumber = this.close(receipt);
    return { documentNumber, fiscalSign: 1_000_000 + documentNumber, changeKopecks: 0 };
  }

  async cancelOpenReceipt(): Promise<boolean> {
    this.enter('cancelOpenReceipt');
    const was = this.receiptOpen;
    this.receiptOpen = false;
    return was;
  }

  async documentState(): Promise<DocumentState> {
    this.enter('documentState');
    return { receiptOpen: this.receiptOpen, lastDocumentNumber: this.lastDocumentNumber };
  }

  async readPaymentName(paymentNumber: number): Promise<string> {
    this.enter('readPaymentName');
    return (this.names.get(paymentNumber) ?? '').padEnd(64, ' ');
  }

  async writePaymentName(paymentNumber: number, name: string): Promise<void> {
    this.enter('writePaymentName');
    this.names.set(paymentNumber, name);
  }

  /** How many times `method` was called. */
  count(method: PrinterMethod): number {
    return this.calls.filter((c) => c === method).length;
  }

  private close(receipt: FiscalReceiptRequest, operationType = FAKE_SALE_OPERATION): number {
    const number = this.file({
      type: FAKE_DOCUMENT_TYPE.RECEIPT,
      operationType,
      totalKopecks: receipt.payments.reduce((sum, p) => sum + p.kopecks, 0),
    });
    this.receipts.push({ ...receipt, documentNumber: number });
    return number;
  }

  /** Files the next document number; the same fiscal sign printFiscalReceipt returns. */
  private file(doc: Omit<FiscalDocumentInfo, 'number' | 'fiscalSign'>): number {
    const number = ++this.lastDocumentNumber;
    this.archive.set(number, { ...doc, number, fiscalSign: 1_000_000 + number });
    return number;
  }

  private queue(method: PrinterMethod) {
    let q = this.failures.get(method);
    if (!q) this.failures.set(method, (q = []));
    return q;
  }

  private enter(method: PrinterMethod, returnFailure = false) {
    this.calls.push(method);
    this.onCall?.(method);
    if (this.dead) throw printerError('PRINTER_NO_ANSWER');
    const failure = this.failures.get(method)?.shift();
    if (failure && !returnFailure) throw failure.error;
    return failure;
  }
}

export function printerError(code: string): WmqrError {
  return new WmqrError(code, `fake printer: ${code}`);
}
