/** The emulated fiscal drive's "fiscal sign" of a document. */
import { MODEL } from './device-constants';

/** A stable, non-zero 32-bit "fiscal sign" (FNV-1a of the document's identity). */
export function fiscalSign(number: number, total: number, at: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${MODEL.FN_SERIAL}|${number}|${total}|${at}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h || 1;
}
