import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testSettings } from '../testing/test-settings';
import { lineTotal, preparePayment } from './payment-request';

const settings = testSettings();

test('without items the whole amount becomes one line, and the type number is resolved', () => {
  const p = preparePayment({ paySystem: 'alipay', amountKopecks: 990 }, settings);

  assert.equal(p.paymentNumber, 5);
  assert.deepEqual(p.items, [{ name: 'Товар', priceKopecks: 990, quantityMilli: 1000 }]);
  assert.equal(p.description, 'Товар');
});

test('weighed goods are rounded half up to the kopeck, exactly', () => {
  assert.equal(lineTotal({ name: 'x', priceKopecks: 9999, quantityMilli: 1500 }), 14999);
  assert.equal(lineTotal({ name: 'x', priceKopecks: 1, quantityMilli: 500 }), 1);
  assert.equal(lineTotal({ name: 'x', priceKopecks: 1, quantityMilli: 499 }), 0);
  assert.equal(
    lineTotal({ name: 'x', priceKopecks: 2 ** 40 - 1, quantityMilli: 1000 }),
    2 ** 40 - 1,
  );
});

test('items must add up to the amount to the kopeck', () => {
  const items = [
    { name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 },
    { name: 'Сыр', priceKopecks: 9999, quantityMilli: 1500 },
  ];

  assert.equal(
    preparePayment({ paySystem: 'sbp', amountKopecks: 30049, items }, settings).items.length,
    2,
  );
  assert.throws(() => preparePayment({ paySystem: 'sbp', amountKopecks: 30050, items }, settings), {
    code: 'PAYMENT_ITEMS_TOTAL_MISMATCH',
  });
});

test('bad requests are refused with their own codes', () => {
  const one = (name: string, priceKopecks = 100, quantityMilli = 1000) => [
    { name, priceKopecks, quantityMilli },
  ];
  const cases: Array<[object, string]> = [
    [{ paySystem: 'visa', amountKopecks: 100 }, 'PAYMENT_UNKNOWN_SYSTEM'],
    [{ paySystem: 'sbp', amountKopecks: 0 }, 'PAYMENT_BAD_AMOUNT'],
    [{ paySystem: 'sbp', amountKopecks: 1.5 }, 'PAYMENT_BAD_AMOUNT'],
    [{ paySystem: 'sbp', amountKopecks: 100, items: one('支付') }, 'PAYMENT_BAD_ITEM'],
    [{ paySystem: 'sbp', amountKopecks: 100, items: one(' ') }, 'PAYMENT_BAD_ITEM'],
    [{ paySystem: 'sbp', amountKopecks: 100, items: one('Я'.repeat(129)) }, 'PAYMENT_BAD_ITEM'],
    [{ paySystem: 'sbp', amountKopecks: 100, items: one('x', 100, 0) }, 'PAYMENT_BAD_ITEM'],
  ];
  for (const [request, code] of cases) {
    assert.throws(
      () => preparePayment(request as never, settings),
      { code },
      JSON.stringify(request),
    );
  }
});

test('the classic receipt flow allows 40-byte item names only', () => {
  const classic = testSettings({ device: { receiptFlow: 'classic' } });
  const items = [{ name: 'Я'.repeat(41), priceKopecks: 100, quantityMilli: 1000 }];

  assert.throws(() => preparePayment({ paySystem: 'sbp', amountKopecks: 100, items }, classic), {
    code: 'PAYMENT_BAD_ITEM',
  });
  assert.ok(preparePayment({ paySystem: 'sbp', amountKopecks: 100, items }, settings));
});
