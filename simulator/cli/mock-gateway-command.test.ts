import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main';
import type { CliContext } from '../../src/cli/cli-context';
import { until } from '../../src/gateway/testing';
import { registerMockGatewayCommand } from './mock-gateway-command';

function context(signal: AbortSignal) {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ctx: CliContext = {
    stdout,
    stderr: new PassThrough(),
    env: {},
    cwd: process.cwd(),
    signal,
    exitCode: 0,
  };
  return { ctx, output: () => out };
}

test('wmqr mock-gateway prints its URL and CA, serves until Ctrl+C, then stops', async () => {
  const abort = new AbortController();
  const { ctx, output } = context(abort.signal);

  const run = runCli(['mock-gateway', '--port', '0'], ctx, [registerMockGatewayCommand]);
  await until(() => /customer: /.test(output()), 'the ready lines');
  const url = /^gateway: (https:\/\/127\.0\.0\.1:\d+)$/m.exec(output())?.[1];
  const caFile = /^ca: (.+)$/m.exec(output())?.[1] ?? '';
  const pending = await new Promise<string>((resolve, reject) => {
    https
      .get(`${url}/customer/pending`, { ca: fs.readFileSync(caFile), agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
  abort.abort();
  const code = await run;

  assert.ok(url, output());
  assert.deepEqual(JSON.parse(pending), { payments: [] });
  assert.match(output(), /^point: 100200300 {2}agent: 50001$/m);
  assert.doesNotMatch(output(), /test-only-agent-key|test-only-password/);
  assert.equal(code, 0);
  assert.match(output(), /mock gateway stopped/);
});

test('a port out of range is a usage error', async () => {
  const { ctx } = context(new AbortController().signal);

  const code = await runCli(['mock-gateway', '--port', '70000'], ctx, [registerMockGatewayCommand]);

  assert.equal(code, 2);
});
