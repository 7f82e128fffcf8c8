import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { ShtrihEmulator } from '../../../simulator/shtrih';
import type { CliContext } from '../cli-context';
import { runCli } from '../main';
import { EXIT } from '../exit-codes';

function context(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const ctx: CliContext = {
    stdout,
    stderr,
    env,
    cwd: process.cwd(),
    signal: new AbortController().signal,
    exitCode: EXIT.OK,
  };
  return { ctx, out: () => out.join(''), err: () => err.join('') };
}

async function withEmulator(
  run: (device: string, emu: ShtrihEmulator) => Promise<void>,
  options: ConstructorParameters<typeof ShtrihEmulator>[0] = {},
): Promise<void> {
  const emu = new ShtrihEmulator(options);
  const listener = await emu.listenTcp({ port: 0 });
  try {
    await run(`tcp://127.0.0.1:${listener.port}`, emu);
  } finally {
    await emu.close();
  }
}

test('wmqr status prints mode, submode, paper and model in Russian words', async () => {
  await withEmulator(async (device) => {
    const { ctx, out } = context();

    const code = await runCli(['status', '--device', device], ctx);

    assert.equal(code, EXIT.OK);
    assert.match(out(), /Модель:\s+ШТРИХ-М-01Ф \(модель 250, протокол 1\.14\)/);
    assert.match(out(), /Режим:\s+Смена закрыта \(4\)/);
    assert.match(out(), /Подрежим:\s+Бумага есть \(0\)/);
    assert.match(out(), /Бумага:\s+Чековая лента есть/);
  });
});

test('wmqr status --lang en, with the device from the environment', async () => {
  await withEmulator(
    async (device) => {
      const { ctx, out } = context({ WMQR_PRINTER_DEVICE: device });

      const code = await runCli(['status', '--lang', 'en'], ctx);

      assert.equal(code, EXIT.OK);
      assert.match(out(), /Mode:\s+Shift open \(2\)/);
      assert.match(out(), /Paper:\s+Receipt paper present/);
    },
    { shiftOpen: true },
  );
});

test('wmqr status --json', async () => {
  await withEmulator(async (device) => {
    const { ctx, out } = context();

    await runCli(['status', '--device', device, '--json'], ctx);

    const json = JSON.parse(out()) as { modeNumber: number; model: { name: string } };
    assert.equal(json.modeNumber, 4);
    assert.equal(json.model.name, 'ШТРИХ-М-01Ф');
  });
});

test('wmqr print-qr prints the QR code and cuts', async () => {
  await withEmulator(async (device, emu) => {
    const { ctx, out } = context();

    const code = await runCli(['print-qr', '--device', device, 'https://example.com/p/1'], ctx);

    assert.equal(code, EXIT.OK);
    assert.match(out(), /QR-код напечатан/);
    assert.deepEqual(
      emu.tape.entries.map((e) => e.kind),
      ['qr', 'cut'],
    );
  });
});

test('wmqr print-qr --qr-mode graphic --no-cut prints graphic lines only', async () => {
  await withEmulator(async (device, emu) => {
    const { ctx } = context();

    await runCli(['print-qr', '--device', device, '--qr-mode', 'graphic', '--no-cut', 'x'], ctx);

    const kinds = new Set(emu.tape.entries.map((e) => e.kind));
    assert.deepEqual([...kinds], ['graphic-line']);
  });
});

test('wmqr payment-names lists rows 1..16', async () => {
  await withEmulator(
    async (device) => {
      const { ctx, out } = context();

      const code = await runCli(['payment-names', '--device', device], ctx);

      assert.equal(code, EXIT.OK);
      const rows = out().trim().split('\n').slice(1);
      assert.equal(rows.length, 16);
      assert.match(rows[0]!, /^\s+1 {2}НАЛИЧНЫМИ$/);
      assert.match(rows[2]!, /^\s+3 {2}СБП$/);
    },
    { paymentNames: { 3: 'СБП' } },
  );
});

test('a printer that does not answer gives PRINTER_NO_ANSWER with what to check', async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const { ctx, err } = context();

  const code = await runCli(
    ['status', '--device', `tcp://127.0.0.1:${port}`, '--timeout', '20', '--retries', '1'],
    ctx,
  );
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));

  assert.equal(code, EXIT.ERROR);
  assert.match(err(), /^error PRINTER_NO_ANSWER: .*check the cable, the port or address/m);
});

test('bad options are usage errors (exit 2)', async () => {
  for (const args of [
    ['status'],
    ['status', '--device', 'http://x'],
    ['status', '--device', 'COM3', '--baud', 'fast'],
    ['status', '--device', 'COM3', '--lang', 'de'],
    ['print-qr', '--device', 'COM3', '--error-correction', 'Z', 'x'],
  ]) {
    const { ctx } = context();

    const code = await runCli(args, ctx);

    assert.equal(code, EXIT.USAGE, args.join(' '));
  }
});
