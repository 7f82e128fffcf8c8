import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, VirtualClock } from '../../src/core/clock';
import { FakePrinter } from '../../src/payment/testing/fake-printer';
import { PrinterTap } from './printer-tap';

const receipt = {
  items: [{ name: 'Хлеб', priceKopecks: 4590, quantityMilli: 1000 }],
  payments: [{ paymentNumber: 3, kopecks: 4590 }],
};

/** Resolves to 'settled' or 'pending' after the event loop has had its chance. */
async function state(promise: Promise<unknown>): Promise<'settled' | 'pending'> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settle(10);
  return done ? 'settled' : 'pending';
}

test('after a power cut no call reaches the printer and none returns', async () => {
  const printer = new FakePrinter(new VirtualClock());
  const tap = new PrinterTap(printer);
  await tap.waitUntilReady();

  tap.cutPowerNow();
  const call = tap.printFiscalReceipt(receipt);

  assert.equal(await state(call), 'pending');
  assert.equal(await state(tap.halted), 'settled');
  assert.deepEqual(printer.calls, ['waitUntilReady']);
  assert.equal(printer.receipts.length, 0);
});

test('a power cut just after a call: the printer did it, the caller never hears', async () => {
  const printer = new FakePrinter(new VirtualClock());
  const tap = new PrinterTap(printer);

  tap.cutPowerAfterNext('printFiscalReceipt');
  await tap.documentState();
  const call = tap.printFiscalReceipt(receipt);

  assert.equal(await state(call), 'pending');
  assert.equal(printer.receipts.length, 1);
  assert.equal(tap.powerIsCut, true);
  assert.deepEqual(tap.history, ['documentState', 'printFiscalReceipt']);
});

test('runs an action just before the next call of one kind, once', async () => {
  const printer = new FakePrinter(new VirtualClock());
  const tap = new PrinterTap(printer);
  const seen: string[] = [];
  printer.onCall = (method) => seen.push(`printer:${method}`);

  tap.beforeNext('printQr', () => seen.push('action'));
  await tap.printLines(['ОПЛАТА']);
  await tap.printQr('https://qr.nspk.ru/AD1');
  await tap.printQr('https://qr.nspk.ru/AD2');

  assert.deepEqual(seen, ['printer:printLines', 'action', 'printer:printQr', 'printer:printQr']);
});
