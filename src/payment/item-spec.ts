/**
 * Receipt lines written on a command line: "name:price[:qty]", e.g. "Кофе латте:150.50" or
 * "Сыр:999.90:0.25". Prices and quantities are parsed as text, exactly (no floats).
 */
import { WmqrError } from '../core/errors';
import { parseAmount } from '../core/money';
import type { ReceiptItem } from './ports';

const NUMBER = /^\s*\d[\d\s]*(?:[.,]\d+)?\s*$/;

export function parseItemSpec(spec: string): ReceiptItem {
  const parts = spec.split(':');
  // The name may itself hold ':'; numbers are taken from the right.
  const hasQty = parts.length >= 3 && NUMBER.test(parts.at(-1)!) && NUMBER.test(parts.at(-2)!);
  const priceText = hasQty ? parts.at(-2)! : parts.at(-1)!;
  const qtyText = hasQty ? parts.at(-1)! : '1';
  const name = parts
    .slice(0, hasQty ? -2 : -1)
    .join(':')
    .trim();
  if (parts.length < 2 || name === '') {
    throw itemError(
      spec,
      'write it as "name:price" or "name:price:quantity", e.g. "Кофе:150.50:2"',
    );
  }

  let priceKopecks: number;
  try {
    priceKopecks = parseAmount(priceText);
  } catch {
    throw itemError(spec, `the price "${priceText}" is not rubles with up to two decimals`);
  }
  return { name, priceKopecks, quantityMilli: parseQuantity(spec, qtyText) };
}

/** "2" → 2000, "0.25" → 250, "1,5" → 1500 (thousandths, as the register counts). */
function parseQuantity(spec: string, text: string): number {
  const match = /^(\d{1,9})(?:[.,](\d{1,3}))?$/.exec(text.trim());
  const milli = match ? Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0')) : 0;
  if (!match || milli === 0) {
    throw itemError(spec, `the quantity "${text}" must be more than 0 with up to 3 decimals`);
  }
  return milli;
}

function itemError(spec: string, why: string): WmqrError {
  return new WmqrError('PAYMENT_BAD_ITEM', `Item "${spec}": ${why}`, { details: { spec } });
}
