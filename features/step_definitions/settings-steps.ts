/** Certificates and settings that must stop a payment before anything is sent. */
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { WmqrError } from '../../src/core/errors';
import type { Kopecks } from '../../src/core/money';
import type { PaySystem } from '../../src/payment/ports';
import { SettingsError } from '../../src/payment/settings/settings-error';
import type { ShopWorld } from '../support/world';

const WRONG_PASSWORD = 'not-the-pfx-password';

Given("the point's certificate password is wrong", function (this: ShopWorld) {
  this.setCertificatePassword(WRONG_PASSWORD);
});

Given("the point's certificate file is missing", function (this: ShopWorld) {
  this.removePointCertificate();
});

Given(
  'the settings give {system} the payment number {int}',
  function (this: ShopWorld, system: PaySystem, paymentNumber: number) {
    this.setPaymentTypes({ [system]: { paymentNumber, name: 'QR' } });
  },
);

When(
  'the cashier tries to take a payment of {rubles} by {system}',
  function (this: ShopWorld, kopecks: Kopecks, system: PaySystem) {
    return this.tryToTakePayment(system, kopecks);
  },
);

When('the settings are checked', function (this: ShopWorld) {
  this.checkSettings();
});

Then('the payment is refused with {string}', function (this: ShopWorld, code: string) {
  assert.ok(this.failure instanceof WmqrError, `refused with an error: ${String(this.failure)}`);
  assert.equal(this.failure.code, code, this.failure.message);
});

Then('the message does not show the password', function (this: ShopWorld) {
  assert.ok(!String((this.failure as Error).message).includes(WRONG_PASSWORD));
});

Then('nothing was sent to the gateway', function (this: ShopWorld) {
  assert.deepEqual(this.shop.gateway.requests, []);
});

Then(
  'they are refused, naming {string}, the value {int} and the range {int}..{int}',
  function (this: ShopWorld, field: string, value: number, min: number, max: number) {
    assert.ok(this.failure instanceof SettingsError, `refused: ${String(this.failure)}`);
    const problem = this.failure.problems.find((p) => p.field === field);
    assert.equal(problem?.code, 'SETTINGS_OUT_OF_RANGE', this.failure.message);
    assert.match(problem.message, new RegExp(`\\b${value}\\b.*\\b${min}\\.\\.${max}\\b`));
  },
);

Then('they are accepted', function (this: ShopWorld) {
  assert.equal(this.failure, undefined, String(this.failure));
});
