import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import tty from 'node:tty';
import type { CliContext } from '../../src/cli/cli-context';
import { EXIT } from '../../src/cli/exit-codes';
import { runCli } from '../../src/cli/main';
import { registerEmulatorCommand } from './emulator-command';
import { CASHIER, cmd, pwd, RawHost, win1251 } from '../shtrih/test-support/raw-host';

const socatMissing = spawnSync('socat', ['-V']).error !== undefined;

function startCli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const abort = new AbortController();
  const ctx: CliContext = {
    stdout,
    stderr,
    env: {},
    cwd: os.tmpdir(),
    signal: abort.signal,
    exitCode: EXIT.OK,
  };
  const done = runCli(['emulator', ...args], ctx, [registerEmulatorCommand]);
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const m = out.match(pattern);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no ${pattern} in output: ${out} ${err}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { done, waitFor, stop: () => abort.abort(), out: () => out, err: () => err };
}

async function tcpHost(port: number): Promise<RawHost> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  return new RawHost(socket, { tcp: true });
}

describe('wmqr emulator', () => {
  it('prints the TCP address when ready, serves it and stops on the signal', async () => {
    const cli = startCli(['--tcp', '0']);

    const [, port] = await cli.waitFor(/^tcp: 127\.0\.0\.1:(\d+)$/m);
    const host = await tcpHost(Number(port));
    const answer = await host.command(cmd(0x10, pwd(CASHIER)));
    host.close();
    cli.stop();

    assert.equal(await cli.done, EXIT.OK);
    assert.equal(answer[5], 4, 'shift closed by default');
    assert.match(cli.out(), /emulator stopped/);
  });

  it('starts with an open shift and without 2-D barcodes when asked', async () => {
    const cli = startCli(['--tcp', '0', '--shift-open', '--no-2d-barcode']);

    const [, port] = await cli.waitFor(/^tcp: 127\.0\.0\.1:(\d+)$/m);
    const host = await tcpHost(Number(port));
    const status = await host.command(cmd(0x10, pwd(CASHIER)));
    const de = await host.command(cmd(0xde, pwd(CASHIER), [3], [1, 0], [0], [0, 0, 4, 0, 0], [1]));
    host.close();
    cli.stop();
    await cli.done;

    assert.equal(status[5], 2);
    assert.deepEqual([...de], [0xde, 0x37]);
  });

  it('writes the tape as text and PNG after a cut', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-emu-cli-'));
    const cli = startCli(['--tcp', '0', '--tape-dir', dir]);
    const [, port] = await cli.waitFor(/^tcp: 127\.0\.0\.1:(\d+)$/m);
    const host = await tcpHost(Number(port));

    await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('Оплачено', 40)));
    await host.command(cmd(0x25, pwd(CASHIER), [0]));
    await cli.waitFor(/^tape: /m);
    host.close();
    cli.stop();
    await cli.done;

    assert.match(fs.readFileSync(path.join(dir, 'tape.txt'), 'utf8'), /^Оплачено$/m);
    assert.ok(fs.statSync(path.join(dir, 'tape.png')).size > 100);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'prints the pty path with --pty',
    { skip: socatMissing && 'socat is not installed' },
    async () => {
      const cli = startCli(['--pty']);

      const [, ptyPath] = await cli.waitFor(/^pty: (\S+)$/m);
      const host = new RawHost(
        new tty.ReadStream(fs.openSync(ptyPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY)),
      );
      const answer = await host.command([0xfc]);
      host.close();
      cli.stop();
      await cli.done;

      assert.equal(answer[1], 0);
      assert.doesNotMatch(cli.out(), /^tcp:/m, '--pty alone does not open TCP');
    },
  );

  it('refuses a bad port as a usage error', async () => {
    const cli = startCli(['--tcp', 'seventy']);

    assert.equal(await cli.done, EXIT.USAGE);
    assert.match(cli.err(), /TCP port/);
  });
});
