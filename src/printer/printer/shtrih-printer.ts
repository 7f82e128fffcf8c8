/**
 * The high-level Shtrih-M printer the payment code uses (PaymentPrinter), built on the typed
 * commands. It waits out printing and paper-out, prints text, QR codes (2-D barcode command,
 * or graphic lines on models without it), cuts, opens the shift, reads and writes payment
 * type names, and prints fiscal receipts in the classic or the fiscal-drive flow.
 */
import { sleep, systemClock, type Clock } from '../../core/clock';
import { throwIfAborted } from '../../core/errors';
import { silentLogger, type Logger } from '../../core/logger';
import {
  FISCAL_DOCUMENT_UNSUPPORTED,
  type ClosedReceipt,
  type DocumentState,
  type FiscalDocumentInfo,
  type FiscalReceiptRequest,
  type PaymentPrinter,
  type QrPrintOptions,
} from '../../payment/ports';
import * as cmd from '../commands';
import { runCommand, type CommandLink, type CommandSpec } from '../commands/command-spec';
import { DEVICE_ERROR, isDeviceError } from '../protocol/device-errors';
import { AnswerDecodeError, decodeText, encodeText } from '../protocol/field-codec';
import {
  ALIGNMENT,
  BARCODE_2D,
  CLASSIC_CLOSE_SUMS,
  DEFAULT_PASSWORDS,
  GRAPHIC_LINE_BYTES,
  GRAPHIC_LINE_BYTES_ALLOWED,
  LOAD_DATA,
  MODE,
  PAYMENT_NAMES_TABLE,
  PAYMENT_SUMS,
  PRINT_STRING_WIDTH,
  QR_ERROR_CORRECTION,
  STATUS_FLAG,
  SUBMODE,
  TAX_SYSTEM,
} from '../protocol/shtrih-constants';
import { describeMode, describePaper, describeSubmode, type Words } from '../protocol/status-words';
import {
  PrinterError,
  badArgument,
  badMode,
  notReady,
  paperOut,
  receiptAlreadyOpen,
  shiftOver24h,
  tableMismatch,
} from './printer-errors';
import { buildQrMatrix, rasterQr, type ErrorCorrection } from './qr-raster';

export type ReceiptFlow = 'classic' | 'fiscal-drive';

export interface QrSettings {
  /** 'auto': DD/DE, falling back to C5 graphic lines when the model says "not supported". */
  mode?: 'auto' | '2d' | 'graphic';
  /** Dots per module: DE parameter 3 (3..8); C5 shrinks it when the code would not fit. */
  moduleSize?: number;
  errorCorrection?: ErrorCorrection;
  alignment?: keyof typeof ALIGNMENT;
  /**
   * Bytes per C5 dot line: 40 on narrow printers, 64 or 72 on wide ones (p. 35). Unset: the
   * model's F7h parameter, else 40.
   */
  graphicLineBytes?: number;
  /** C5 flags byte, only for models with parameter bit 37 (p. 35). */
  graphicLineFlags?: number;
}

export interface FiscalSettings {
  /** Department (section) of sale lines, 0..16. */
  department?: number;
  /** 80h tax groups. */
  classicTaxes?: cmd.TaxGroups;
  /** FF46h tax rate bit; 8 = no VAT. */
  taxRate?: number;
  /** FF46h payment method (tag 1214); 4 = full payment. */
  paymentMethod?: number;
  /** FF46h payment object (tag 1212); 1 = goods. */
  paymentObject?: number;
  /** FF45h tax system bit (TAX_SYSTEM); must match the registration. */
  taxSystem?: number;
}

export interface ReadySettings {
  pollIntervalMs?: number;
  /** How long "printing" (error 50, submodes 4 and 5) may last before PRINTER_NOT_READY. */
  busyTimeoutMs?: number;
  /** How long to wait for new paper before PRINTER_PAPER_OUT. */
  paperWaitMs?: number;
}

export interface ShtrihPrinterOptions {
  clock?: Clock;
  logger?: Logger;
  passwords?: { operator?: number; sysadmin?: number };
  receiptFlow?: ReceiptFlow;
  qr?: QrSettings;
  cutType?: 'full' | 'partial';
  /**
   * Characters per printed text line; longer lines wrap at spaces. Unset: the model's F7h
   * "font 1 width" (at most the 40 bytes of 17h), else 40.
   */
  lineWidth?: number;
  ready?: ReadySettings;
  fiscal?: FiscalSettings;
}

export interface PrinterStatus extends cmd.ShortStatus {
  /** Low nibble of the mode byte (MODE). */
  modeNumber: number;
  shift: 'open' | 'over-24h' | 'closed' | 'unknown';
  receiptOpen: boolean;
  paperPresent: boolean;
  words: { mode: Words; submode: Words; paper: Words };
}

export const PRINTER_DEFAULTS = {
  pollIntervalMs: 250,
  busyTimeoutMs: 60_000,
  paperWaitMs: 30_000,
  moduleSize: 4,
  errorCorrection: 'M',
  /** Refused commands (busy, waiting, paper) are retried this many times after waiting. */
  refusedRetries: 5,
  fiscal: {
    department: 1,
    classicTaxes: [0, 0, 0, 0] as cmd.TaxGroups,
    taxRate: 8,
    paymentMethod: 4,
    paymentObject: 1,
    taxSystem: TAX_SYSTEM.OSN,
  },
} as const;

/** Device errors that mean "refused for now, nothing ran": wait until ready and resend. */
const REFUSED_FOR_NOW = [
  DEVICE_ERROR.PRINTING_PREVIOUS,
  DEVICE_ERROR.WAITING_CONTINUE,
  DEVICE_ERROR.NO_RECEIPT_PAPER,
  DEVICE_ERROR.NOT_IN_SUBMODE,
];

/** How this model prints, from F7h model parameters or the classic defaults. */
export interface PrintLayout {
  /** C5h bytes per dot line. */
  graphicLineBytes: number;
  /** Parameter bit 26: the low bit of each C5h byte is the leftmost dot. */
  reverseLineBytes: boolean;
  /** Characters per 17h text line. */
  lineWidth: number;
  /** 'device' when F7h answered, 'defaults' when the model has no F7h or refused it. */
  source: 'device' | 'defaults';
}

interface Closable {
  close(): Promise<void>;
}

export class ShtrihPrinter implements PaymentPrinter {
  readonly receiptFlow: ReceiptFlow;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly operatorPassword: number;
  private readonly sysadminPassword: number;
  private readonly qr: Required<Omit<QrSettings, 'graphicLineFlags' | 'graphicLineBytes'>> & {
    graphicLineFlags?: number;
    /** Only when the caller set it; otherwise the model decides (printLayout). */
    graphicLineBytes?: number;
  };
  private readonly ready: Required<ReadySettings>;
  private readonly fiscal: Required<FiscalSettings>;
  private readonly cutType: 'full' | 'partial';
  /** Only when the caller set it; otherwise the model decides (printLayout). */
  private readonly lineWidth: number | undefined;
  /** Read once, on first need: F7h model parameters turned into a layout. */
  private layout: Promise<PrintLayout> | undefined;
  /** Learned: does the model have DD/DE? undefined until tried. */
  private twoDimensional: boolean | undefined;
  /** Learned: does the model answer FF01? */
  private fnStatusSupported: boolean | undefined;
  private paymentField: { rows: number; size: number } | undefined;

  constructor(
    private readonly link: CommandLink & Partial<Closable>,
    options: ShtrihPrinterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'printer' });
    this.operatorPassword = options.passwords?.operator ?? DEFAULT_PASSWORDS.operator;
    this.sysadminPassword = options.passwords?.sysadmin ?? DEFAULT_PASSWORDS.sysadmin;
    this.receiptFlow = options.receiptFlow ?? 'classic';
    this.qr = {
      mode: options.qr?.mode ?? 'auto',
      moduleSize: options.qr?.moduleSize ?? PRINTER_DEFAULTS.moduleSize,
      errorCorrection: options.qr?.errorCorrection ?? PRINTER_DEFAULTS.errorCorrection,
      alignment: options.qr?.alignment ?? 'centre',
      graphicLineBytes: options.qr?.graphicLineBytes,
      graphicLineFlags: options.qr?.graphicLineFlags,
    };
    if (this.qr.mode === '2d') this.twoDimensional = true;
    if (this.qr.mode === 'graphic') this.twoDimensional = false;
    this.ready = {
      pollIntervalMs: options.ready?.pollIntervalMs ?? PRINTER_DEFAULTS.pollIntervalMs,
      busyTimeoutMs: options.ready?.busyTimeoutMs ?? PRINTER_DEFAULTS.busyTimeoutMs,
      paperWaitMs: options.ready?.paperWaitMs ?? PRINTER_DEFAULTS.paperWaitMs,
    };
    this.fiscal = { ...PRINTER_DEFAULTS.fiscal, ...options.fiscal };
    this.cutType = options.cutType ?? 'partial';
    this.lineWidth = options.lineWidth;
  }

  /** Runs any typed command once (no waiting, no retry). For tools and tests. */
  command<Req, Ans>(spec: CommandSpec<Req, Ans>, request: Req): Promise<Ans> {
    return runCommand(this.link, spec, request);
  }

  // ---- status ------------------------------------------------------------------------------

  /** Short status in words; waits out "printing the previous command" (error 50). */
  async status(options: { signal?: AbortSignal } = {}): Promise<PrinterStatus> {
    const started = this.clock.now();
    for (;;) {
      try {
        const raw = await this.command(cmd.shortStatus, { password: this.operatorPassword });
        return withWords(raw);
      } catch (error) {
        if (!isDeviceError(error, DEVICE_ERROR.PRINTING_PREVIOUS)) throw error;
        if (this.clock.now() - started >= this.ready.busyTimeoutMs) {
          throw notReady(this.clock.now() - started, -1, -1);
        }
        await sleep(this.clock, this.ready.pollIntervalMs, options.signal);
      }
    }
  }

  fullStatus(): Promise<cmd.FullStatus> {
    return this.command(cmd.fullStatus, { password: this.operatorPassword });
  }

  deviceType(): Promise<cmd.DeviceType> {
    return this.command(cmd.deviceType, {});
  }

  fiscalDriveStatus(): Promise<cmd.FnStatus> {
    return this.command(cmd.fnStatus, { password: this.sysadminPassword });
  }

  /**
   * Resolves when the printer can print: waits while it prints (error 50, submodes 4 and 5),
   * sends B0 "continue" after a refill (submode 3), and gives PRINTER_PAPER_OUT when no paper
   * came within `paperWaitMs`.
   */
  async waitUntilReady(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.readyStatus(options.signal);
  }

  private async readyStatus(signal?: AbortSignal): Promise<PrinterStatus> {
    const started = this.clock.now();
    let paperOutSince: number | undefined;
    for (;;) {
      throwIfAborted(signal, 'waiting for the printer');
      const status = await this.status({ signal });
      const now = this.clock.now();
      switch (status.submode) {
        case SUBMODE.WAITING_CONTINUE:
          this.logger.info('paper refilled, continuing the print');
          await this.command(cmd.continuePrint, { password: this.operatorPassword });
          paperOutSince = undefined;
          continue;
        case SUBMODE.PASSIVE_PAPER_OUT:
        case SUBMODE.ACTIVE_PAPER_OUT:
          paperOutSince ??= now;
          if (now - paperOutSince >= this.ready.paperWaitMs) throw paperOut(now - paperOutSince);
          if (now === paperOutSince) this.logger.warn('printer out of paper, waiting for a refill');
          break;
        case SUBMODE.PRINTING_LONG_REPORT:
        case SUBMODE.PRINTING:
          if (now - started >= this.ready.busyTimeoutMs) {
            throw notReady(now - started, status.mode, status.submode);
          }
          break;
        default:
          return status;
      }
      await sleep(this.clock, this.ready.pollIntervalMs, signal);
    }
  }

  // ---- printing ----------------------------------------------------------------------------

  /**
   * The model's print layout: F7h type 1 read once (p. 38-40). A model without F7h (37h) or
   * any refusal keeps the classic defaults: 40-byte MSB-first C5h lines, 40 columns.
   */
  printLayout(): Promise<PrintLayout> {
    this.layout ??= this.readLayout().catch((error: unknown) => {
      this.layout = undefined; // a link failure is not an answer: ask again next time
      throw error;
    });
    return this.layout;
  }

  private async readLayout(): Promise<PrintLayout> {
    const defaults: PrintLayout = {
      graphicLineBytes: GRAPHIC_LINE_BYTES,
      reverseLineBytes: false,
      lineWidth: PRINT_STRING_WIDTH,
      source: 'defaults',
    };
    let params: cmd.ModelParameters;
    try {
      params = await this.command(cmd.readModelParameters, {});
    } catch (error) {
      if (!isDeviceError(error) && !(error instanceof AnswerDecodeError)) throw error;
      this.logger.debug('no model parameters (F7h), using the classic print layout', {
        error: isDeviceError(error) ? error.hex : error.code,
      });
      return defaults;
    }
    const lineBytes = params.graphicLineBytes;
    const layout: PrintLayout = {
      graphicLineBytes:
        lineBytes !== undefined &&
        (GRAPHIC_LINE_BYTES_ALLOWED as readonly number[]).includes(lineBytes)
          ? lineBytes
          : GRAPHIC_LINE_BYTES,
      reverseLineBytes: cmd.reversesLineBytes(params),
      // 17h holds 40 bytes whatever the font fits; a narrower font wraps sooner (0 = ask 26h).
      lineWidth:
        params.font1Width >= 1
          ? Math.min(params.font1Width, PRINT_STRING_WIDTH)
          : PRINT_STRING_WIDTH,
      source: 'device',
    };
    this.logger.debug('model parameters read (F7h)', {
      graphicLineBytes: layout.graphicLineBytes,
      deviceGraphicLineBytes: lineBytes,
      reverseLineBytes: layout.reverseLineBytes,
      font1Width: params.font1Width,
    });
    return layout;
  }

  async printLines(lines: string[]): Promise<void> {
    // Encode everything first: a line the printer cannot print fails before anything is sent.
    for (const line of lines) encodeText(line, 'line');
    const width = this.lineWidth ?? (await this.printLayout()).lineWidth;
    const wrapped = lines.flatMap((line) => wrapLine(line, width));
    for (const text of wrapped) {
      await this.printing(cmd.printString, { password: this.operatorPassword, text });
    }
    await this.waitUntilReady();
  }

  async printQr(text: string, options: QrPrintOptions = {}): Promise<void> {
    if (text.length === 0) throw badArgument('The QR text is empty', {});
    const errorCorrection = options.errorCorrection ?? this.qr.errorCorrection;
    const moduleSize = options.moduleSize ?? this.qr.moduleSize;
    if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > BARCODE_2D.MAX_DOT_SIZE) {
      throw badArgument(`QR module size must be 1..${BARCODE_2D.MAX_DOT_SIZE}`, { moduleSize });
    }
    const matrix = buildQrMatrix(text, errorCorrection);

    if (this.twoDimensional !== false) {
      try {
        await this.printQr2d(Buffer.from(text, 'utf8'), moduleSize, errorCorrection);
        this.twoDimensional = true;
        await this.waitUntilReady();
        return;
      } catch (error) {
        if (this.qr.mode !== 'auto' || !isDeviceError(error, DEVICE_ERROR.NOT_SUPPORTED))
          throw error;
        this.twoDimensional = false;
        this.logger.info('2-D barcodes not supported, printing QR codes as graphic lines');
      }
    }

    const layout = await this.printLayout();
    const { runs, dotSize } = rasterQr(matrix, {
      dotSize: moduleSize,
      lineBytes: this.qr.graphicLineBytes ?? layout.graphicLineBytes,
    });
    this.logger.debug('QR as graphic lines', {
      modules: matrix.size,
      dotSize,
      lines: runs.length,
      reverseLineBytes: layout.reverseLineBytes,
    });
    for (const run of runs) {
      await this.printing(cmd.printGraphicLine, {
        password: this.operatorPassword,
        repeat: run.repeat,
        line: layout.reverseLineBytes ? reverseBitsInEachByte(run.line) : run.line,
        flags: this.qr.graphicLineFlags,
      });
    }
    await this.waitUntilReady();
  }

  private async printQr2d(
    data: Buffer,
    moduleSize: number,
    errorCorrection: ErrorCorrection,
  ): Promise<void> {
    const blocks = Math.ceil(data.length / LOAD_DATA.BLOCK_SIZE);
    if (blocks > LOAD_DATA.MAX_BLOCKS || data.length > BARCODE_2D.MAX_LENGTH) {
      throw badArgument(`The QR text is too long for the printer (${data.length} bytes)`, {
        bytes: data.length,
      });
    }
    for (let block = 0; block < blocks; block++) {
      const chunk = data.subarray(block * LOAD_DATA.BLOCK_SIZE, (block + 1) * LOAD_DATA.BLOCK_SIZE);
      await this.printing(cmd.loadData, { password: this.operatorPassword, block, data: chunk });
    }
    const dotSize = Math.min(
      BARCODE_2D.MAX_DOT_SIZE,
      Math.max(BARCODE_2D.MIN_DOT_SIZE, moduleSize),
    );
    await this.printing(cmd.print2dBarcode, {
      password: this.operatorPassword,
      barcodeType: BARCODE_2D.TYPE_QR,
      length: data.length,
      firstBlock: 0,
      // version auto, mask auto, dot size, unused, error correction level (p. 38)
      params: [0, 0, dotSize, 0, QR_ERROR_CORRECTION[errorCorrection]],
      alignment: this.qr.alignment,
    });
  }

  async cut(): Promise<void> {
    await this.printing(cmd.cut, { password: this.operatorPassword, type: this.cutType });
    await this.waitUntilReady();
  }

  /**
   * Runs a command that the device may refuse "for now" (busy printing, waiting for B0, no
   * paper): such a refusal means it did not run, so wait until ready and send it again.
   */
  private async printing<Req, Ans>(spec: CommandSpec<Req, Ans>, request: Req): Promise<Ans> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.command(spec, request);
      } catch (error) {
        if (!isDeviceError(error, ...REFUSED_FOR_NOW)) throw error;
        if (attempt >= PRINTER_DEFAULTS.refusedRetries) {
          if (isDeviceError(error, DEVICE_ERROR.NO_RECEIPT_PAPER)) throw paperOut(0);
          throw error;
        }
        this.logger.debug('command refused for now, waiting', { hex: error.hex });
        await this.waitUntilReady();
        if (isDeviceError(error, DEVICE_ERROR.NO_RECEIPT_PAPER)) await this.waitForPaperFlag();
      }
    }
  }

  /** After error 6B with a ready submode: poll the paper flag for the paper wait. */
  private async waitForPaperFlag(): Promise<void> {
    const started = this.clock.now();
    for (;;) {
      const status = await this.status();
      if (status.paperPresent) return;
      const waited = this.clock.now() - started;
      if (waited >= this.ready.paperWaitMs) throw paperOut(waited);
      await sleep(this.clock, this.ready.pollIntervalMs);
    }
  }

  // ---- shift -------------------------------------------------------------------------------

  async ensureShiftOpen(): Promise<void> {
    const status = await this.readyStatus();
    switch (status.modeNumber) {
      case MODE.SHIFT_OPEN:
      case MODE.DOCUMENT_OPEN:
        return;
      case MODE.SHIFT_OVER_24H:
        throw shiftOver24h();
      case MODE.SHIFT_CLOSED:
        break;
      default:
        throw badMode('open the shift', status.mode, status.words.mode);
    }
    this.logger.info('opening the shift');
    try {
      await this.printing(cmd.openShift, { password: this.operatorPassword });
    } catch (error) {
      if (isDeviceError(error, DEVICE_ERROR.SHIFT_OVER_24H, DEVICE_ERROR.FN_SHIFT_OVER_24H)) {
        throw shiftOver24h();
      }
      throw error;
    }
    await this.waitUntilReady();
  }

  // ---- fiscal receipts ---------------------------------------------------------------------

  async printFiscalReceipt(receipt: FiscalReceiptRequest): Promise<ClosedReceipt> {
    const sums = validateReceipt(receipt);
    const footer = receipt.footer ?? '';
    this.preflightTexts(receipt, footer);

    const status = await this.readyStatus();
    if (status.modeNumber === MODE.DOCUMENT_OPEN) throw receiptAlreadyOpen();
    if (status.modeNumber === MODE.SHIFT_OVER_24H) throw shiftOver24h();
    if (status.modeNumber === MODE.SHIFT_CLOSED) await this.ensureShiftOpen();

    let opened = false;
    try {
      const closed =
        this.receiptFlow === 'classic'
          ? await this.classicReceipt(receipt, sums, footer, () => (opened = true))
          : await this.fiscalDriveReceipt(receipt, sums, footer, () => (opened = true));
      this.logger.info('fiscal receipt closed', {
        flow: this.receiptFlow,
        documentNumber: closed.documentNumber,
        changeKopecks: closed.changeKopecks,
      });
      await this.settleAfterClose();
      return closed;
    } catch (error) {
      // A refused step leaves an open receipt: cancel it. A lost answer leaves the state
      // unknown: touch nothing, the caller asks documentState().
      if (opened && isDeviceError(error)) await this.cancelQuietly();
      throw error;
    }
  }

  private async classicReceipt(
    receipt: FiscalReceiptRequest,
    sums: number[],
    footer: string,
    markOpened: () => void,
  ): Promise<ClosedReceipt> {
    const password = this.operatorPassword;
    await this.printing(cmd.openReceipt, { password, type: 'sale' });
    markOpened();
    for (const item of receipt.items) {
      await this.printing(cmd.sale, {
        password,
        quantityMilli: item.quantityMilli,
        priceKopecks: item.priceKopecks,
        department: this.fiscal.department,
        taxes: this.fiscal.classicTaxes,
        text: item.name,
      });
    }
    const extended = sums.slice(CLASSIC_CLOSE_SUMS).some((s) => s > 0);
    const close = extended ? cmd.closeReceiptExtended : cmd.closeReceipt;
    const answer = await this.printing(close, {
      password,
      sums: extended ? sums : sums.slice(0, CLASSIC_CLOSE_SUMS),
      taxes: this.fiscal.classicTaxes,
      text: footer,
    });
    const closed: ClosedReceipt = { changeKopecks: answer.changeKopecks };
    const documentNumber = await this.lastDocumentNumber().catch((error: unknown) => {
      this.logger.warn('could not read the document number after closing', { error });
      return undefined;
    });
    if (documentNumber !== undefined) closed.documentNumber = documentNumber;
    return closed;
  }

  private async fiscalDriveReceipt(
    receipt: FiscalReceiptRequest,
    sums: number[],
    footer: string,
    markOpened: () => void,
  ): Promise<ClosedReceipt> {
    for (const item of receipt.items) {
      // The first FF46 opens the receipt (SHTRIH-M.md "Two receipt flows").
      markOpened();
      await this.printing(cmd.operationV2, {
        password: this.operatorPassword,
        type: 'sale',
        quantityMicro: item.quantityMilli * 1000,
        priceKopecks: item.priceKopecks,
        taxRate: this.fiscal.taxRate,
        department: this.fiscal.department,
        paymentMethod: this.fiscal.paymentMethod,
        paymentObject: this.fiscal.paymentObject,
        name: item.name,
      });
    }
    const answer = await this.printing(cmd.closeReceiptV2, {
      password: this.sysadminPassword,
      sums,
      taxSystem: this.fiscal.taxSystem,
      text: footer,
    });
    return {
      changeKopecks: answer.changeKopecks,
      documentNumber: answer.documentNumber,
      fiscalSign: answer.fiscalSign,
    };
  }

  /** Encodes every text of the receipt before anything is sent (no half-open receipts). */
  private preflightTexts(receipt: FiscalReceiptRequest, footer: string): void {
    const nameMax = this.receiptFlow === 'classic' ? 40 : 128;
    for (const item of receipt.items) {
      if (encodeText(item.name, 'item name').length > nameMax) {
        throw badArgument(`Item name "${item.name}" is longer than ${nameMax} bytes`, {
          name: item.name,
        });
      }
    }
    const footerMax = this.receiptFlow === 'classic' ? 40 : 64;
    if (encodeText(footer, 'receipt footer').length > footerMax) {
      throw badArgument(`Receipt footer is longer than ${footerMax} bytes`, { footer });
    }
  }

  /** The receipt is closed whatever the paper does now: only log what follows. */
  private async settleAfterClose(): Promise<void> {
    try {
      await this.waitUntilReady();
    } catch (error) {
      this.logger.warn('receipt closed, but the printer is not ready afterwards', { error });
    }
  }

  private async cancelQuietly(): Promise<void> {
    try {
      await this.cancelOpenReceipt();
    } catch (error) {
      this.logger.error('could not cancel the receipt left open', { error });
    }
  }

  async cancelOpenReceipt(): Promise<boolean> {
    const status = await this.readyStatus().catch(() => this.status());
    if (status.modeNumber !== MODE.DOCUMENT_OPEN) return false;
    await this.printing(cmd.cancelReceipt, { password: this.operatorPassword });
    this.logger.info('open receipt cancelled');
    await this.settleAfterClose();
    return true;
  }

  async documentState(): Promise<DocumentState> {
    const status = await this.status();
    return {
      receiptOpen: status.modeNumber === MODE.DOCUMENT_OPEN,
      lastDocumentNumber: await this.lastDocumentNumber(),
    };
  }

  /**
   * FF0Ah: fiscal document `number` read back from the fiscal drive; undefined when the drive
   * holds none (08h). Models that lack the command reject with FISCAL_DOCUMENT_UNSUPPORTED.
   */
  async fiscalDocument(number: number): Promise<FiscalDocumentInfo | undefined> {
    try {
      const doc = await this.command(cmd.findFnDocument, {
        password: this.sysadminPassword,
        number,
      });
      const info: FiscalDocumentInfo = {
        type: doc.type,
        number: doc.number,
        fiscalSign: doc.fiscalSign,
        dateTime: doc.dateTime,
      };
      if (doc.operationType !== undefined) info.operationType = doc.operationType;
      if (doc.totalKopecks !== undefined) info.totalKopecks = doc.totalKopecks;
      return info;
    } catch (error) {
      if (isDeviceError(error, DEVICE_ERROR.FN_NO_DATA)) return undefined;
      // 37h from the register, 01h from the fiscal drive: the command is not there.
      if (isDeviceError(error, DEVICE_ERROR.NOT_SUPPORTED, 0x01)) {
        throw new PrinterError(
          FISCAL_DOCUMENT_UNSUPPORTED,
          'This printer cannot read fiscal documents back (FF0Ah not supported)',
          {
            ru: 'Принтер не умеет читать документы из ФН',
            en: 'The printer cannot read documents from the fiscal drive',
          },
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** From FF01 on fiscal-drive models; from 11h's document number where FF01 is missing. */
  private async lastDocumentNumber(): Promise<number> {
    if (this.fnStatusSupported !== false) {
      try {
        const fn = await this.fiscalDriveStatus();
        this.fnStatusSupported = true;
        return fn.lastDocumentNumber;
      } catch (error) {
        if (!isDeviceError(error, DEVICE_ERROR.NOT_SUPPORTED, 0x01)) throw error;
        this.fnStatusSupported = false;
      }
    }
    return (await this.fullStatus()).documentNumber;
  }

  // ---- payment type names (table 5) ---------------------------------------------------

  async readPaymentName(paymentNumber: number): Promise<string> {
    const field = await this.paymentNamesField(paymentNumber);
    const { value } = await this.command(cmd.readTable, {
      password: this.sysadminPassword,
      table: PAYMENT_NAMES_TABLE.TABLE,
      row: paymentNumber,
      field: PAYMENT_NAMES_TABLE.FIELD,
    });
    return decodeText(value.subarray(0, field.size)).replace(/\s+$/, '');
  }

  /** Names of payment types 1..16 (as many rows as the table has). */
  async readPaymentNames(): Promise<string[]> {
    const field = await this.paymentNamesField(1);
    const names: string[] = [];
    for (let row = 1; row <= Math.min(field.rows, PAYMENT_NAMES_TABLE.ROWS); row++) {
      names.push(await this.readPaymentName(row));
    }
    return names;
  }

  async writePaymentName(paymentNumber: number, name: string): Promise<void> {
    if (paymentNumber === PAYMENT_NAMES_TABLE.READ_ONLY_ROW) {
      throw badArgument('Payment type 1 (cash, "НАЛИЧНЫМИ") cannot be renamed', { paymentNumber });
    }
    const field = await this.paymentNamesField(paymentNumber);
    const trimmed = name.trim();
    if (trimmed === '') throw badArgument('A payment type name cannot be empty', { paymentNumber });
    const bytes = encodeText(trimmed, 'payment type name');
    if (bytes.length > field.size) {
      throw badArgument(
        `Payment type name "${trimmed}" takes ${bytes.length} bytes; ` +
          `the printer holds ${field.size}`,
        { paymentNumber, bytes: bytes.length, max: field.size },
      );
    }
    const value = bytes.length < field.size ? Buffer.concat([bytes, Buffer.from([0])]) : bytes;
    await this.command(cmd.writeTable, {
      password: this.sysadminPassword,
      table: PAYMENT_NAMES_TABLE.TABLE,
      row: paymentNumber,
      field: PAYMENT_NAMES_TABLE.FIELD,
      value,
    });
    const stored = await this.readPaymentName(paymentNumber);
    if (stored !== trimmed) {
      throw tableMismatch(
        `The printer stored payment type ${paymentNumber} as "${stored}", not "${trimmed}"`,
        { paymentNumber, stored, wanted: trimmed },
      );
    }
    this.logger.info('payment type name written', { paymentNumber });
  }

  /** Checks table 5's real structure once (2Dh, 2Eh): a CHAR field with enough rows. */
  private async paymentNamesField(paymentNumber: number): Promise<{ rows: number; size: number }> {
    if (!Number.isInteger(paymentNumber) || paymentNumber < 1 || paymentNumber > PAYMENT_SUMS) {
      throw badArgument(`Payment number must be 1..${PAYMENT_SUMS}, got ${paymentNumber}`, {
        paymentNumber,
      });
    }
    if (!this.paymentField) {
      const password = this.sysadminPassword;
      const table = PAYMENT_NAMES_TABLE.TABLE;
      const structure = await this.command(cmd.tableStructure, { password, table });
      if (structure.fields < PAYMENT_NAMES_TABLE.FIELD) {
        throw tableMismatch(`Table 5 has no field ${PAYMENT_NAMES_TABLE.FIELD}`, { ...structure });
      }
      const field = await this.command(cmd.fieldStructure, {
        password,
        table,
        field: PAYMENT_NAMES_TABLE.FIELD,
      });
      if (field.type !== 'char') {
        throw tableMismatch('Table 5 field 1 is not a text field on this printer', { ...field });
      }
      this.paymentField = { rows: structure.rows, size: field.size };
    }
    if (paymentNumber > this.paymentField.rows) {
      throw tableMismatch(
        `This printer's table 5 has ${this.paymentField.rows} rows, ` +
          `no payment type ${paymentNumber}`,
        { rows: this.paymentField.rows, paymentNumber },
      );
    }
    return this.paymentField;
  }

  async close(): Promise<void> {
    await this.link.close?.();
  }
}

function withWords(raw: cmd.ShortStatus): PrinterStatus {
  const modeNumber = raw.mode & 0x0f;
  const shift =
    modeNumber === MODE.SHIFT_OPEN || modeNumber === MODE.DOCUMENT_OPEN
      ? 'open'
      : modeNumber === MODE.SHIFT_OVER_24H
        ? 'over-24h'
        : modeNumber === MODE.SHIFT_CLOSED
          ? 'closed'
          : 'unknown';
  const paperPresent =
    (raw.flags & STATUS_FLAG.RECEIPT_ROLL) !== 0 &&
    raw.submode !== SUBMODE.PASSIVE_PAPER_OUT &&
    raw.submode !== SUBMODE.ACTIVE_PAPER_OUT;
  return {
    ...raw,
    modeNumber,
    shift,
    receiptOpen: modeNumber === MODE.DOCUMENT_OPEN,
    paperPresent,
    words: {
      mode: describeMode(raw.mode),
      submode: describeSubmode(raw.submode),
      paper: describePaper(raw.flags, raw.submode),
    },
  };
}

/** Checks items and payments; returns the 16 payment sums by payment number. */
function validateReceipt(receipt: FiscalReceiptRequest): number[] {
  if (receipt.items.length === 0) throw badArgument('A receipt needs at least one item', {});
  if (receipt.payments.length === 0) throw badArgument('A receipt needs at least one payment', {});
  for (const [i, item] of receipt.items.entries()) {
    if (!Number.isSafeInteger(item.priceKopecks) || item.priceKopecks < 0) {
      throw badArgument(`Item ${i + 1}: price must be whole kopecks`, { item: i + 1 });
    }
    if (!Number.isSafeInteger(item.quantityMilli) || item.quantityMilli <= 0) {
      throw badArgument(`Item ${i + 1}: quantity must be a positive number of thousandths`, {
        item: i + 1,
      });
    }
  }
  const sums = new Array<number>(PAYMENT_SUMS).fill(0);
  for (const payment of receipt.payments) {
    const n = payment.paymentNumber;
    if (!Number.isInteger(n) || n < 1 || n > PAYMENT_SUMS) {
      throw badArgument(`Payment number must be 1..${PAYMENT_SUMS}, got ${n}`, {
        paymentNumber: n,
      });
    }
    if (!Number.isSafeInteger(payment.kopecks) || payment.kopecks < 0) {
      throw badArgument(`Payment ${n}: the sum must be whole kopecks`, { paymentNumber: n });
    }
    sums[n - 1] += payment.kopecks;
  }
  return sums;
}

/** Bit 7 <-> bit 0 in every byte: the dot order of models with parameter bit 26. */
export function reverseBitsInEachByte(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i]!;
    let r = 0;
    for (let bit = 0; bit < 8; bit++) {
      r = (r << 1) | (b & 1);
      b >>= 1;
    }
    out[i] = r;
  }
  return out;
}

/** Splits a line longer than `width` characters at spaces (or hard, for long words). */
export function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > 0 ? cut : width;
    out.push(rest.slice(0, at).replace(/\s+$/, ''));
    rest = rest.slice(at).replace(/^\s+/, '');
  }
  if (rest.length > 0) out.push(rest);
  return out;
}
