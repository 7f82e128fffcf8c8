import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/cli-context';
import { EXIT } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/main';
import { registerDemoCommand } from './demo-command';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function demo(cwd: string, args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ctx: CliContext = {
    stdout,
    stderr,
    env: {},
    cwd,
    signal: new AbortController().signal,
    exitCode: EXIT.OK,
  };
  const code = await runCli(['demo', '--pay-after', '0', ...args], ctx, [registerDemoCommand]);
  return { code, out, err };
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-demo-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('paid: exit 0, the QR code and the tape are shown, the tape picture is written', async (t) => {
  const cwd = tempDir(t);

  const run = await demo(cwd, ['--system', 'alipay']);

  assert.equal(run.code, EXIT.OK, run.err + run.out);
  assert.match(run.out, /^QR: https:\/\/qr\.alipay\.com\//m);
  assert.match(run.out, /█/, 'the QR code drawn in the terminal');
  assert.match(run.out, /outcome=PAID_RECEIPT_CLOSED/);
  assert.match(run.out, /ИТОГ\s+=431\.00\n\s+ALIPAY\s+=431\.00/, 'the receipt on the tape');
  const png = fs.readFileSync(path.join(cwd, 'reports/tape/demo-alipay-paid.png'));
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  const text = fs.readFileSync(path.join(cwd, 'reports/tape/demo-alipay-paid.txt'), 'utf8');
  assert.ok(run.out.includes(text.trimEnd()), 'the printed tape is the one written');
  assert.ok(fs.existsSync(path.join(cwd, 'reports/demo/wmqr.config.json')));
});

test('declined, in English, with payment types kept from the earlier demo settings', async (t) => {
  const cwd = tempDir(t);
  await demo(cwd, []);
  const settingsFile = path.join(cwd, 'reports/demo/wmqr.config.json');
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  settings.paymentTypes.wechat = { paymentNumber: 9, name: 'WECHAT QR' };
  fs.writeFileSync(settingsFile, JSON.stringify(settings));

  const run = await demo(cwd, ['--system', 'wechat', '--outcome', 'declined', '--lang', 'en']);

  assert.equal(run.code, EXIT.DECLINED, run.err + run.out);
  assert.match(run.out, /The payment was declined: Insufficient funds/);
  assert.match(run.out, /^\s+9\s+wechat\s+WECHAT QR$/m, 'the edited payment type was written');
  assert.match(run.out, /PAY BY QR CODE/, 'the slip in English');
  const text = fs.readFileSync(path.join(cwd, 'reports/tape/demo-wechat-declined.txt'), 'utf8');
  assert.doesNotMatch(text, /КАССОВЫЙ ЧЕК/, 'no fiscal receipt for a declined payment');
});

test('an unknown outcome is a usage error, and nothing is started', async (t) => {
  const cwd = tempDir(t);

  const run = await demo(cwd, ['--outcome', 'maybe']);

  assert.equal(run.code, EXIT.USAGE);
  assert.match(run.err, /paid, declined, timeout/);
  assert.equal(fs.existsSync(path.join(cwd, 'reports')), false);
});
