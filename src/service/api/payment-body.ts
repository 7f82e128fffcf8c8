/**
 * The body of POST /v1/payments, checked field by field; every refusal names the field:
 *
 *   { "system": "sbp", "amount": "150.00", "description": "...",
 *     "items": [{ "name": "Кофе", "price": "75.00", "quantity": 2 }] }
 *
 * Amounts are rubles as text ("150.00"), parsed exactly, or whole kopecks (`amountKopecks`,
 * `priceKopecks`). A JSON number of rubles is refused: it is a float and may not be exact.
 * The payment core then checks the rest (system enabled, names printable, items add up).
 */
import { WmqrError } from '../../core/errors';
import { assertKopecks, parseAmount, type Kopecks } from '../../core/money';
import { lineTotal, type PaymentRequest } from '../../payment/controller/payment-request';
import type { PaySystem, ReceiptItem } from '../../payment/ports';
import { ServiceRequestError } from '../service-errors';

const BODY_FIELDS = ['system', 'amount', 'amountKopecks', 'items', 'description'] as const;
const ITEM_FIELDS = ['name', 'price', 'priceKopecks', 'quantity'] as const;
/** More lines than a receipt of a till sale plausibly has. */
const MAX_ITEMS = 100;

/** Which body field each of the payment core's request errors is about. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  PAYMENT_UNKNOWN_SYSTEM: 'system',
  PAYMENT_SYSTEM_NOT_ENABLED: 'system',
  PAYMENT_BAD_AMOUNT: 'amount',
  PAYMENT_BAD_ITEM: 'items',
  PAYMENT_ITEMS_TOTAL_MISMATCH: 'items',
};

export function parsePaymentBody(body: unknown): PaymentRequest {
  const obj = object(
    body,
    'body',
    'the body must be a JSON object, e.g. {"system":"sbp","amount":"150.00"}',
  );
  unknownFields(obj, BODY_FIELDS, '');

  if (obj.system === undefined) {
    throw missing('system', 'give the payment system: "sbp", "wm", "wechat" or "alipay"');
  }
  if (typeof obj.system !== 'string') throw invalid('system', 'must be text, e.g. "sbp"');

  const items = obj.items === undefined ? undefined : parseItems(obj.items);
  const amountKopecks = parseTotal(obj, items);

  let description: string | undefined;
  if (obj.description !== undefined) {
    if (typeof obj.description !== 'string') throw invalid('description', 'must be text');
    description = obj.description;
  }
  return { paySystem: obj.system as PaySystem, amountKopecks, items, description };
}

/** Gives a payment-core request error the body field it is about (for the 400 answer). */
export function withField(error: unknown): unknown {
  if (!(error instanceof WmqrError) || error instanceof ServiceRequestError) return error;
  const field = FIELD_OF_CODE[error.code];
  if (!field) return error;
  return new ServiceRequestError(error.code, error.message, {
    field,
    details: { ...error.details },
    cause: error,
  });
}

function parseTotal(obj: Record<string, unknown>, items: ReceiptItem[] | undefined): Kopecks {
  if (obj.amount !== undefined && obj.amountKopecks !== undefined) {
    throw invalid('amount', 'give either "amount" or "amountKopecks", not both');
  }
  if (obj.amount !== undefined) return rubles(obj.amount, 'amount');
  if (obj.amountKopecks !== undefined) return kopecks(obj.amountKopecks, 'amountKopecks');
  if (items && items.length > 0) return items.reduce((sum, item) => sum + lineTotal(item), 0);
  throw missing(
    'amount',
    'give "amount" as rubles text, e.g. "150.00" (or "amountKopecks", or items)',
  );
}

function parseItems(value: unknown): ReceiptItem[] {
  if (!Array.isArray(value)) throw invalid('items', 'must be a list of {name, price, quantity}');
  if (value.length > MAX_ITEMS) throw invalid('items', `must have at most ${MAX_ITEMS} lines`);
  return value.map((raw, i) => {
    const at = `items[${i}]`;
    const item = object(raw, at, 'must be an object {name, price, quantity}');
    unknownFields(item, ITEM_FIELDS, `${at}.`);
    if (typeof item.name !== 'string' || item.name.trim() === '') {
      throw item.name === undefined
        ? missing(`${at}.name`, 'give the printed name of the goods')
        : invalid(`${at}.name`, 'must be non-empty text');
    }
    if (item.price !== undefined && item.priceKopecks !== undefined) {
      throw invalid(`${at}.price`, 'give either "price" or "priceKopecks", not both');
    }
    const priceKopecks =
      item.price !== undefined
        ? rubles(item.price, `${at}.price`)
        : item.priceKopecks !== undefined
          ? kopecks(item.priceKopecks, `${at}.priceKopecks`)
          : (() => {
              throw missing(
                `${at}.price`,
                'give the price of one unit as rubles text, e.g. "75.00"',
              );
            })();
    const quantityMilli =
      item.quantity === undefined ? 1000 : quantity(item.quantity, `${at}.quantity`);
    return { name: item.name.trim(), priceKopecks, quantityMilli };
  });
}

function rubles(value: unknown, field: string): Kopecks {
  if (typeof value !== 'string') {
    throw invalid(
      field,
      `must be rubles as text, e.g. "150.00" (a JSON number is a float and may not be exact; ` +
        'send whole kopecks in the *Kopecks field instead)',
    );
  }
  try {
    return parseAmount(value);
  } catch (error) {
    throw new ServiceRequestError('BAD_AMOUNT', `${field}: ${(error as Error).message}`, {
      field,
      cause: error,
    });
  }
}

function kopecks(value: unknown, field: string): Kopecks {
  try {
    if (typeof value !== 'number') throw new Error('not a number');
    return assertKopecks(value);
  } catch (error) {
    throw new ServiceRequestError(
      'BAD_AMOUNT',
      `${field}: ${JSON.stringify(value)} is not valid: ` +
        'give whole kopecks as a JSON integer, e.g. 15000',
      { field, cause: error },
    );
  }
}

/** 2 → 2000, "0.25" → 250: thousandths, exactly (0.30000000000000004 is refused). */
function quantity(value: unknown, field: string): number {
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(text);
  const milli = match ? Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0')) : 0;
  if (milli <= 0) {
    throw invalid(
      field,
      `${JSON.stringify(value)} is not valid: more than 0, at most 3 decimals, e.g. 2 or "0.25"`,
    );
  }
  return milli;
}

function object(value: unknown, field: string, why: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ServiceRequestError(
      field === 'body' ? 'HTTP_BAD_JSON' : 'HTTP_FIELD_INVALID',
      `${field}: ${why}`,
      {
        field: field === 'body' ? undefined : field,
      },
    );
  }
  return value as Record<string, unknown>;
}

function unknownFields(
  obj: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      throw new ServiceRequestError(
        'HTTP_UNKNOWN_FIELD',
        `${prefix}${key} is not a known field (known here: ${known.join(', ')})`,
        { field: `${prefix}${key}` },
      );
    }
  }
}

function missing(field: string, what: string): ServiceRequestError {
  return new ServiceRequestError('HTTP_FIELD_MISSING', `${field} is missing: ${what}`, { field });
}

function invalid(field: string, why: string): ServiceRequestError {
  return new ServiceRequestError('HTTP_FIELD_INVALID', `${field} ${why}`, { field });
}
