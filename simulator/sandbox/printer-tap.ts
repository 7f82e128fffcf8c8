/**
 * Sits between the payment service and the printer driver to play out what happens to a
 * cash register, not to the printer: the power goes (every call from then on hangs, as if the
 * process had died at that line), or something happens just before a given call.
 * Faults of the printer itself (paper, silence, broken frames) belong to the emulator.
 */
import type {
  ClosedReceipt,
  DocumentState,
  FiscalReceiptRequest,
  PaymentPrinter,
  QrPrintOptions,
} from '../../src/payment/ports';

export type PrinterCall = keyof PaymentPrinter;

export class PrinterTap implements PaymentPrinter {
  private powerOff = false;
  private cutAfter: PrinterCall | undefined;
  private readonly before = new Map<PrinterCall, Array<() => void>>();
  private readonly calls: PrinterCall[] = [];
  private noticeHalt!: () => void;
  /** Resolves once a call has hung because the power was cut. */
  readonly halted: Promise<void> = new Promise((resolve) => (this.noticeHalt = resolve));

  constructor(private readonly printer: PaymentPrinter) {}

  /** Calls that reached the printer, in order. */
  get history(): readonly PrinterCall[] {
    return this.calls;
  }

  get powerIsCut(): boolean {
    return this.powerOff;
  }

  /** From now on nothing reaches the printer and no call returns. */
  cutPowerNow(): void {
    this.powerOff = true;
  }

  /** The next `call` does its work on the printer, then the power goes before it returns. */
  cutPowerAfterNext(call: PrinterCall): void {
    this.cutAfter = call;
  }

  /** Runs `action` just before the next `call` reaches the printer. */
  beforeNext(call: PrinterCall, action: () => void): void {
    this.before.set(call, [...(this.before.get(call) ?? []), action]);
  }

  waitUntilReady(options?: { signal?: AbortSignal }): Promise<void> {
    return this.pass('waitUntilReady', () => this.printer.waitUntilReady(options));
  }

  ensureShiftOpen(): Promise<void> {
    return this.pass('ensureShiftOpen', () => this.printer.ensureShiftOpen());
  }

  printLines(lines: string[]): Promise<void> {
    return this.pass('printLines', () => this.printer.printLines(lines));
  }

  printQr(text: string, options?: QrPrintOptions): Promise<void> {
    return this.pass('printQr', () => this.printer.printQr(text, options));
  }

  cut(): Promise<void> {
    return this.pass('cut', () => this.printer.cut());
  }

  printFiscalReceipt(receipt: FiscalReceiptRequest): Promise<ClosedReceipt> {
    return this.pass('printFiscalReceipt', () => this.printer.printFiscalReceipt(receipt));
  }

  cancelOpenReceipt(): Promise<boolean> {
    return this.pass('cancelOpenReceipt', () => this.printer.cancelOpenReceipt());
  }

  documentState(): Promise<DocumentState> {
    return this.pass('documentState', () => this.printer.documentState());
  }

  readPaymentName(paymentNumber: number): Promise<string> {
    return this.pass('readPaymentName', () => this.printer.readPaymentName(paymentNumber));
  }

  writePaymentName(paymentNumber: number, name: string): Promise<void> {
    return this.pass('writePaymentName', () => this.printer.writePaymentName(paymentNumber, name));
  }

  private async pass<T>(call: PrinterCall, run: () => Promise<T>): Promise<T> {
    if (this.powerOff) return this.hang();
    const actions = this.before.get(call);
    this.before.delete(call);
    for (const action of actions ?? []) action();
    this.calls.push(call);
    const result = await run();
    if (this.cutAfter === call) {
      this.cutAfter = undefined;
      this.powerOff = true;
    }
    if (this.powerOff) return this.hang();
    return result;
  }

  private hang(): Promise<never> {
    this.noticeHalt();
    return new Promise<never>(() => undefined);
  }
}
