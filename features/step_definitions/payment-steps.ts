/** Taking the payment, and what the cashier, the tape and the gateway show afterwards. */
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { Kopecks } from '../../src/core/money';
import type { PaySystem } from '../../src/payment/ports';
import {
  expectNoReceipt,
  expectOneReceipt,
  expectOutcome,
  expectQrOnTape,
} from '../support/checks';
import { eventually } from '../support/eventually';
import type { ShopWorld } from '../support/world';

When('the cashier takes the payment by {system}', function (this: ShopWorld, system: PaySystem) {
  return this.takePayment(system);
});

Then(
  'the QR code for {system} is printed on the tape with the amount',
  function (this: ShopWorld, system: PaySystem) {
    return eventually(() => expectQrOnTape(this, system));
  },
);

Then(
  'the fiscal receipt is closed with payment number {int} for {rubles}',
  async function (this: ShopWorld, paymentNumber: number, kopecks: Kopecks) {
    const receipt = await eventually(() => expectOneReceipt(this, paymentNumber, kopecks));
    assert.equal(this.result.fiscalDocumentNumber, receipt.number, 'document number reported');
  },
);

Then('no fiscal receipt is printed', function (this: ShopWorld) {
  expectNoReceipt(this);
});

Then('the cashier sees that the sale is paid', function (this: ShopWorld) {
  expectOutcome(this, 'PAID_RECEIPT_CLOSED');
});

Then('the cashier sees that the time to pay ran out', function (this: ShopWorld) {
  expectOutcome(this, 'TIMED_OUT');
});

Then(
  'the cashier sees the payment declined because {string}',
  function (this: ShopWorld, reason: string) {
    expectOutcome(this, 'DECLINED');
    assert.equal(this.result.reason, reason);
    assert.ok(this.result.message.includes(reason), `the message: ${this.result.message}`);
  },
);

Then(
  'the QR code is cancelled at the gateway once the {int} seconds are over',
  function (this: ShopWorld, seconds: number) {
    const cancels = this.shop.gateway.requestsFor('QrCancel', this.lastPaymentId());
    assert.equal(cancels.length, 1, 'one QrCancel');
    const after = cancels[0].at - this.payStartedAt;
    assert.ok(after >= seconds * 1000, `cancelled ${after} ms after the start: too early`);
    assert.ok(after < (seconds + 2) * 1000, `cancelled ${after} ms after the start: too late`);
    assert.equal(this.gatewayPayment().state, 'CANCELLED');
  },
);

Then('the gateway answers the cancel with the payment made', function (this: ShopWorld) {
  const cancels = this.shop.gateway.requestsFor('QrCancel', this.lastPaymentId());
  assert.equal(cancels.length, 1, 'one QrCancel');
  assert.equal(this.gatewayPayment().state, 'PAID');
  expectOutcome(this, 'PAID_RECEIPT_CLOSED');
});

Then('only one QR code was requested from the gateway', function (this: ShopWorld) {
  assert.equal(this.shop.gateway.requestsFor('QrCreate').length, 1);
  const failed = this.shop.gateway.requests.filter((r) => r.failure !== undefined);
  assert.ok(failed.length > 0, 'the gateway did fail on the way');
});

Then(
  'the receipt on the tape names the payment {string}',
  function (this: ShopWorld, name: string) {
    const payments = this.shop.emulator.tape.ofKind('payment');
    assert.deepEqual(
      payments.map((p) => p.name),
      [name],
    );
    assert.ok(this.shop.emulator.tape.toText().includes(name), 'the name is printed on the tape');
  },
);
