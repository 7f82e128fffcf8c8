import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_TIMEOUT_MS } from '../protocol/shtrih-constants';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer, encodeRequest } from './command-spec';
import { openShift } from './shift-commands';

test('E0h open shift: password; answer with or without the operator byte', () => {
  assertRequest(openShift, { password: 30 }, 'E0 1E 00 00 00');
  assertAnswer(openShift, 'E0 00 1E', { operator: 30 });
  assertAnswer(openShift, 'E0 00', {});
});

test('E0h gets the long answer timeout: it prints a report and writes the fiscal drive', () => {
  assert.equal(openShift.answerTimeoutMs, ANSWER_TIMEOUT_MS.OPEN_SHIFT);
  assert.ok(openShift.answerTimeoutMs > ANSWER_TIMEOUT_MS.DEFAULT);
});
