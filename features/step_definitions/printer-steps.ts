/** Printer faults, a crashing till, recovery, and what the journal keeps. */
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import type { Kopecks } from '../../src/core/money';
import { expectOneReceipt, expectOutcome } from '../support/checks';
import { eventually } from '../support/eventually';
import type { ShopWorld } from '../support/world';

/** Long enough for several status polls of the printer, short against the wait time. */
const REFILL_AFTER_MS = 5_000;

Given(
  'the paper will run out while the QR code is printing and be refilled soon after',
  function (this: ShopWorld) {
    const faults = this.shop.emulator.faults;
    this.whenPaymentStarts((tap) =>
      tap.beforeNext('printQr', () =>
        faults.paperOutDuringNextPrint({ refillAfterMs: REFILL_AFTER_MS }),
      ),
    );
  },
);

Given('the printer will stop answering once the payment is confirmed', function (this: ShopWorld) {
  this.onNextEvent('paid', () => this.shop.emulator.faults.stopAnswering());
});

Given('the cash register will crash once the payment is confirmed', function (this: ShopWorld) {
  this.onNextEvent('paid', () => this.tap?.cutPowerNow());
});

Given(
  'the cash register will crash just after the printer closes the receipt',
  function (this: ShopWorld) {
    this.whenPaymentStarts((tap) => tap.cutPowerAfterNext('printFiscalReceipt'));
  },
);

When('the printer answers again and recovery runs', function (this: ShopWorld) {
  this.shop.emulator.faults.resumeAnswering();
  return this.recover();
});

When('recovery runs again', function (this: ShopWorld) {
  return this.recover();
});

When('the cash register restarts and recovery runs', async function (this: ShopWorld) {
  await this.restartTill();
  await this.recover();
});

Then('printing went on after the new roll was put in', function (this: ShopWorld) {
  const kinds = this.shop.emulator.tape.entries.map((e) => e.kind);
  assert.ok(kinds.includes('paper-out'), 'the tape shows where the paper ran out');
  assert.ok(kinds.lastIndexOf('qr') > kinds.indexOf('paper-out'), 'the QR code came after');
});

Then('the cashier is told the money arrived and the receipt is owed', function (this: ShopWorld) {
  expectOutcome(this, 'PAID_RECEIPT_OWED');
  assert.ok(this.result.message.includes(this.lastPaymentId()), 'the message names the payment');
});

Then(
  'the journal keeps the payment as paid with its receipt owed',
  async function (this: ShopWorld) {
    const entry = (await this.service()).journal.get(this.lastPaymentId());
    assert.equal(entry?.state, 'RECEIPT_OWED');
    assert.equal(entry?.paidKopecks, this.gatewayPayment().amountKopecks);
  },
);

Then(
  'exactly one fiscal receipt is closed with payment number {int} for {rubles}',
  function (this: ShopWorld, paymentNumber: number, kopecks: Kopecks) {
    return eventually(() => expectOneReceipt(this, paymentNumber, kopecks));
  },
);

Then("the journal shows the payment's receipt closed", async function (this: ShopWorld) {
  const entry = (await this.service()).journal.get(this.lastPaymentId());
  const [receipt] = this.shop.emulator.device.fiscalDocuments();
  assert.equal(entry?.state, 'RECEIPT_CLOSED');
  assert.equal(entry?.fiscalDocumentNumber, receipt?.number);
});

Then('recovery prints the receipt the customer is owed', function (this: ShopWorld) {
  assert.deepEqual(this.recoveryActions(), ['receipt-printed']);
});

Then('recovery finds the receipt already closed', function (this: ShopWorld) {
  assert.deepEqual(this.recoveryActions(), ['receipt-found-closed']);
});
