/**
 * The emulated register behind the link layer: shift, open receipt, fiscal documents, paper,
 * tables and passwords. `execute()` takes a command body (code + data) and returns the answer
 * body (code + error + data, p. 13). Command handlers live in ./commands, one file per group.
 */
import type { Clock, TimerHandle } from '../../src/core/clock';
import { WmqrError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { Kopecks } from '../../src/core/money';
import { hex } from '../../src/printer/protocol/frame-codec';
import { DEVICE_ERROR as ERR, DEVICE_ERROR_NAME } from '../../src/printer/protocol/device-errors';
import {
  CMD,
  COMMAND_NAME,
  FN_DOCUMENT_TYPE,
  FN_OPERATION_TYPE,
  MODE,
  OPEN_DOCUMENT,
  SUBMODE,
  TWO_BYTE_PREFIX,
} from '../../src/printer/protocol/shtrih-constants';
import { OPERATOR, SHIFT_MAX_MS } from './device-constants';
import { fiscalSign } from './fiscal-sign';
import { DeviceTables, type TableValue } from './device-tables';
import { CommandRefused, RequestReader, refuse } from './wire-format';
import type { Tape } from './tape/tape';
import type { ReceiptType, TapeEntry } from './tape/tape-entry';
import { COMMAND_HANDLERS } from './commands/command-table';

export interface LinkInfo {
  /** The host is on TCP (11h reports port 128, p. 19). */
  tcp: boolean;
}

export interface ReceiptItemRecord {
  name: string;
  priceKopecks: Kopecks;
  quantityMilli: number;
  amountKopecks: Kopecks;
  /** Not printed (FF46h name starting with "//", p. 54). */
  hidden?: boolean;
}

export interface FiscalPaymentRecord {
  paymentNumber: number;
  name: string;
  kopecks: Kopecks;
}

export interface FiscalDocument {
  number: number;
  fiscalSign: number;
  receiptType: ReceiptType;
  items: ReceiptItemRecord[];
  payments: FiscalPaymentRecord[];
  totalKopecks: Kopecks;
  changeKopecks: Kopecks;
  closedAt: number;
}

/** One document in the fiscal drive archive, as FF0Ah reports it (p. 45). */
export interface ArchivedDocument {
  number: number;
  /** FN_DOCUMENT_TYPE. */
  type: number;
  fiscalSign: number;
  at: number;
  /** Receipts: FN_OPERATION_TYPE and the total. */
  operationType?: number;
  totalKopecks?: Kopecks;
  /** Shift reports. */
  shiftNumber?: number;
}

export interface OpenReceipt {
  type: ReceiptType;
  /** Receipt number within the shift, as printed in the header. */
  number: number;
  operator: number;
  openedAt: number;
  items: ReceiptItemRecord[];
  readonly totalKopecks: Kopecks;
}

export interface DeviceStatus {
  /** The mode byte: low nibble mode number, high nibble document type in mode 8. */
  mode: number;
  modeNumber: number;
  submode: number;
  shiftOpen: boolean;
  shiftOver24h: boolean;
  shiftNumber: number;
  receiptOpen: boolean;
  paperPresent: boolean;
  /** Paper ran out during printing and came back: the device waits for B0h. */
  waitingForContinue: boolean;
  lastDocumentNumber: number;
}

export interface PaperOutPlan {
  refillAfterMs?: number;
  refillAfterStatusPolls?: number;
}

export interface DeviceOptions {
  clock: Clock;
  logger: Logger;
  tape: Tape;
  supports2dBarcode: boolean;
  shiftOpen: boolean;
  paymentNames?: Partial<Record<number, string>>;
  /** How C5h bytes map to dots; normalised to MSB-first (bit 7 = leftmost) on the tape. */
  graphicsBitOrder: 'msb-first' | 'lsb-first';
}

const OPERATION_OF: Record<ReceiptType, number> = {
  sale: FN_OPERATION_TYPE.SALE,
  'sale-return': FN_OPERATION_TYPE.SALE_RETURN,
  purchase: FN_OPERATION_TYPE.PURCHASE,
  'purchase-return': FN_OPERATION_TYPE.PURCHASE_RETURN,
};

const DOC_TYPE_OF: Record<ReceiptType, number> = {
  sale: OPEN_DOCUMENT.SALE,
  purchase: OPEN_DOCUMENT.PURCHASE,
  'sale-return': OPEN_DOCUMENT.SALE_RETURN,
  'purchase-return': OPEN_DOCUMENT.PURCHASE_RETURN,
};

export type CommandHandler = (
  device: ShtrihDevice,
  request: RequestReader,
  link: LinkInfo,
) => Uint8Array | number[];

export class ShtrihDevice {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly tape: Tape;
  readonly tables: DeviceTables;
  readonly supports2dBarcode: boolean;
  readonly graphicsBitOrder: 'msb-first' | 'lsb-first';

  shiftOpenedAt: number | undefined;
  shiftNumber = 0;
  lastClosedShift = 0;
  receiptsInShift = 0;
  /** Number of the last fiscal document in the fiscal drive (1 = the registration report). */
  lastDocumentNumber = 1;
  receipt: OpenReceipt | undefined;
  paperPresent = true;
  /** Output of a print interrupted by paper out, printed after a new roll and B0h. */
  heldPrint: TapeEntry[] | undefined;
  /** DDh blocks by number. */
  readonly dataBlocks = new Map<number, Buffer>();
  /** Commands left that answer 50h "printing" (fault injection). */
  busyCommands = 0;

  private readonly documents: FiscalDocument[] = [];
  /** Every fiscal drive document by number: reports and receipts (FF0Ah). */
  private readonly archive = new Map<number, ArchivedDocument>();
  private paperOutPlan: PaperOutPlan | undefined;
  private refillPollsLeft: number | undefined;
  private refillTimer: TimerHandle | undefined;

  constructor(options: DeviceOptions) {
    this.clock = options.clock;
    this.logger = options.logger;
    this.tape = options.tape;
    this.supports2dBarcode = options.supports2dBarcode;
    this.graphicsBitOrder = options.graphicsBitOrder;
    this.tables = new DeviceTables(
      Object.entries(options.paymentNames ?? {})
        .filter(([, name]) => name !== undefined)
        .map(([row, name]) => [5, Number(row), 1, name as string]),
    );
    // Document 1: the registration report the drive was fiscalised with.
    this.file({ type: FN_DOCUMENT_TYPE.REGISTRATION_REPORT });
    if (options.shiftOpen) this.openShiftNow();
  }

  // ---- the command layer ----------------------------------------------------------------

  /** Runs one command; never throws for anything the host sent. */
  execute(body: Buffer, link: LinkInfo): Buffer {
    const twoByte = body[0] === TWO_BYTE_PREFIX && body.length >= 2;
    const code = twoByte ? (body[0] << 8) | body[1] : body[0];
    const echo = twoByte ? body.subarray(0, 2) : body.subarray(0, 1);
    const handler = COMMAND_HANDLERS[code];
    const started = this.clock.now();

    let answer: Buffer;
    if (!handler || (!this.supports2dBarcode && is2dBarcodeCommand(code))) {
      answer = this.refusal(echo, code, ERR.NOT_SUPPORTED, 'command not supported');
    } else if (this.busyCommands > 0) {
      this.busyCommands--;
      answer = this.refusal(echo, code, ERR.PRINTING_PREVIOUS, 'busy printing (fault injection)');
    } else {
      try {
        const data = handler(this, new RequestReader(body, echo.length), link);
        answer = Buffer.concat([echo, Buffer.from([ERR.OK]), Buffer.from(data)]);
      } catch (error) {
        if (!(error instanceof CommandRefused)) throw error;
        answer = this.refusal(echo, code, error.errorCode, error.message);
      }
    }

    if (code === CMD.SHORT_STATUS || code === CMD.FULL_STATUS) this.countStatusPoll();
    this.logger.debug('command executed', {
      command: COMMAND_NAME.get(code) ?? hex(echo),
      error: DEVICE_ERROR_NAME.get(answer[echo.length]) ?? answer[echo.length],
      ms: this.clock.now() - started,
    });
    return answer;
  }

  private refusal(echo: Buffer, code: number, errorCode: number, reason: string): Buffer {
    this.logger.debug('command refused', {
      command: COMMAND_NAME.get(code) ?? hex(echo),
      error: DEVICE_ERROR_NAME.get(errorCode) ?? errorCode,
      reason,
    });
    return Buffer.concat([echo, Buffer.from([errorCode])]);
  }

  // ---- passwords (table 2, guide p. 46) -----------------------------------------------

  /** The operator number (1..30) whose password this is, or 4Fh. */
  operatorFor(password: number): number {
    for (let row = OPERATOR.FIRST_CASHIER; row <= OPERATOR.SYSADMIN; row++) {
      if (this.tables.get(2, row, 1) === password) return row;
    }
    return refuse(ERR.WRONG_PASSWORD, 'no operator has this password');
  }

  requireSysadmin(password: number): number {
    if (this.tables.get(2, OPERATOR.SYSADMIN, 1) !== password) {
      refuse(ERR.WRONG_PASSWORD, 'the system administrator password is required');
    }
    return OPERATOR.SYSADMIN;
  }

  requireAdmin(password: number): number {
    const op = this.operatorFor(password);
    if (op !== OPERATOR.ADMIN && op !== OPERATOR.SYSADMIN) {
      refuse(ERR.WRONG_PASSWORD, 'the administrator password is required');
    }
    return op;
  }

  operatorName(op: number): string {
    return String(this.tables.get(2, op, 2));
  }

  // ---- modes (appendix 1, p. 71) --------------------------------------------------------

  get shiftOpen(): boolean {
    return this.shiftOpenedAt !== undefined;
  }

  get shiftOver24h(): boolean {
    return (
      this.shiftOpenedAt !== undefined && this.clock.now() - this.shiftOpenedAt >= SHIFT_MAX_MS
    );
  }

  modeByte(): number {
    if (this.receipt) return MODE.DOCUMENT_OPEN | (DOC_TYPE_OF[this.receipt.type] << 4);
    if (!this.shiftOpen) return MODE.SHIFT_CLOSED;
    return this.shiftOver24h ? MODE.SHIFT_OVER_24H : MODE.SHIFT_OPEN;
  }

  submode(): number {
    if (this.heldPrint) {
      return this.paperPresent ? SUBMODE.WAITING_CONTINUE : SUBMODE.ACTIVE_PAPER_OUT;
    }
    return this.paperPresent ? SUBMODE.PAPER_PRESENT : SUBMODE.PASSIVE_PAPER_OUT;
  }

  status(): DeviceStatus {
    const mode = this.modeByte();
    return {
      mode,
      modeNumber: mode & 0x0f,
      submode: this.submode(),
      shiftOpen: this.shiftOpen,
      shiftOver24h: this.shiftOver24h,
      shiftNumber: this.shiftNumber,
      receiptOpen: this.receipt !== undefined,
      paperPresent: this.paperPresent,
      waitingForContinue: this.submode() === SUBMODE.WAITING_CONTINUE,
      lastDocumentNumber: this.lastDocumentNumber,
    };
  }

  /** For commands that need an open shift and no open receipt (8Dh, the first sale line). */
  requireShiftForNewReceipt(): void {
    if (this.receipt) refuse(ERR.RECEIPT_OPEN, 'a receipt is already open');
    if (!this.shiftOpen) refuse(ERR.SHIFT_NOT_OPEN, 'the shift is not open');
    if (this.shiftOver24h) refuse(ERR.SHIFT_OVER_24H, 'the shift is older than 24 hours');
  }

  requireOpenReceipt(): OpenReceipt {
    if (!this.receipt) refuse(ERR.RECEIPT_CLOSED, 'no receipt is open');
    return this.receipt;
  }

  // ---- printing and paper ---------------------------------------------------------------

  /** Refuses printing when there is no paper (6Bh) or a B0h is awaited (58h). */
  requirePaper(): void {
    if (this.heldPrint && this.paperPresent) {
      refuse(ERR.WAITING_CONTINUE, 'waiting for the continue-print command');
    }
    if (!this.paperPresent) refuse(ERR.NO_RECEIPT_PAPER, 'no receipt paper');
  }

  /** Puts entries on the tape, unless the paper runs out during this print (fault). */
  print(entries: TapeEntry[]): void {
    if (this.paperOutPlan) {
      const plan = this.paperOutPlan;
      this.paperOutPlan = undefined;
      this.heldPrint = entries;
      this.paperPresent = false;
      this.scheduleRefill(plan);
      this.logger.info('paper ran out during printing (fault injection)');
      return;
    }
    for (const entry of entries) this.tape.append(entry);
  }

  /** B0h: prints what the paper-out interrupted. */
  continuePrinting(): void {
    const held = this.heldPrint;
    if (!held) return;
    if (!this.paperPresent) refuse(ERR.NO_RECEIPT_PAPER, 'no receipt paper');
    this.heldPrint = undefined;
    this.tape.append({ kind: 'paper-out' });
    for (const entry of held) this.tape.append(entry);
  }

  paperOutNow(plan: PaperOutPlan = {}): void {
    this.paperPresent = false;
    this.scheduleRefill(plan);
  }

  paperOutDuringNextPrint(plan: PaperOutPlan = {}): void {
    this.paperOutPlan = plan;
  }

  refillPaper(): void {
    this.refillTimer?.cancel();
    this.refillTimer = undefined;
    this.refillPollsLeft = undefined;
    this.paperPresent = true;
  }

  private scheduleRefill(plan: PaperOutPlan): void {
    if (plan.refillAfterMs !== undefined) {
      this.refillTimer?.cancel();
      this.refillTimer = this.clock.setTimer(plan.refillAfterMs, () => this.refillPaper());
    }
    if (plan.refillAfterStatusPolls !== undefined) {
      this.refillPollsLeft = plan.refillAfterStatusPolls;
    }
  }

  private countStatusPoll(): void {
    if (this.refillPollsLeft === undefined || this.paperPresent) return;
    this.refillPollsLeft--;
    if (this.refillPollsLeft <= 0) this.refillPaper();
  }

  // ---- shift ----------------------------------------------------------------------------

  openShiftNow(): void {
    this.shiftNumber++;
    this.shiftOpenedAt = this.clock.now();
    this.receiptsInShift = 0;
    this.lastDocumentNumber++;
    this.file({ type: FN_DOCUMENT_TYPE.SHIFT_OPEN_REPORT, shiftNumber: this.shiftNumber });
  }

  closeShiftNow(): void {
    this.lastClosedShift = this.shiftNumber;
    this.shiftOpenedAt = undefined;
    this.lastDocumentNumber++;
    this.file({ type: FN_DOCUMENT_TYPE.SHIFT_CLOSE_REPORT, shiftNumber: this.lastClosedShift });
  }

  setShiftOpenedAt(ms: number): void {
    if (!this.shiftOpen) this.shiftNumber++;
    this.shiftOpenedAt = ms;
  }

  // ---- receipts ---------------------------------------------------------------------------

  openReceiptNow(type: ReceiptType, operator: number): OpenReceipt {
    const items: ReceiptItemRecord[] = [];
    const receipt: OpenReceipt = {
      type,
      number: this.receiptsInShift + 1,
      operator,
      openedAt: this.clock.now(),
      items,
      get totalKopecks() {
        return items.reduce((sum, item) => sum + item.amountKopecks, 0);
      },
    };
    this.receipt = receipt;
    return receipt;
  }

  recordDocument(doc: FiscalDocument): void {
    this.documents.push(doc);
    this.archive.set(doc.number, {
      number: doc.number,
      type: FN_DOCUMENT_TYPE.RECEIPT,
      fiscalSign: doc.fiscalSign,
      at: doc.closedAt,
      operationType: OPERATION_OF[doc.receiptType],
      totalKopecks: doc.totalKopecks,
    });
    this.receipt = undefined;
    this.receiptsInShift++;
  }

  fiscalDocuments(): FiscalDocument[] {
    return this.documents.map((d) => ({
      ...d,
      items: d.items.map((i) => ({ ...i })),
      payments: d.payments.map((p) => ({ ...p })),
    }));
  }

  /** FF0Ah: the archived document `number`, or undefined (the device answers 08h). */
  archivedDocument(number: number): ArchivedDocument | undefined {
    const doc = this.archive.get(number);
    return doc && { ...doc };
  }

  /** Files a report as document `lastDocumentNumber` (already counted by the caller). */
  private file(doc: Pick<ArchivedDocument, 'type' | 'shiftNumber'>): void {
    const number = this.lastDocumentNumber;
    const at = this.clock.now();
    this.archive.set(number, { ...doc, number, at, fiscalSign: fiscalSign(number, 0, at) });
  }

  get openReceipt(): OpenReceipt | undefined {
    return this.receipt;
  }

  paymentName(paymentNumber: number): string {
    return String(this.tables.get(5, paymentNumber, 1));
  }

  // ---- direct table access for tests --------------------------------------------------

  readTable(table: number, row: number, field: number): TableValue {
    return this.asDirect(() => this.tables.get(table, row, field));
  }

  /** Writes a field, read-only rows included (the protocol path refuses those with 7Ah). */
  writeTable(table: number, row: number, field: number, value: TableValue): void {
    this.asDirect(() => this.tables.set(table, row, field, value));
  }

  private asDirect<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof CommandRefused) {
        throw new WmqrError('EMULATOR_TABLE_ACCESS', `Table access refused: ${error.message}`, {
          details: { errorCode: error.errorCode },
        });
      }
      throw error;
    }
  }

  close(): void {
    this.refillTimer?.cancel();
    this.refillTimer = undefined;
  }
}

/** DDh and DEh exist only on models with 2-D barcode printing. */
function is2dBarcodeCommand(code: number): boolean {
  return code === CMD.LOAD_DATA || code === CMD.PRINT_2D_BARCODE;
}
