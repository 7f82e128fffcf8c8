/**
 * Printing: 12h bold string (p. 19), 17h string (p. 21), 25h cut (p. 24), B0h continue
 * (p. 33), C5h graphic line (p. 35), DDh load data and DEh 2-D barcode (p. 37-38).
 */
import type { CommandHandler, ShtrihDevice } from '../fiscal-device';
import { DEVICE_ERROR as ERR } from '../../../src/printer/protocol/device-errors';
import {
  BARCODE_2D,
  CMD,
  GRAPHIC_LINE_BYTES,
  GRAPHIC_LINE_MAX_REPEAT,
  LOAD_DATA,
  PRINT_FLAG,
} from '../../../src/printer/protocol/shtrih-constants';
import { MODEL } from '../device-constants';
import { decodeText, refuse, RequestReader } from '../wire-format';
import { buildQrSymbol } from '../tape/qr-symbol';
import type { Alignment, QrErrorCorrection } from '../tape/tape-entry';

/** Characters 1..31 are not printed (p. 20, note 6); zero ends the string. */
export function printableText(bytes: Buffer): string {
  return decodeText(bytes).replace(/[\u0001-\u001f]/g, '');
}

function printString(bold: boolean): CommandHandler {
  return (device, request) => {
    const op = device.operatorFor(request.uint(4, 'password'));
    const flags = request.u8('flags');
    const text = printableText(request.rest(246, 'text'));
    device.requirePaper();
    // Print flags (p. 19): the emulated model has a receipt tape and no journal tape.
    if (flags & PRINT_FLAG.RECEIPT) device.print([{ kind: 'text', text: text.trimEnd(), bold }]);
    return [op];
  };
}

const cut: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const type = request.u8('cut type');
  if (type > 1) refuse(ERR.INVALID_PARAMETERS, 'cut type is 0 (full) or 1 (partial)');
  // Table 1 field 22 "cut with an open receipt" (guide p. 44), default 0 = forbidden.
  if (device.receipt && device.tables.get(1, 1, 22) === 0) {
    refuse(ERR.RECEIPT_OPEN, 'cutting is not allowed while a receipt is open');
  }
  device.requirePaper();
  device.print([{ kind: 'cut', partial: type === 1 }]);
  return [op];
};

const continuePrint: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  device.continuePrinting();
  return [op];
};

/**
 * C5h: password, repeat count u16, then the line. Models with the print-flags byte
 * (model bit 37, p. 35 note 1) put a flags byte before the line; we accept both forms: a
 * 41-byte tail is flags + 40 bytes, anything up to 40 bytes is the line itself.
 */
const graphicLine: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const repeat = request.u16('repeat count');
  if (repeat < 1 || repeat > GRAPHIC_LINE_MAX_REPEAT) {
    refuse(ERR.INVALID_PARAMETERS, `repeat count ${repeat} outside 1..1200`);
  }
  const tail = request.rest(GRAPHIC_LINE_BYTES + 1, 'graphic line');
  const hasFlags = tail.length === GRAPHIC_LINE_BYTES + 1;
  const flags = hasFlags ? tail[0] : PRINT_FLAG.RECEIPT;
  const line = hasFlags ? tail.subarray(1) : tail;
  if (line.length === 0) refuse(ERR.INVALID_PARAMETERS, 'empty graphic line');
  device.requirePaper();

  // Dot order: model parameter bit 26 "Переворачивать байты при печати линии" (F7h, p. 39)
  // marks models that print LSB-first; without it the vendor text implies MSB-first (bit 7 =
  // leftmost dot), the default. The option decides, and F7h reports it.
  const bits = Buffer.alloc(GRAPHIC_LINE_BYTES);
  line.copy(bits);
  if (device.graphicsBitOrder === 'lsb-first') reverseBitsInPlace(bits);
  if (flags & PRINT_FLAG.RECEIPT) device.print([{ kind: 'graphic-line', bits, repeat }]);
  return [op];
};

function reverseBitsInPlace(bytes: Buffer): void {
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i];
    let r = 0;
    for (let bit = 0; bit < 8; bit++) {
      r = (r << 1) | (b & 1);
      b >>= 1;
    }
    bytes[i] = r;
  }
}

const loadData: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const type = request.u8('data type');
  const block = request.u8('block number');
  const data = request.rest(LOAD_DATA.BLOCK_SIZE, 'data block');
  if (type !== LOAD_DATA.TYPE_2D_BARCODE) refuse(ERR.INVALID_PARAMETERS, `data type ${type}`);
  if (block >= LOAD_DATA.MAX_BLOCKS) refuse(ERR.INVALID_PARAMETERS, `block ${block} > 127`);
  const padded = Buffer.alloc(LOAD_DATA.BLOCK_SIZE);
  data.copy(padded);
  device.dataBlocks.set(block, padded);
  return [op];
};

const ERROR_CORRECTION: readonly QrErrorCorrection[] = ['L', 'M', 'Q', 'H'];
const ALIGNMENT: readonly Alignment[] = ['left', 'center', 'right'];

const print2dBarcode: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const q = readBarcodeRequest(request);
  const data = assembleData(device, q.firstBlock, q.length);
  device.requirePaper();

  let symbol;
  try {
    symbol = buildQrSymbol(data, q);
  } catch (error) {
    refuse(ERR.INVALID_PARAMETERS, `QR cannot hold the data: ${(error as Error).message}`);
  }
  const dots = symbol.size * q.moduleSize;
  if (dots > MODEL.PRINT_WIDTH_DOTS) {
    refuse(
      ERR.INVALID_PARAMETERS,
      `QR of ${dots} dots is wider than the ${MODEL.PRINT_WIDTH_DOTS}-dot print area`,
    );
  }

  device.print([
    {
      kind: 'qr',
      text: dataAsText(data),
      data,
      version: q.version,
      mask: q.mask,
      moduleSize: q.moduleSize,
      errorCorrection: q.errorCorrection,
      alignment: q.alignment,
    },
  ]);
  // The 12-byte answer for QR (p. 37, note 2): parameters used and the size in dots.
  return [
    op,
    symbol.version,
    symbol.maskPattern + 1,
    q.moduleSize,
    0,
    ERROR_CORRECTION.indexOf(q.errorCorrection),
    dots & 0xff,
    dots >> 8,
    dots & 0xff,
    dots >> 8,
  ];
};

function readBarcodeRequest(request: RequestReader) {
  const type = request.u8('barcode type');
  const length = request.u16('data length');
  const firstBlock = request.u8('first block');
  const [p1, p2, p3, , p5] = [1, 2, 3, 4, 5].map((n) => request.u8(`parameter ${n}`));
  const align = request.u8('alignment');
  if (type !== BARCODE_2D.TYPE_QR && type !== BARCODE_2D.TYPE_QR_ALT) {
    refuse(ERR.NOT_SUPPORTED, `barcode type ${type}: the emulator prints QR codes only`);
  }
  if (length < 1 || length > BARCODE_2D.MAX_LENGTH) {
    refuse(ERR.INVALID_PARAMETERS, `data length ${length}`);
  }
  if (firstBlock >= LOAD_DATA.MAX_BLOCKS) refuse(ERR.INVALID_PARAMETERS, `block ${firstBlock}`);
  if (p1 > BARCODE_2D.MAX_VERSION) refuse(ERR.INVALID_PARAMETERS, `QR version ${p1}`);
  if (p2 > BARCODE_2D.MAX_MASK) refuse(ERR.INVALID_PARAMETERS, `QR mask ${p2}`);
  // Dot size 0 is taken as the smallest, 3, as table 11 does for its QR codes.
  const moduleSize = p3 === 0 ? BARCODE_2D.MIN_DOT_SIZE : p3;
  if (moduleSize < BARCODE_2D.MIN_DOT_SIZE || moduleSize > BARCODE_2D.MAX_DOT_SIZE) {
    refuse(ERR.INVALID_PARAMETERS, `QR dot size ${p3} outside 3..8`);
  }
  if (p5 > 3) refuse(ERR.INVALID_PARAMETERS, `QR error correction ${p5} outside 0..3`);
  if (align > 2) refuse(ERR.INVALID_PARAMETERS, `alignment ${align}`);
  return {
    length,
    firstBlock,
    version: p1,
    mask: p2,
    moduleSize,
    errorCorrection: ERROR_CORRECTION[p5],
    alignment: ALIGNMENT[align],
  };
}

function assembleData(device: ShtrihDevice, firstBlock: number, length: number): Buffer {
  const blocks: Buffer[] = [];
  const count = Math.ceil(length / LOAD_DATA.BLOCK_SIZE);
  for (let i = 0; i < count; i++) {
    const block = device.dataBlocks.get(firstBlock + i);
    if (!block) refuse(ERR.NO_DATA, `data block ${firstBlock + i} was not loaded`);
    blocks.push(block);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** UTF-8 when the bytes are valid UTF-8 (URLs, table 11 field 1), else Windows-1251. */
function dataAsText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return decodeText(data);
  }
}

export const PRINT_COMMANDS: Record<number, CommandHandler> = {
  [CMD.PRINT_BOLD]: printString(true),
  [CMD.PRINT_STRING]: printString(false),
  [CMD.CUT]: cut,
  [CMD.CONTINUE_PRINT]: continuePrint,
  [CMD.PRINT_GRAPHIC_LINE]: graphicLine,
  [CMD.LOAD_DATA]: loadData,
  [CMD.PRINT_2D_BARCODE]: print2dBarcode,
};
