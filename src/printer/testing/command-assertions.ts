/**
 * Assertions for the typed commands' tests: a request encodes to the bytes of an
 * annotated hex fixture (see fromHex), and an answer fixture decodes to the expected
 * value.
 */
import assert from 'node:assert/strict';
import { decodeAnswer, encodeRequest, type CommandSpec } from '../commands/command-spec';
import { fromHex } from '../protocol/frame-codec';

export function assertRequest<Req>(
  spec: CommandSpec<Req, unknown>,
  request: Req,
  expectedHex: string,
): void {
  assert.deepEqual(encodeRequest(spec, request), fromHex(expectedHex));
}

export function assertAnswer<Ans>(
  spec: CommandSpec<unknown, Ans>,
  answerHex: string,
  expected: Ans,
): void {
  assert.deepEqual(decodeAnswer(spec, fromHex(answerHex)), expected);
}
