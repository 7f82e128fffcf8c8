/**
 * What a POS asks for, checked before anything leaves the process: an enabled payment
 * system, an exact amount, and receipt lines the register can print and that add up to the
 * amount. A payment that could not be receipted must never be taken.
 */
import { WmqrError } from '../../core/errors';
import { assertKopecks, formatRubles, type Kopecks } from '../../core/money';
import { PAY_SYSTEMS, type PaySystem, type ReceiptItem } from '../ports';
import { checkCp1251Text } from '../settings/payment-name';
import type { Settings } from '../settings/settings';
import { text } from './messages';

export interface PaymentRequest {
  paySystem: PaySystem;
  amountKopecks: Kopecks;
  /** Receipt lines; when left out, one line for the whole amount. */
  items?: ReceiptItem[];
  /** Shown to the customer in the payment app (≤ 255 characters). */
  description?: string;
}

/** A request that passed every check, with the payment type's number resolved. */
export interface PreparedPayment {
  paySystem: PaySystem;
  paymentNumber: number;
  amountKopecks: Kopecks;
  items: ReceiptItem[];
  description: string;
}

export class PaymentRequestError extends WmqrError {}

/** Sale line text: 40 characters in command 80h, 128 bytes in FF46h (SHTRIH-M.md). */
const ITEM_NAME_BYTES = { classic: 40, 'fiscal-drive': 128 } as const;
const DESCRIPTION_MAX = 255;

export function preparePayment(request: PaymentRequest, settings: Settings): PreparedPayment {
  const system = request.paySystem;
  if (!PAY_SYSTEMS.includes(system)) {
    throw new PaymentRequestError(
      'PAYMENT_UNKNOWN_SYSTEM',
      `Payment system "${String(system)}" is unknown: use one of ${PAY_SYSTEMS.join(', ')}`,
    );
  }
  const type = settings.paymentTypes[system];
  if (!type) {
    const enabled = Object.keys(settings.paymentTypes).join(', ');
    throw new PaymentRequestError(
      'PAYMENT_SYSTEM_NOT_ENABLED',
      `Payment system "${system}" is not enabled in the settings (enabled: ${enabled})`,
      { details: { paySystem: system } },
    );
  }
  const amount = checkAmount(request.amountKopecks);
  const items = request.items?.length
    ? checkItems(request.items, amount, settings)
    : [{ name: text(settings.locale).defaultItem, priceKopecks: amount, quantityMilli: 1000 }];
  const description = (request.description ?? describe(items)).slice(0, DESCRIPTION_MAX);
  return {
    paySystem: system,
    paymentNumber: type.paymentNumber,
    amountKopecks: amount,
    items,
    description,
  };
}

/** Line sum in kopecks, rounded half up as registers do: price × quantity / 1000. */
export function lineTotal(item: ReceiptItem): Kopecks {
  const milliKopecks = BigInt(item.priceKopecks) * BigInt(item.quantityMilli);
  return Number((milliKopecks + 500n) / 1000n);
}

function checkAmount(amount: Kopecks): Kopecks {
  try {
    assertKopecks(amount);
  } catch (error) {
    throw new PaymentRequestError('PAYMENT_BAD_AMOUNT', (error as Error).message, { cause: error });
  }
  if (amount === 0) {
    throw new PaymentRequestError('PAYMENT_BAD_AMOUNT', 'The amount must be more than 0.00');
  }
  return amount;
}

function checkItems(items: ReceiptItem[], amount: Kopecks, settings: Settings): ReceiptItem[] {
  const maxBytes = ITEM_NAME_BYTES[settings.device.receiptFlow];
  items.forEach((item, i) => {
    const where = `Item ${i + 1} ("${item.name}")`;
    const name =
      item.name.trim() === ''
        ? { ok: false, why: 'is empty' }
        : checkCp1251Text(item.name, maxBytes);
    if (!name.ok) {
      throw new PaymentRequestError('PAYMENT_BAD_ITEM', `${where}: the name ${name.why}`);
    }
    if (!Number.isSafeInteger(item.priceKopecks) || item.priceKopecks < 0) {
      throw new PaymentRequestError(
        'PAYMENT_BAD_ITEM',
        `${where}: the price must be whole kopecks`,
      );
    }
    if (!Number.isSafeInteger(item.quantityMilli) || item.quantityMilli <= 0) {
      throw new PaymentRequestError(
        'PAYMENT_BAD_ITEM',
        `${where}: the quantity must be more than 0, in thousandths (1000 = one piece)`,
      );
    }
  });
  const total = items.reduce((sum, item) => sum + lineTotal(item), 0);
  if (total !== amount) {
    throw new PaymentRequestError(
      'PAYMENT_ITEMS_TOTAL_MISMATCH',
      `The items add up to ${formatRubles(total)}, but the amount is ${formatRubles(amount)}: ` +
        'they must be equal to the kopeck',
      { details: { itemsKopecks: total, amountKopecks: amount } },
    );
  }
  return items.map((item) => ({ ...item }));
}

function describe(items: ReceiptItem[]): string {
  return items.map((item) => item.name).join(', ');
}
