/**
 * PNG picture of the tape, as the roll would look: 384 dots wide (57 mm paper at 203 dpi)
 * with a 320-dot print area (40-byte graphic lines, p. 35), 40 characters of 8 dots per row,
 * QR codes drawn module by module from the DEh data, C5h lines drawn dot for dot.
 */
import { PNG } from 'pngjs';
import type { TapeEntry } from './tape-entry';
import { layoutTape, type TapeRow } from './tape-layout';
import { buildQrSymbol } from './qr-symbol';
import { glyph } from './glyph-cache';

export interface PngOptions {
  /** Pixels per printer dot (default 1: a 384-pixel-wide image). */
  scale?: number;
}

const DOTS = {
  PAPER: 384,
  MARGIN: 32,
  PRINT: 320,
  CHAR_WIDTH: 8,
  ROW_HEIGHT: 20,
  /** Top and bottom of the roll. */
  EDGE: 16,
  CUT_HEIGHT: 24,
  /** Quiet zone above and below a QR code, in modules. */
  QR_QUIET_MODULES: 4,
} as const;

class GrayCanvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(255);
  }

  /** Darkens a rectangle to `ink` (0 = black). */
  fill(x: number, y: number, w: number, h: number, ink = 0): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + h); row++) {
      const base = row * this.width;
      for (let col = Math.max(0, x); col < Math.min(this.width, x + w); col++) {
        if (this.pixels[base + col] > ink) this.pixels[base + col] = ink;
      }
    }
  }

  drawCoverage(x: number, y: number, w: number, h: number, coverage: Uint8Array): void {
    for (let row = 0; row < h; row++) {
      const py = y + row;
      if (py < 0 || py >= this.height) continue;
      for (let col = 0; col < w; col++) {
        const px = x + col;
        if (px < 0 || px >= this.width) continue;
        const ink = 255 - coverage[row * w + col];
        const i = py * this.width + px;
        if (this.pixels[i] > ink) this.pixels[i] = ink;
      }
    }
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    for (let i = 0; i < this.pixels.length; i++) {
      const v = this.pixels[i];
      png.data[i * 4] = v;
      png.data[i * 4 + 1] = v;
      png.data[i * 4 + 2] = v;
      png.data[i * 4 + 3] = 255;
    }
    return PNG.sync.write(png, { colorType: 0 });
  }
}

type Painter = { height: number; paint(canvas: GrayCanvas, y: number): void };

export async function renderTapePng(
  entries: readonly TapeEntry[],
  options: PngOptions = {},
): Promise<Buffer> {
  const s = Math.max(1, Math.floor(options.scale ?? 1));
  const painters = layoutTape(entries).map((row) => painterFor(row, s));
  const height = painters.reduce((sum, p) => sum + p.height, 2 * DOTS.EDGE * s);

  const canvas = new GrayCanvas(DOTS.PAPER * s, height);
  let y = DOTS.EDGE * s;
  for (const painter of painters) {
    painter.paint(canvas, y);
    y += painter.height;
  }
  return canvas.toPng();
}

function painterFor(row: TapeRow, s: number): Painter {
  const left = DOTS.MARGIN * s;
  switch (row.kind) {
    case 'text': {
      const factor = row.wide ? 2 : 1;
      const cellWidth = DOTS.CHAR_WIDTH * factor * s;
      const cellHeight = DOTS.ROW_HEIGHT * factor * s;
      return {
        height: cellHeight,
        paint(canvas, y) {
          Array.from(row.text).forEach((char, i) => {
            const g = glyph(char, { cellWidth, cellHeight, bold: row.bold });
            canvas.drawCoverage(left + i * cellWidth, y, g.width, g.height, g.coverage);
          });
        },
      };
    }
    case 'qr': {
      const e = row.entry;
      const symbol = buildQrSymbol(e.data, e);
      const module = e.moduleSize * s;
      const side = symbol.size * module;
      const quiet = DOTS.QR_QUIET_MODULES * module;
      const room = DOTS.PRINT * s - side;
      const x =
        left + (e.alignment === 'left' ? 0 : e.alignment === 'right' ? room : Math.floor(room / 2));
      return {
        height: side + 2 * quiet,
        paint(canvas, y) {
          for (let r = 0; r < symbol.size; r++) {
            for (let c = 0; c < symbol.size; c++) {
              if (symbol.isDark(r, c)) {
                canvas.fill(x + c * module, y + quiet + r * module, module, module);
              }
            }
          }
        },
      };
    }
    case 'graphics': {
      const dotsHigh = row.lines.reduce((sum, l) => sum + l.repeat, 0);
      return {
        height: dotsHigh * s,
        paint(canvas, y) {
          let dotRow = 0;
          for (const line of row.lines) {
            for (let bit = 0; bit < line.bits.length * 8; bit++) {
              if ((line.bits[bit >> 3] & (0x80 >> (bit & 7))) === 0) continue;
              canvas.fill(left + bit * s, y + dotRow * s, s, line.repeat * s);
            }
            dotRow += line.repeat;
          }
        },
      };
    }
    case 'cut':
      return {
        height: DOTS.CUT_HEIGHT * s,
        paint(canvas, y) {
          const mid = y + Math.floor((DOTS.CUT_HEIGHT * s) / 2);
          const dash = (row.partial ? 4 : 10) * s;
          for (let x = 0; x < canvas.width; x += 2 * dash) canvas.fill(x, mid, dash, s, 128);
        },
      };
    case 'gap':
      return { height: DOTS.ROW_HEIGHT * s, paint: () => undefined };
  }
}
