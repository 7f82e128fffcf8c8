/** What the customer and the gateway will do with the next payment. */
import { Given, defineParameterType } from '@cucumber/cucumber';
import type { FailureKind } from '../../simulator/gateway';
import type { ShopWorld } from '../support/world';

const FAILURES: Record<string, FailureKind> = {
  'a server error': 'http-500',
  'a dropped connection': 'reset',
  'a temporary refusal': 'retval-100',
};

defineParameterType({
  name: 'failure',
  regexp: new RegExp(Object.keys(FAILURES).join('|')),
  transformer: (words: string) => FAILURES[words],
});

Given('the customer will pay after {int} poll(s)', function (this: ShopWorld, polls: number) {
  this.scriptNextPayment({ payAfterPolls: polls });
});

Given(
  "the customer's payment will be declined with {string}",
  function (this: ShopWorld, reason: string) {
    this.scriptNextPayment({ rejectAfterPolls: { polls: 1, reason } });
  },
);

Given('the customer never pays', function (this: ShopWorld) {
  this.scriptNextPayment({ neverPay: true });
});

Given('the customer pays just as the QR code is being cancelled', function (this: ShopWorld) {
  this.scriptNextPayment({ neverPay: true });
  this.onNextEvent('cancelling', () => this.shop.gateway.customer.pay(this.lastPaymentId()));
});

Given(
  'the gateway answers the first {int} polls with {failure}',
  function (this: ShopWorld, times: number, kind: FailureKind) {
    this.scriptNextPayment({ fail: { kind, times, ops: ['QrState'] } });
  },
);
