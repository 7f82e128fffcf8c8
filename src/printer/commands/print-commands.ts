/**
 * Printing: 12h bold string (p. 19), 17h string (p. 21), 25h cut (p. 24), B0h continue
 * printing (p. 33), C5h graphic line (p. 35), DDh load data (p. 37), DEh 2-D barcode (p. 37).
 */
import { FieldEncodeError, type ByteWriter } from '../protocol/field-codec';
import {
  ALIGNMENT,
  BARCODE_2D,
  CMD,
  CUT_TYPE,
  GRAPHIC_LINE_MAX_REPEAT,
  LOAD_DATA,
  PRINT_BOLD_WIDTH,
  PRINT_FLAG,
  PRINT_STRING_WIDTH,
} from '../protocol/shtrih-constants';
import {
  defineCommand,
  encodePassword,
  readOperator,
  type OperatorAnswer,
  type PasswordRequest,
} from './command-spec';

export interface PrintStringRequest extends PasswordRequest {
  /** Bit 0 journal, bit 1 receipt (PRINT_FLAG); default receipt only. */
  flags?: number;
  text: string;
}

/** 12h and 17h: password, flags, the text zero-padded to the command's width. */
function encodePrintString(width: number, field: string) {
  return (r: PrintStringRequest, w: ByteWriter): void =>
    void w
      .u32(r.password, 'password')
      .u8(r.flags ?? PRINT_FLAG.RECEIPT, 'flags')
      .fixedText(r.text, width, field);
}

/** 17h: password, flags, 40 bytes of text zero-padded. */
export const printString = defineCommand<PrintStringRequest, OperatorAnswer>({
  code: CMD.PRINT_STRING,
  name: 'print string',
  page: 21,
  encode: encodePrintString(PRINT_STRING_WIDTH, 'line'),
  decode: readOperator,
});

/** 12h: password, flags, 20 bytes of text (double-width font 2). */
export const printBold = defineCommand<PrintStringRequest, OperatorAnswer>({
  code: CMD.PRINT_BOLD,
  name: 'print bold string',
  page: 19,
  encode: encodePrintString(PRINT_BOLD_WIDTH, 'bold line'),
  decode: readOperator,
});

export interface CutRequest extends PasswordRequest {
  type: keyof typeof CUT_TYPE;
}

/** 25h: password, 0 full / 1 partial. */
export const cut = defineCommand<CutRequest, OperatorAnswer>({
  code: CMD.CUT,
  name: 'cut',
  page: 24,
  encode: (r, w) => void w.u32(r.password, 'password').u8(CUT_TYPE[r.type], 'cut type'),
  decode: readOperator,
});

/** B0h: password (operator, administrator or system administrator). */
export const continuePrint = defineCommand<PasswordRequest, OperatorAnswer>({
  code: CMD.CONTINUE_PRINT,
  name: 'continue printing',
  page: 33,
  encode: encodePassword,
  decode: readOperator,
});

export interface GraphicLineRequest extends PasswordRequest {
  /** How many times the device prints this dot line, 1..1200. */
  repeat: number;
  /** One dot line, leftmost dot in the high bit of the first byte (40 bytes narrow). */
  line: Uint8Array;
  /**
   * C5h flags byte; only on models with parameter bit 37 (p. 35). Omitted by default, as
   * the narrow models this driver targets take `password, repeat, line`.
   */
  flags?: number;
}

/** C5h: password, repeat u16 [, flags], dot line. */
export const printGraphicLine = defineCommand<GraphicLineRequest, OperatorAnswer>({
  code: CMD.PRINT_GRAPHIC_LINE,
  name: 'print graphic line',
  page: 35,
  encode(r, w) {
    if (r.repeat < 1 || r.repeat > GRAPHIC_LINE_MAX_REPEAT) {
      throw new FieldEncodeError(
        'PRINTER_BAD_ARGUMENT',
        `graphic line repeat count must be 1..${GRAPHIC_LINE_MAX_REPEAT}, got ${r.repeat}`,
        { field: 'repeat', value: r.repeat },
      );
    }
    w.u32(r.password, 'password').u16(r.repeat, 'repeat count');
    if (r.flags !== undefined) w.u8(r.flags, 'flags');
    w.bytes(r.line);
  },
  decode: readOperator,
});

export interface LoadDataRequest extends PasswordRequest {
  /** Block number 0..127. */
  block: number;
  /** Up to 64 bytes; a shorter last block is zero-padded. */
  data: Uint8Array;
}

/** DDh: password, data type 0 (2-D barcode), block number, 64 data bytes. */
export const loadData = defineCommand<LoadDataRequest, OperatorAnswer>({
  code: CMD.LOAD_DATA,
  name: 'load data',
  page: 37,
  encode(r, w) {
    if (r.data.length > LOAD_DATA.BLOCK_SIZE) {
      throw new FieldEncodeError(
        'PRINTER_BAD_ARGUMENT',
        `a data block holds ${LOAD_DATA.BLOCK_SIZE} bytes, got ${r.data.length}`,
        { field: 'data', length: r.data.length },
      );
    }
    if (r.block >= LOAD_DATA.MAX_BLOCKS) {
      throw new FieldEncodeError(
        'PRINTER_BAD_ARGUMENT',
        `data block number must be 0..${LOAD_DATA.MAX_BLOCKS - 1}, got ${r.block}`,
        { field: 'block', value: r.block },
      );
    }
    const block = Buffer.alloc(LOAD_DATA.BLOCK_SIZE);
    block.set(r.data);
    w.u32(r.password, 'password')
      .u8(LOAD_DATA.TYPE_2D_BARCODE, 'data type')
      .u8(r.block, 'block number')
      .bytes(block);
  },
  decode: readOperator,
});

export interface Barcode2dRequest extends PasswordRequest {
  /** BARCODE_2D.TYPE_QR (3) for QR codes. */
  barcodeType: number;
  /** Bytes of loaded data, 1..7089. */
  length: number;
  firstBlock: number;
  /** QR: p1 version (0 auto), p2 mask, p3 dot size 3..8, p4 unused, p5 error correction. */
  params: [number, number, number, number, number];
  alignment: keyof typeof ALIGNMENT;
}

export interface Barcode2dAnswer extends OperatorAnswer {
  /** Parameters the device used, and the size in dots, when it reports them (p. 37). */
  params?: number[];
  widthDots?: number;
  heightDots?: number;
}

/** DEh: password, type, length u16, first block, p1..p5, alignment. */
export const print2dBarcode = defineCommand<Barcode2dRequest, Barcode2dAnswer>({
  code: CMD.PRINT_2D_BARCODE,
  name: 'print 2-D barcode',
  page: 37,
  encode(r, w) {
    if (r.length < 1 || r.length > BARCODE_2D.MAX_LENGTH) {
      throw new FieldEncodeError(
        'PRINTER_BAD_ARGUMENT',
        `2-D barcode data must be 1..${BARCODE_2D.MAX_LENGTH} bytes, got ${r.length}`,
        { field: 'length', value: r.length },
      );
    }
    w.u32(r.password, 'password')
      .u8(r.barcodeType, 'barcode type')
      .u16(r.length, 'data length')
      .u8(r.firstBlock, 'first block');
    r.params.forEach((p, i) => w.u8(p, `parameter ${i + 1}`));
    w.u8(ALIGNMENT[r.alignment], 'alignment');
  },
  decode(r) {
    const answer: Barcode2dAnswer = { operator: r.u8('operator') };
    if (r.remaining >= 9) {
      answer.params = [...r.bytes(5, 'parameters')];
      answer.widthDots = r.u16('width');
      answer.heightDots = r.u16('height');
    }
    return answer;
  },
});
