/**
 * Reads back the QR of an SVG made by the `qrcode` package (one path of horizontal runs,
 * "M2 2.5h7m2 0h7…"): paints its modules into pixels and decodes them with jsQR, so a test
 * can check that the display shows the QR of the right payment, not just some SVG.
 */
import jsQR from 'jsqr';

export function readSvgQr(svg: string, scale = 4): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const path = /<path [^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) return undefined;

  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, args] of path.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = args
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (op === 'M') [x, y] = [n[0], n[1]];
    else if (op === 'm') [x, y] = [x + n[0], y + n[1]];
    else {
      const to = op === 'H' ? n[0] : x + n[0];
      for (let i = x; i < to; i++) dark.add(`${i},${Math.floor(y)}`);
      x = to;
    }
  }

  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      if (!dark.has(`${Math.floor(px / scale)},${Math.floor(py / scale)}`)) continue;
      const at = (py * width + px) * 4;
      pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
    }
  }
  return jsQR(pixels, width, width)?.data;
}
