import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGatewayAmount, formatRubles, parseAmount } from './money';

test('parses rubles into exact kopecks without float rounding', () => {
  assert.equal(parseAmount('150'), 15000);
  assert.equal(parseAmount('150.5'), 15050);
  assert.equal(parseAmount('0.29'), 29);
  assert.equal(parseAmount('1 234,56'), 123456);
});

test('refuses amounts with more than two decimals, signs or letters', () => {
  for (const bad of ['1.234', '-5', 'abc', '', '1e3', '.5']) {
    assert.throws(() => parseAmount(bad), { code: 'BAD_AMOUNT' }, bad);
  }
});

test('formats for people with two decimals and for the gateway without trailing zeros', () => {
  assert.equal(formatRubles(15050), '150.50');
  assert.equal(formatRubles(7), '0.07');
  assert.equal(formatGatewayAmount(15000), '150');
  assert.equal(formatGatewayAmount(15050), '150.5');
  assert.equal(formatGatewayAmount(15055), '150.55');
  assert.equal(formatGatewayAmount(7), '0.07');
  assert.equal(formatGatewayAmount(100), '1');
});
