import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGatewayDate, parseGatewayDate } from './gateway-date';

const MOSCOW = 'Europe/Moscow';

test('writes Moscow wall-clock time, three hours ahead of UTC', () => {
  const ms = Date.UTC(2026, 11, 3, 9, 5, 7);

  assert.equal(formatGatewayDate(ms, MOSCOW), '20261203 12:05:07');
  assert.equal(formatGatewayDate(ms, 'UTC'), '20261203 09:05:07');
});

test('writes the day of the local zone, not of UTC, around midnight', () => {
  const ms = Date.UTC(2026, 11, 31, 22, 30, 0);

  assert.equal(formatGatewayDate(ms, MOSCOW), '20270101 01:30:00');
});

test('reads a local date back to the same instant, seconds exact', () => {
  const ms = Date.UTC(2026, 5, 15, 20, 59, 59);

  assert.equal(parseGatewayDate(formatGatewayDate(ms, MOSCOW), MOSCOW), ms);
  assert.equal(parseGatewayDate('20260615 23:59:59', MOSCOW), ms);
});

test('reads dates correctly on both sides of a daylight-saving change', () => {
  const zone = 'Europe/Berlin';

  assert.equal(parseGatewayDate('20260329 01:30:00', zone), Date.UTC(2026, 2, 29, 0, 30));
  assert.equal(parseGatewayDate('20260329 03:30:00', zone), Date.UTC(2026, 2, 29, 1, 30));
});

test('refuses dates that do not exist: Feb 30, hour 24, a skipped DST hour', () => {
  for (const [text, zone] of [
    ['20260230 10:00:00', MOSCOW],
    ['20261203 24:00:00', MOSCOW],
    ['20260329 02:30:00', 'Europe/Berlin'],
  ]) {
    assert.throws(() => parseGatewayDate(text, zone), { code: 'WIRE_FORMAT' }, text);
  }
});

test('refuses other layouts and names the field', () => {
  for (const text of ['2026-12-03 12:00:00', '20261203T12:00:00', '20261203 12:00', '']) {
    assert.throws(
      () => parseGatewayDate(text, MOSCOW, 'payment/expires'),
      (error: Error) => {
        assert.match(error.message, /payment\/expires/);
        return true;
      },
    );
  }
});

test('an unknown time zone is a clear error', () => {
  assert.throws(() => formatGatewayDate(0, 'Mars/Olympus'), /Mars\/Olympus.*IANA/);
});
