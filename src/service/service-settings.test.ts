import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WmqrError } from '../core/errors';
import { isLoopbackHost, resolveServiceSettings, SERVICE_DEFAULTS } from './service-settings';

test('listens on loopback at the default port with no token by default', () => {
  const s = resolveServiceSettings();

  assert.deepEqual(s, {
    host: '127.0.0.1',
    port: SERVICE_DEFAULTS.port,
    token: undefined,
    bodyLimitBytes: SERVICE_DEFAULTS.bodyLimitBytes,
  });
});

test('flags win over the environment, which wins over the settings file', () => {
  const env = { WMQR_HTTP_PORT: '8001', WMQR_HTTP_HOST: '0.0.0.0' };
  const file = { host: '10.0.0.5', port: 8002 };

  const flags = resolveServiceSettings({ flags: { port: '0', host: '::1' }, env, file });
  const fromEnv = resolveServiceSettings({ env, file });
  const fromFile = resolveServiceSettings({ file });

  assert.deepEqual([flags.host, flags.port], ['::1', 0]);
  assert.deepEqual([fromEnv.host, fromEnv.port], ['0.0.0.0', 8001]);
  assert.deepEqual([fromFile.host, fromFile.port], ['10.0.0.5', 8002]);
});

test('a bad port or host names where it came from', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return `${(error as WmqrError).code} ${(error as Error).message}`;
    }
    return 'no error';
  };

  assert.match(
    code(() => resolveServiceSettings({ flags: { port: '65536' } })),
    /^SERVICE_BAD_PORT --port/,
  );
  assert.match(
    code(() => resolveServiceSettings({ flags: { port: '-1' } })),
    /^SERVICE_BAD_PORT/,
  );
  assert.match(
    code(() => resolveServiceSettings({ env: { WMQR_HTTP_PORT: '80a' } })),
    /WMQR_HTTP_PORT/,
  );
  assert.match(
    code(() => resolveServiceSettings({ file: { port: 1.5 } })),
    /service\.port/,
  );
  assert.match(
    code(() => resolveServiceSettings({ flags: { host: 'a b' } })),
    /^SERVICE_BAD_HOST --host/,
  );
});

test('the token comes from the environment, must be long, and is never echoed', () => {
  const good = 'a'.repeat(24);
  let message = '';

  const s = resolveServiceSettings({ env: { WMQR_HTTP_TOKEN: good } });
  try {
    resolveServiceSettings({ env: { WMQR_HTTP_TOKEN: 'tiny-secret' } });
  } catch (error) {
    message = `${(error as WmqrError).code}: ${(error as Error).message}`;
  }

  assert.equal(s.token, good);
  assert.match(message, /^SERVICE_BAD_TOKEN: .*it has 11\)/);
  assert.ok(!message.includes('tiny-secret'));
  assert.equal(resolveServiceSettings({ env: { WMQR_HTTP_TOKEN: '' } }).token, undefined);
});

test("the environment's token wins over the settings file's; an empty one does not", () => {
  const file = { token: 'f'.repeat(20) };
  const envToken = 'e'.repeat(20);

  const fromEnv = resolveServiceSettings({ env: { WMQR_HTTP_TOKEN: envToken }, file });
  const emptyEnv = resolveServiceSettings({ env: { WMQR_HTTP_TOKEN: '' }, file });
  let message = '';
  try {
    resolveServiceSettings({ file: { token: 'short-secret' } });
  } catch (error) {
    message = `${(error as WmqrError).code}: ${(error as Error).message}`;
  }

  assert.equal(fromEnv.token, envToken);
  assert.equal(emptyEnv.token, file.token);
  assert.match(message, /^SERVICE_BAD_TOKEN: service\.token must be at least 16/);
  assert.ok(!message.includes('short-secret'));
});

test('loopback addresses are told apart from the rest', () => {
  assert.deepEqual(
    ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '0.0.0.0', '192.168.1.5', '::'].map(
      isLoopbackHost,
    ),
    [true, true, true, true, false, false, false],
  );
});
