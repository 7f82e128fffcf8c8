/**
 * The payment QR as inline SVG, rendered on the server with the `qrcode` package so the page
 * needs no script library and no external asset. The last few renderings are kept: the same
 * QR goes to every display update of a payment.
 */
import QRCode from 'qrcode';
import type { QrErrorCorrection } from '../../payment/settings/settings';

/** A scanner needs a quiet zone of 4 modules around the code (ISO/IEC 18004). */
const QUIET_ZONE_MODULES = 4;
const CACHE_SIZE = 4;

const cache = new Map<string, Promise<string>>();

export function renderQrSvg(
  text: string,
  errorCorrection: QrErrorCorrection,
  label: string,
): Promise<string> {
  const key = `${errorCorrection}\u0000${label}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const rendering = QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: errorCorrection,
    margin: QUIET_ZONE_MODULES,
    color: { dark: '#000000', light: '#ffffff' },
  }).then((svg) => svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttr(label)}" `));
  cache.set(key, rendering);
  rendering.catch(() => cache.delete(key));
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return rendering;
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
