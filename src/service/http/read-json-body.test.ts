import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { readJsonBody } from './read-json-body';

function request(chunks: string[], headers: Record<string, string>): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), {
    headers,
  }) as unknown as IncomingMessage;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

test('reads JSON sent in any number of chunks', async () => {
  const body = await readJsonBody(
    request(['{"system":', '"sbp","amo', 'unt":"1.00"}'], JSON_TYPE),
    100,
  );

  assert.deepEqual(body, { system: 'sbp', amount: '1.00' });
});

test('stops at the limit while streaming, even without a Content-Length', async () => {
  const chunks = Array.from({ length: 10 }, () => 'x'.repeat(50));

  assert.equal(await code(readJsonBody(request(chunks, JSON_TYPE), 200)), 'HTTP_BODY_TOO_LARGE');
});

test('refuses a declared length over the limit before reading anything', async () => {
  const headers = { ...JSON_TYPE, 'content-length': '5000' };

  assert.equal(await code(readJsonBody(request(['{}'], headers), 200)), 'HTTP_BODY_TOO_LARGE');
});

test('an empty body is no body; a non-JSON type or text is refused', async () => {
  assert.equal(await readJsonBody(request([], {}), 100), undefined);
  assert.equal(await readJsonBody(request(['  \n'], {}), 100), undefined);
  assert.equal(
    await code(readJsonBody(request(['{"a":1}'], { 'content-type': 'text/plain' }), 100)),
    'HTTP_UNSUPPORTED_MEDIA_TYPE',
  );
  assert.equal(await code(readJsonBody(request(['{"a":'], JSON_TYPE), 100)), 'HTTP_BAD_JSON');
});
