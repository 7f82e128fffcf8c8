import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseItemSpec } from './item-spec';

test('items are parsed exactly: price in rubles, quantity in thousandths', () => {
  assert.deepEqual(parseItemSpec('Кофе:150.50'), {
    name: 'Кофе',
    priceKopecks: 15050,
    quantityMilli: 1000,
  });
  assert.deepEqual(parseItemSpec('Сыр:999.90:0.25'), {
    name: 'Сыр',
    priceKopecks: 99990,
    quantityMilli: 250,
  });
  assert.deepEqual(parseItemSpec('Вода 0,5 л:45:2'), {
    name: 'Вода 0,5 л',
    priceKopecks: 4500,
    quantityMilli: 2000,
  });
  assert.deepEqual(parseItemSpec('Набор 2:1:300:1,5'), {
    name: 'Набор 2:1',
    priceKopecks: 30000,
    quantityMilli: 1500,
  });
  assert.equal(parseItemSpec('x:0.07:3').priceKopecks * 3, 21, 'no float drift');
});

test('a bad item says what is wrong with it', () => {
  for (const bad of ['Кофе', ':150', 'Кофе:1.505', 'Кофе:150:0', 'Кофе:150:1.0005', 'Кофе:abc']) {
    assert.throws(() => parseItemSpec(bad), { code: 'PAYMENT_BAD_ITEM' }, bad);
  }
});
