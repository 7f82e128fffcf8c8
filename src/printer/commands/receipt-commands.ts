/**
 * Fiscal receipts. Classic flow: 8Dh open (p. 32), 80h sale (p. 29), 85h close (p. 31) or
 * 8Eh close extended (p. 33); 88h cancel (p. 32). Fiscal-drive flow: FF46h operation V2
 * (p. 53; the first one opens the receipt) and FF45h close V2 (p. 52). Money is integer
 * kopecks in 5 bytes; quantity is x1000 in 5 bytes (80h) or x10^6 in 6 bytes (FF46h).
 */
import { FieldEncodeError, type ByteWriter } from '../protocol/field-codec';
import {
  CLASSIC_CLOSE_SUMS,
  CLOSE_V2_TEXT_MAX,
  CMD,
  OPERATION_V2_NAME_MAX,
  OPERATION_V2_TYPE,
  PAYMENT_SUMS,
  RECEIPT_TEXT_WIDTH,
  RECEIPT_TYPE,
  V2_TAX_SUMS,
  type ReceiptType,
} from '../protocol/shtrih-constants';
import {
  defineCommand,
  encodePassword,
  readOperator,
  type OperatorAnswer,
  type PasswordRequest,
} from './command-spec';
import { readDateTime } from './status-commands';

/** 8Dh: password, document type. */
export const openReceipt = defineCommand<PasswordRequest & { type: ReceiptType }, OperatorAnswer>({
  code: CMD.OPEN_RECEIPT,
  name: 'open receipt',
  page: 32,
  encode: (r, w) => void w.u32(r.password, 'password').u8(RECEIPT_TYPE[r.type], 'receipt type'),
  decode: readOperator,
});

/** Four tax group bytes, each 0 (none) or 1..4 (p. 29). */
export type TaxGroups = [number, number, number, number];
const NO_TAXES: TaxGroups = [0, 0, 0, 0];

export interface SaleRequest extends PasswordRequest {
  /** Thousandths: 1000 is one piece. */
  quantityMilli: number;
  priceKopecks: number;
  /** 0..16 free sale; 255 sale by goods code. */
  department: number;
  taxes?: TaxGroups;
  text: string;
}

/** 80h: password, quantity 5 (x1000), price 5, department, tax1..4, text 40. */
export const sale = defineCommand<SaleRequest, OperatorAnswer>({
  code: CMD.SALE,
  name: 'sale',
  page: 29,
  encode(r, w) {
    w.u32(r.password, 'password')
      .uint(r.quantityMilli, 5, 'quantity')
      .money(r.priceKopecks, 'price')
      .u8(r.department, 'department');
    writeTaxGroups(r.taxes ?? NO_TAXES, w);
    w.fixedText(r.text, RECEIPT_TEXT_WIDTH, 'item name');
  },
  decode: readOperator,
});

export interface CloseReceiptRequest extends PasswordRequest {
  /** Payment sums by payment number: index 0 is payment 1 (cash). */
  sums: number[];
  /** Discount (positive) or surcharge (negative) in 0.01 %, -9999..9999. */
  discount?: number;
  taxes?: TaxGroups;
  text: string;
}

export interface CloseReceiptAnswer extends OperatorAnswer {
  changeKopecks: number;
  /** Receipt web link, when the device is set to print one (p. 31, note 7). */
  webLink?: string;
}

/** 85h: password, sums 1..4 (5 each), discount s16, tax1..4, text 40. */
export const closeReceipt = defineCommand<CloseReceiptRequest, CloseReceiptAnswer>({
  code: CMD.CLOSE_RECEIPT,
  name: 'close receipt',
  page: 31,
  encode: (r, w) => encodeClose(r, CLASSIC_CLOSE_SUMS, w),
  decode(r) {
    const answer: CloseReceiptAnswer = {
      operator: r.u8('operator'),
      changeKopecks: r.money('change'),
    };
    if (r.remaining > 0) answer.webLink = r.text(r.remaining, 'web link');
    return answer;
  },
});

/** 8Eh: password, sums 1..16 (5 each), discount s16, tax1..4, text 40 (131 bytes). */
export const closeReceiptExtended = defineCommand<CloseReceiptRequest, CloseReceiptAnswer>({
  code: CMD.CLOSE_RECEIPT_EXTENDED,
  name: 'close receipt extended',
  page: 33,
  encode: (r, w) => encodeClose(r, PAYMENT_SUMS, w),
  decode: (r) => ({ operator: r.u8('operator'), changeKopecks: r.money('change') }),
});

function encodeClose(r: CloseReceiptRequest, slots: number, w: ByteWriter): void {
  const sums = paymentSlots(r.sums, slots);
  w.u32(r.password, 'password');
  sums.forEach((kopecks, i) => w.money(kopecks, `payment sum ${i + 1}`));
  w.s16(r.discount ?? 0, 'discount');
  writeTaxGroups(r.taxes ?? NO_TAXES, w);
  w.fixedText(r.text, RECEIPT_TEXT_WIDTH, 'receipt text');
}

/** 88h: password. */
export const cancelReceipt = defineCommand<PasswordRequest, OperatorAnswer>({
  code: CMD.CANCEL_RECEIPT,
  name: 'cancel receipt',
  page: 32,
  encode: encodePassword,
  decode: readOperator,
});

export interface OperationV2Request extends PasswordRequest {
  type: ReceiptType;
  /** Millionths: 1_000_000 is one piece. */
  quantityMicro: number;
  priceKopecks: number;
  /** Undefined: the device computes price x quantity (all FF, p. 53 note 1). */
  sumKopecks?: number;
  /** Undefined: not given (all FF, p. 53 note 2). */
  taxKopecks?: number;
  /** Tax rate bit (1 VAT 20 %, 2 VAT 10 %, 4 VAT 0 %, 8 no VAT, 16 20/120, 32 10/110). */
  taxRate: number;
  department: number;
  /** Payment method attribute (tag 1214), 4 = full payment. */
  paymentMethod: number;
  /** Payment object attribute (tag 1212), 1 = goods. */
  paymentObject: number;
  name: string;
}

/** FF46h: password, type, qty 6, price 5, sum 5, tax 5, rate, dept, method, object, name. */
export const operationV2 = defineCommand<OperationV2Request, void>({
  code: CMD.OPERATION_V2,
  name: 'operation V2',
  page: 53,
  encode(r, w) {
    w.u32(r.password, 'password')
      .u8(OPERATION_V2_TYPE[r.type], 'operation type')
      .uint(r.quantityMicro, 6, 'quantity')
      .money(r.priceKopecks, 'price');
    if (r.sumKopecks === undefined) w.absent5();
    else w.money(r.sumKopecks, 'sum');
    if (r.taxKopecks === undefined) w.absent5();
    else w.money(r.taxKopecks, 'tax');
    w.u8(r.taxRate, 'tax rate')
      .u8(r.department, 'department')
      .u8(r.paymentMethod, 'payment method')
      .u8(r.paymentObject, 'payment object')
      .varText(r.name, OPERATION_V2_NAME_MAX, 'item name');
  },
  decode: () => undefined,
});

export interface CloseReceiptV2Request extends PasswordRequest {
  sums: number[];
  /** Rounding to the ruble, kopecks 0..99. */
  roundingKopecks?: number;
  /** Six tax sums (p. 52); zeros let the device compute them in tax mode 0. */
  taxes?: number[];
  /** Exactly one TAX_SYSTEM bit. */
  taxSystem: number;
  text: string;
}

export interface CloseReceiptV2Answer {
  changeKopecks: number;
  documentNumber: number;
  fiscalSign: number;
  /** Present when "extended answers" are on (p. 52 note 2). */
  dateTime?: string;
}

/** FF45h: sysadmin password, 16 sums, rounding, 6 taxes, tax system, text 0..64. */
export const closeReceiptV2 = defineCommand<CloseReceiptV2Request, CloseReceiptV2Answer>({
  code: CMD.CLOSE_RECEIPT_V2,
  name: 'close receipt V2',
  page: 52,
  encode(r, w) {
    w.u32(r.password, 'password');
    paymentSlots(r.sums, PAYMENT_SUMS).forEach((k, i) => w.money(k, `payment sum ${i + 1}`));
    w.u8(r.roundingKopecks ?? 0, 'rounding');
    const taxes = r.taxes ?? [];
    for (let i = 0; i < V2_TAX_SUMS; i++) w.money(taxes[i] ?? 0, `tax ${i + 1}`);
    w.u8(r.taxSystem, 'tax system').varText(r.text, CLOSE_V2_TEXT_MAX, 'receipt text');
  },
  decode(r) {
    const answer: CloseReceiptV2Answer = {
      changeKopecks: r.money('change'),
      documentNumber: r.u32('document number'),
      fiscalSign: r.u32('fiscal sign'),
    };
    if (r.remaining >= 5) answer.dateTime = readDateTime(r);
    return answer;
  },
});

function writeTaxGroups(taxes: TaxGroups, w: ByteWriter): void {
  taxes.forEach((t, i) => w.u8(t, `tax ${i + 1}`));
}

/** Pads payment sums to `slots`; a sum beyond the command's slots is an error. */
function paymentSlots(sums: number[], slots: number): number[] {
  if (sums.length > slots && sums.slice(slots).some((s) => s !== 0)) {
    throw new FieldEncodeError(
      'PRINTER_BAD_ARGUMENT',
      `this close command carries payment sums 1..${slots}; use the extended close for more`,
      { field: 'sums', slots, given: sums.length },
    );
  }
  return Array.from({ length: slots }, (_, i) => sums[i] ?? 0);
}
