/**
 * Money is an integer number of kopecks everywhere (never a float). The largest amount the
 * printer's 5-byte money fields hold is 2^40 - 1 kopecks, far inside Number's safe range.
 */
import { WmqrError } from './errors';

export type Kopecks = number;

export const MAX_KOPECKS: Kopecks = 2 ** 40 - 1;

export class AmountError extends WmqrError {
  constructor(input: string, why: string) {
    super('BAD_AMOUNT', `Amount "${input}" is not valid: ${why}`, { details: { input } });
  }
}

/**
 * Parses "150", "150.5", "150.50", "1 234,56" into kopecks exactly, by string, so that
 * 0.1 + 0.2 style float errors cannot happen.
 */
export function parseAmount(input: string): Kopecks {
  const text = input
    .trim()
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.');
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) {
    throw new AmountError(input, 'write rubles with up to two decimals, e.g. 150 or 150.50');
  }
  const kopecks = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  assertKopecks(kopecks, input);
  return kopecks;
}

/** Throws unless `value` is a whole, non-negative number of kopecks the printer can hold. */
export function assertKopecks(value: number, what = String(value)): Kopecks {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AmountError(what, 'must be a whole, non-negative number of kopecks');
  }
  if (value > MAX_KOPECKS) throw new AmountError(what, 'is larger than the printer can hold');
  return value;
}

/** 15050 → "150.50" (for people: tape, display, CLI). */
export function formatRubles(kopecks: Kopecks): string {
  const rubles = Math.floor(kopecks / 100);
  const rest = String(kopecks % 100).padStart(2, '0');
  return `${rubles}.${rest}`;
}

/**
 * The gateway's format, without trailing zeros: 15000 → "150", 15050 → "150.5",
 * 15055 → "150.55".
 */
export function formatGatewayAmount(kopecks: Kopecks): string {
  const text = formatRubles(kopecks);
  if (text.endsWith('.00')) return text.slice(0, -3);
  return text.endsWith('0') ? text.slice(0, -1) : text;
}
