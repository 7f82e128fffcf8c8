import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_KOPECKS } from '../../core/money';
import { formatGatewayAmount, parseGatewayAmount } from './gateway-amount';

test('reads rubles with up to two decimals exactly into kopecks', () => {
  assert.equal(parseGatewayAmount('150'), 15000);
  assert.equal(parseGatewayAmount('150.5'), 15050);
  assert.equal(parseGatewayAmount('150.55'), 15055);
  assert.equal(parseGatewayAmount('0.01'), 1);
  assert.equal(parseGatewayAmount('150.50'), 15050);
  assert.equal(parseGatewayAmount('0.07'), 7);
});

test('refuses anything that is not a plain dotted amount', () => {
  for (const text of ['', '-1', '1,5', '1.555', '01', '1.', '.5', '1e3', ' 1', '1 000', '0x10']) {
    assert.throws(() => parseGatewayAmount(text), { code: 'WIRE_FORMAT' }, text);
  }
});

test('every kopeck amount survives writing and reading', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: MAX_KOPECKS }), (kopecks) => {
      assert.equal(parseGatewayAmount(formatGatewayAmount(kopecks)), kopecks);
    }),
  );
});
