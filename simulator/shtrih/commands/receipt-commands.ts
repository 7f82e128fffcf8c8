/**
 * Fiscal receipts, both flows: classic 8Dh open (p. 32), 80h-83h lines (p. 29-31), 85h / 8Eh
 * close (p. 31, 33); fiscal-drive era FF46h operation (p. 53) and FF45h close (p. 52); 88h
 * cancel (p. 32).
 */
import type {
  CommandHandler,
  FiscalDocument,
  FiscalPaymentRecord,
  OpenReceipt,
  ShtrihDevice,
} from '../fiscal-device';
import { fiscalSign } from '../fiscal-sign';
import { DEVICE_ERROR as ERR } from '../../../src/printer/protocol/device-errors';
import {
  CLASSIC_CLOSE_SUMS,
  CLOSE_V2_TEXT_MAX,
  CMD,
  OPERATION_V2_NAME_MAX,
  OPERATION_V2_SUM_NOT_GIVEN,
  OPERATION_V2_TYPE,
  PAYMENT_SUMS,
  RECEIPT_TYPE,
  V2_TAX_SUMS,
} from '../../../src/printer/protocol/shtrih-constants';
import { MODEL } from '../device-constants';
import { refuse, RequestReader, uintLE } from '../wire-format';
import type { ReceiptType, TapeEntry } from '../tape/tape-entry';
import { align } from '../tape/tape-layout';
import { printableText } from './print-commands';

/** code -> receipt type, derived from a constant keyed by receipt type. */
function receiptTypeByCode(
  codes: Readonly<Record<ReceiptType, number>>,
): Readonly<Record<number, ReceiptType | undefined>> {
  return Object.fromEntries(
    Object.entries(codes).map(([type, code]) => [code, type as ReceiptType]),
  );
}

/** 8Dh document type (p. 32) and FF46h operation type (p. 53) -> receipt type. */
const DOCUMENT_RECEIPT = receiptTypeByCode(RECEIPT_TYPE);
const OPERATION_V2_RECEIPT = receiptTypeByCode(OPERATION_V2_TYPE);

const openReceipt: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const type = request.u8('document type');
  const receiptType = DOCUMENT_RECEIPT[type];
  if (!receiptType) refuse(ERR.INVALID_PARAMETERS, `document type ${type}`);
  device.requireShiftForNewReceipt();
  device.requirePaper();
  startReceipt(device, receiptType, op);
  return [op];
};

/** Opens a receipt and prints its header: the cliché (table 4 rows 4..14) and the title. */
function startReceipt(device: ShtrihDevice, type: ReceiptType, op: number): OpenReceipt {
  const receipt = device.openReceiptNow(type, op);
  const cliche: TapeEntry[] = [];
  for (let row = 4; row <= 14; row++) {
    const line = String(device.tables.get(4, row, 1)).trim();
    if (line) cliche.push({ kind: 'text', text: align(line, 'center'), bold: false });
  }
  device.print([
    ...cliche,
    {
      kind: 'receipt-header',
      receiptType: type,
      receiptNumber: receipt.number,
      shiftNumber: device.shiftNumber,
      operator: device.operatorName(op),
      at: receipt.openedAt,
    },
  ]);
  return receipt;
}

/** The receipt a new line goes into: the open one (same type) or a new one. */
function receiptForLine(device: ShtrihDevice, type: ReceiptType, op: number): OpenReceipt {
  const open = device.receipt;
  if (open) {
    if (open.type !== type) {
      refuse(ERR.WRONG_RECEIPT_TYPE, `a ${open.type} receipt is open, this line is ${type}`);
    }
    device.requirePaper();
    return open;
  }
  device.requireShiftForNewReceipt();
  device.requirePaper();
  return startReceipt(device, type, op);
}

/** price × quantity / scale, rounded half up, without losing precision. */
function lineAmount(price: number, quantity: number, scale: number): number {
  const product = BigInt(price) * BigInt(quantity);
  const divisor = BigInt(scale);
  return Number((product + divisor / 2n) / divisor);
}

function checkTaxes(request: RequestReader): void {
  for (let i = 1; i <= 4; i++) {
    const tax = request.u8(`tax ${i}`);
    if (tax > 4) refuse(ERR.INVALID_PARAMETERS, `tax group ${tax} outside 0..4`);
  }
}

function saleLine(type: ReceiptType): CommandHandler {
  return (device, request) => {
    const op = device.operatorFor(request.uint(4, 'password'));
    const quantity = request.uint(5, 'quantity');
    const price = request.uint(5, 'price');
    const department = request.u8('department');
    checkTaxes(request);
    const name = printableText(request.rest(246, 'text')).trim();
    if (quantity === 0) refuse(ERR.INVALID_PARAMETERS, 'quantity is zero');
    if (department > 16 && department !== 255) {
      refuse(ERR.INVALID_PARAMETERS, `department ${department}`);
    }

    const receipt = receiptForLine(device, type, op);
    addItem(device, receipt, {
      name,
      priceKopecks: price,
      quantityMilli: quantity,
      amountKopecks: lineAmount(price, quantity, 1000),
    });
    return [op];
  };
}

function addItem(
  device: ShtrihDevice,
  receipt: OpenReceipt,
  item: OpenReceipt['items'][number],
): void {
  receipt.items.push(item);
  if (item.hidden) return;
  device.print([
    {
      kind: 'sale-line',
      name: item.name,
      quantityMilli: item.quantityMilli,
      priceKopecks: item.priceKopecks,
      amountKopecks: item.amountKopecks,
    },
  ]);
}

/** FF46h: the first operation opens the receipt (p. 53). */
const operationV2: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const opType = request.u8('operation type');
  const quantityMicro = request.uint(6, 'quantity');
  const price = request.uint(5, 'price');
  const sum = request.uint(5, 'sum');
  request.uint(5, 'tax sum');
  request.u8('tax rate');
  const department = request.u8('department');
  request.u8('payment method');
  request.u8('payment object');
  const rawName = printableText(request.rest(OPERATION_V2_NAME_MAX, 'name'));

  const type = OPERATION_V2_RECEIPT[opType];
  if (!type) refuse(ERR.INVALID_PARAMETERS, `operation type ${opType} outside 1..4`);
  if (quantityMicro === 0) refuse(ERR.INVALID_PARAMETERS, 'quantity is zero');
  if (department > 16 && department !== 255) {
    refuse(ERR.INVALID_PARAMETERS, `department ${department}`);
  }
  const computed = lineAmount(price, quantityMicro, 1_000_000);
  // All FF = "device computes"; otherwise it may differ from price x quantity by 1 kopeck.
  if (sum !== OPERATION_V2_SUM_NOT_GIVEN && Math.abs(sum - computed) > 1) {
    refuse(ERR.INVALID_PARAMETERS, `sum ${sum} differs from price x quantity ${computed}`);
  }

  const receipt = receiptForLine(device, type, op);
  const hidden = rawName.startsWith('//');
  addItem(device, receipt, {
    name: hidden ? rawName.slice(2) : rawName,
    priceKopecks: price,
    quantityMilli: Math.round(quantityMicro / 1000),
    amountKopecks: sum === OPERATION_V2_SUM_NOT_GIVEN ? computed : sum,
    ...(hidden ? { hidden } : {}),
  });
  return [];
};

interface CloseRequest {
  sums: number[];
  /** 0.01 % of the total; negative is a surcharge (85h/8Eh). */
  discount: number;
  /** Kopecks taken off to round to the ruble (FF45h). */
  rounding: number;
  text: string;
}

function readSums(request: RequestReader, count: number): number[] {
  const sums = new Array<number>(PAYMENT_SUMS).fill(0);
  for (let i = 0; i < count; i++) sums[i] = request.uint(5, `payment sum ${i + 1}`);
  return sums;
}

function readClassicClose(request: RequestReader, sumCount: number): CloseRequest {
  const sums = readSums(request, sumCount);
  const discount = request.s16('discount');
  checkTaxes(request);
  const text = printableText(request.rest(246, 'text')).trim();
  if (discount < -9999 || discount > 9999) {
    refuse(ERR.INVALID_PARAMETERS, `discount ${discount} outside -99.99..99.99 %`);
  }
  return { sums, discount, rounding: 0, text };
}

function closeReceipt(device: ShtrihDevice, request: CloseRequest): FiscalDocument {
  const receipt = device.requireOpenReceipt();
  device.requirePaper();
  if (receipt.items.length === 0) refuse(ERR.ZERO_TOTAL, 'the receipt has no lines');

  const subtotal = receipt.totalKopecks;
  const discount = Math.round((subtotal * request.discount) / 10_000);
  if (request.rounding > 99 || request.rounding > subtotal - discount) {
    refuse(ERR.INVALID_PARAMETERS, `rounding ${request.rounding} kopecks`);
  }
  const total = subtotal - discount - request.rounding;
  const paid = request.sums.reduce((a, b) => a + b, 0);
  const cash = request.sums[0];
  if (paid < total) refuse(ERR.PAYMENTS_LESS_THAN_TOTAL, `paid ${paid} of ${total} kopecks`);
  if (paid - cash > total) {
    refuse(ERR.NON_CASH_EXCEEDS_TOTAL, 'non-cash payments exceed the receipt total');
  }

  const change = paid - total;
  const closedAt = device.clock.now();
  const number = device.lastDocumentNumber + 1;
  const payments: FiscalPaymentRecord[] = request.sums.flatMap((kopecks, i) =>
    kopecks > 0 ? [{ paymentNumber: i + 1, name: device.paymentName(i + 1), kopecks }] : [],
  );
  const document: FiscalDocument = {
    number,
    fiscalSign: fiscalSign(number, total, closedAt),
    receiptType: receipt.type,
    items: receipt.items.map((item) => ({ ...item })),
    payments,
    totalKopecks: total,
    changeKopecks: change,
    closedAt,
  };
  device.lastDocumentNumber = number;
  device.recordDocument(document);
  device.print(closingEntries(device, document, request.text, cash > 0));
  device.logger.info('fiscal receipt closed', {
    documentNumber: number,
    totalKopecks: total,
    payments: payments.map((p) => p.paymentNumber),
  });
  return document;
}

function closingEntries(
  device: ShtrihDevice,
  doc: FiscalDocument,
  text: string,
  cashPaid: boolean,
): TapeEntry[] {
  const entries: TapeEntry[] = [];
  if (text) entries.push({ kind: 'text', text, bold: false });
  entries.push({ kind: 'total', kopecks: doc.totalKopecks });
  for (const p of doc.payments) entries.push({ kind: 'payment', ...p });
  if (cashPaid || doc.changeKopecks > 0)
    entries.push({ kind: 'change', kopecks: doc.changeKopecks });
  entries.push({
    kind: 'fiscal-sign',
    documentNumber: doc.number,
    fiscalSign: doc.fiscalSign,
    fnSerial: MODEL.FN_SERIAL,
    at: doc.closedAt,
  });
  // Table 1 field 7 (guide p. 44): 1 full / 2 partial cut after each receipt.
  const cutMode = device.tables.get(1, 1, 7);
  if (cutMode === 1 || cutMode === 2) entries.push({ kind: 'cut', partial: cutMode === 2 });
  return entries;
}

const closeClassic: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const document = closeReceipt(device, readClassicClose(request, CLASSIC_CLOSE_SUMS));
  return [op, ...uintLE(document.changeKopecks, 5)];
};

const closeExtended: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  const document = closeReceipt(device, readClassicClose(request, PAYMENT_SUMS));
  return [op, ...uintLE(document.changeKopecks, 5)];
};

const closeV2: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const sums = readSums(request, PAYMENT_SUMS);
  const rounding = request.u8('rounding');
  for (let i = 1; i <= V2_TAX_SUMS; i++) request.uint(5, `tax ${i}`);
  const taxSystem = request.u8('tax system');
  const text = printableText(request.rest(CLOSE_V2_TEXT_MAX, 'text')).trim();
  // Only one tax system per receipt (p. 53, note 1).
  if ((taxSystem & (taxSystem - 1)) !== 0 || taxSystem > 0x3f) {
    refuse(ERR.INVALID_PARAMETERS, `tax system bits ${taxSystem}: exactly one may be set`);
  }

  const document = closeReceipt(device, { sums, discount: 0, rounding, text });
  return Buffer.concat([
    uintLE(document.changeKopecks, 5),
    uintLE(document.number, 4),
    uintLE(document.fiscalSign, 4),
  ]);
};

const cancelReceipt: CommandHandler = (device, request) => {
  const op = device.operatorFor(request.uint(4, 'password'));
  device.requireOpenReceipt();
  device.requirePaper();
  device.receipt = undefined;
  device.print([{ kind: 'receipt-cancelled' }]);
  return [op];
};

export const RECEIPT_COMMANDS: Record<number, CommandHandler> = {
  [CMD.OPEN_RECEIPT]: openReceipt,
  [CMD.SALE]: saleLine('sale'),
  [CMD.PURCHASE]: saleLine('purchase'),
  [CMD.SALE_RETURN]: saleLine('sale-return'),
  [CMD.PURCHASE_RETURN]: saleLine('purchase-return'),
  [CMD.CLOSE_RECEIPT]: closeClassic,
  [CMD.CLOSE_RECEIPT_EXTENDED]: closeExtended,
  [CMD.CLOSE_RECEIPT_V2]: closeV2,
  [CMD.OPERATION_V2]: operationV2,
  [CMD.CANCEL_RECEIPT]: cancelReceipt,
};
