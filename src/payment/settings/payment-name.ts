/**
 * Payment type names live in table 5 of the register: CHAR 64 in Windows-1251. A name that
 * cannot be encoded would come out as '?' on every receipt, so it is refused up front.
 */
import iconv from 'iconv-lite';
import { SETTINGS_LIMITS } from './settings';

export type NameCheck = { ok: true; bytes: number } | { ok: false; why: string; tooLong: boolean };

/** Checks that `text` is printable by the register in at most `maxBytes` bytes. */
export function checkCp1251Text(text: string, maxBytes: number): NameCheck {
  if (text.includes('\0')) return { ok: false, why: 'contains a NUL character', tooLong: false };
  const bytes = iconv.encode(text, 'win1251');
  const back = iconv.decode(bytes, 'win1251');
  if (back !== text) {
    const bad = [...text].find((ch) => iconv.decode(iconv.encode(ch, 'win1251'), 'win1251') !== ch);
    return {
      ok: false,
      why: `has "${bad}", which cannot be written in Windows-1251`,
      tooLong: false,
    };
  }
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      why: `is ${bytes.length} bytes in Windows-1251, at most ${maxBytes} fit`,
      tooLong: true,
    };
  }
  return { ok: true, bytes: bytes.length };
}

export function checkPaymentName(name: string): NameCheck {
  if (name.trim() === '') return { ok: false, why: 'is empty', tooLong: false };
  return checkCp1251Text(name, SETTINGS_LIMITS.paymentNameBytes);
}
