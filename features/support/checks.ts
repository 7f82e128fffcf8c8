/**
 * What the Then steps look at, phrased once: the emulator's fiscal documents and tape, the
 * mock gateway's requests, the payment result and the journal. Each check throws an
 * assertion error that says what was expected and what was found.
 */
import assert from 'node:assert/strict';
import type { Kopecks } from '../../src/core/money';
import { formatRubles } from '../../src/core/money';
import type { PaymentOutcome } from '../../src/payment/payment-outcome';
import type { PaySystem } from '../../src/payment/ports';
import type { ShopWorld } from './world';

/** How each system's QR text starts (WEBMONEY-GATEWAY.md, "QR text per payment system"). */
const QR_TEXT_START: Record<PaySystem, string> = {
  sbp: 'https://qr.nspk.ru/',
  wm: 'https://merchant.webmoney.ru/',
  wechat: 'weixin://wxpay/',
  alipay: 'https://qr.alipay.com/',
};

export function expectOutcome(world: ShopWorld, outcome: PaymentOutcome): void {
  assert.equal(world.result.outcome, outcome, `the cashier was told: ${world.result.message}`);
}

/** Exactly one fiscal receipt exists: a sale paid in full under `paymentNumber`. */
export function expectOneReceipt(world: ShopWorld, paymentNumber: number, kopecks: Kopecks) {
  const documents = world.shop.emulator.device.fiscalDocuments();
  assert.equal(documents.length, 1, `fiscal receipts closed: ${documents.length}, expected one`);
  const [receipt] = documents;
  assert.equal(receipt.receiptType, 'sale');
  assert.equal(receipt.totalKopecks, kopecks, 'receipt total');
  assert.deepEqual(
    receipt.payments.map((p) => ({ paymentNumber: p.paymentNumber, kopecks: p.kopecks })),
    [{ paymentNumber, kopecks }],
    'the whole sum is paid under the payment type',
  );
  assert.equal(receipt.changeKopecks, 0, 'no change for an exact electronic payment');
  assert.equal(world.shop.emulator.device.openReceipt, undefined, 'no receipt left open');
  return receipt;
}

export function expectNoReceipt(world: ShopWorld): void {
  const device = world.shop.emulator.device;
  assert.deepEqual(device.fiscalDocuments(), [], 'no fiscal receipt may be closed');
  assert.equal(device.openReceipt, undefined, 'no fiscal receipt may be open');
  assert.equal(world.shop.emulator.tape.ofKind('receipt-header').length, 0, 'none on the tape');
}

/** The QR the gateway issued for this payment is on the tape, with the amount beside it. */
export function expectQrOnTape(world: ShopWorld, system: PaySystem): void {
  const issued = world.gatewayPayment();
  const tape = world.shop.emulator.tape;
  assert.equal(issued.paySystem, system, 'payment system asked of the gateway');
  assert.ok(issued.qr.startsWith(QR_TEXT_START[system]), `a ${system} QR text: ${issued.qr}`);
  const printed = tape.ofKind('qr').map((e) => e.text);
  assert.deepEqual(printed, [issued.qr], 'the QR codes printed on the tape');
  const amount = formatRubles(issued.amountKopecks);
  const lines = tape.ofKind('text').map((e) => e.text);
  assert.ok(
    lines.some((line) => line.includes(amount)),
    `the amount ${amount} is printed with the QR code; lines: ${lines.join(' | ')}`,
  );
}
