/**
 * Turns a QR code into C5h graphic lines for models without the 2-D barcode command. Each
 * module row becomes one dot line scaled to `dotSize` dots, printed `dotSize` times by the
 * line's repeat count; identical neighbouring rows (and the quiet zones) merge into one line
 * with a bigger repeat, so a QR costs one frame per distinct module row.
 */
import QRCode from 'qrcode';
import { GRAPHIC_LINE_BYTES, GRAPHIC_LINE_MAX_REPEAT } from '../protocol/shtrih-constants';
import { badArgument } from './printer-errors';

export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export interface QrMatrix {
  /** Modules per side. */
  size: number;
  /** True for a dark module. */
  get(row: number, col: number): boolean;
}

export interface GraphicRun {
  repeat: number;
  line: Buffer;
}

export interface QrRasterOptions {
  /** Wanted dots per module; shrunk when the code would not fit the line. */
  dotSize: number;
  /** Bytes per dot line (40 on narrow printers, p. 35). */
  lineBytes?: number;
  /** Light modules around the code (the QR standard asks for 4). */
  quietModules?: number;
}

/** Builds the QR matrix for `text` (UTF-8 bytes, as `qrcode` encodes them). */
export function buildQrMatrix(text: string, errorCorrection: ErrorCorrection): QrMatrix {
  try {
    const qr = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
    const { size } = qr.modules;
    return { size, get: (row, col) => Boolean(qr.modules.get(row, col)) };
  } catch (error) {
    throw badArgument(
      `The QR text (${Buffer.byteLength(text)} bytes) does not fit a QR code ` +
        `at error correction ${errorCorrection}`,
      { bytes: Buffer.byteLength(text), errorCorrection, reason: String(error) },
    );
  }
}

export function rasterQr(
  matrix: QrMatrix,
  options: QrRasterOptions,
): {
  runs: GraphicRun[];
  dotSize: number;
} {
  const lineBytes = options.lineBytes ?? GRAPHIC_LINE_BYTES;
  const quiet = options.quietModules ?? 4;
  const dots = lineBytes * 8;
  const dotSize = Math.min(options.dotSize, Math.floor(dots / (matrix.size + 2 * quiet)));
  if (dotSize < 1) {
    throw badArgument(
      `A QR code of ${matrix.size} modules does not fit a ${dots}-dot line; shorten the text`,
      { modules: matrix.size, dots },
    );
  }
  const left = Math.floor((dots - matrix.size * dotSize) / 2);

  const rows: Buffer[] = [];
  for (let r = 0; r < matrix.size; r++) {
    const line = Buffer.alloc(lineBytes);
    for (let c = 0; c < matrix.size; c++) {
      if (!matrix.get(r, c)) continue;
      for (let d = 0; d < dotSize; d++) setDot(line, left + c * dotSize + d);
    }
    rows.push(line);
  }

  const blank = Buffer.alloc(lineBytes);
  const runs: GraphicRun[] = [];
  const add = (line: Buffer, repeat: number) => {
    const last = runs[runs.length - 1];
    if (last && last.line.equals(line)) last.repeat += repeat;
    else runs.push({ line, repeat });
  };
  add(blank, quiet * dotSize);
  for (const row of rows) add(row, dotSize);
  add(blank, quiet * dotSize);
  return { runs: splitLongRuns(runs), dotSize };
}

/** Leftmost dot is the high bit of the first byte. */
function setDot(line: Buffer, dot: number): void {
  line[dot >> 3]! |= 0x80 >> (dot & 7);
}

function splitLongRuns(runs: GraphicRun[]): GraphicRun[] {
  return runs.flatMap(({ line, repeat }) => {
    const parts: GraphicRun[] = [];
    for (let left = repeat; left > 0; left -= GRAPHIC_LINE_MAX_REPEAT) {
      parts.push({ line, repeat: Math.min(left, GRAPHIC_LINE_MAX_REPEAT) });
    }
    return parts;
  });
}
