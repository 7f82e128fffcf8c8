/**
 * Character images for the PNG tape, drawn once per character with pureimage and the
 * DejaVu Sans Mono font, then kept as coverage masks (0 = paper, 255 = full ink). Copying
 * masks is fast; drawing text through pureimage for every row is not.
 */
import path from 'node:path';
import * as PImage from 'pureimage';

export interface Glyph {
  width: number;
  height: number;
  /** Ink coverage per pixel, row by row. */
  coverage: Uint8Array;
}

export interface GlyphStyle {
  /** Cell size in pixels: the character is drawn to fill it. */
  cellWidth: number;
  cellHeight: number;
  bold: boolean;
}

const FONT_FILES = {
  regular: ['DejaVuSansMono.ttf', 'WmqrTapeMono'],
  bold: ['DejaVuSansMono-Bold.ttf', 'WmqrTapeMonoBold'],
} as const;

/** DejaVu Sans Mono metrics (per em): advance width and ascent. */
const ADVANCE_EM = 0.602;
const ASCENT_EM = 0.76;

let fontsLoaded = false;
const cache = new Map<string, Glyph>();

function loadFonts(): void {
  if (fontsLoaded) return;
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  for (const [file, family] of Object.values(FONT_FILES)) {
    PImage.registerFont(path.join(dir, file), family).loadSync();
  }
  fontsLoaded = true;
}

export function glyph(char: string, style: GlyphStyle): Glyph {
  const key = `${style.cellWidth}x${style.cellHeight}:${style.bold ? 'b' : 'r'}:${char}`;
  const hit = cache.get(key);
  if (hit) return hit;

  loadFonts();
  const { cellWidth: width, cellHeight: height } = style;
  const bitmap = PImage.make(width, height);
  const ctx = bitmap.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const size = width / ADVANCE_EM;
  const family = style.bold ? FONT_FILES.bold[1] : FONT_FILES.regular[1];
  ctx.font = `${size}px ${family}`;
  ctx.fillStyle = '#000000';
  // Centre the font's line box (ascent + descent ~ 1 em) in the cell.
  const baseline = Math.round((height - size) / 2 + size * ASCENT_EM);
  if (char.trim() !== '') ctx.fillText(char, 0, baseline);

  const coverage = new Uint8Array(width * height);
  for (let i = 0; i < coverage.length; i++) coverage[i] = 255 - bitmap.data[i * 4];
  const out = { width, height, coverage };
  cache.set(key, out);
  return out;
}
