import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import {
  CASHIER,
  closeExtended,
  cmd,
  le,
  pwd,
  RawHost,
  saleLine,
  win1251,
} from '../test-support/raw-host';
import { emulatorOnVirtualClock } from '../test-support/emulator-host';
import { SBP_URL } from '../test-support/sbp-url';

const setup = () => emulatorOnVirtualClock({ shiftOpen: true, paymentNames: { 3: 'СБП' } });

async function printQrByDe(host: RawHost, text: string, dotSize: number): Promise<void> {
  const data = Buffer.from(text, 'utf8');
  for (let i = 0; i * 64 < data.length; i++) {
    const block = Buffer.alloc(64);
    data.copy(block, 0, i * 64, i * 64 + 64);
    await host.command(cmd(0xdd, pwd(CASHIER), [0], [i], [...block]));
  }
  await host.command(
    cmd(0xde, pwd(CASHIER), [3], le(data.length, 2), [0], [0, 0, dotSize, 0, 1], [1]),
  );
}

/**
 * The C5h fallback as a host would send it: one command per module row, repeated
 * dotSize times.
 */
async function printQrByC5(host: RawHost, text: string, dotSize: number): Promise<void> {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const left = Math.floor((320 - n * dotSize) / 2);
  for (let row = -4; row < n + 4; row++) {
    const line = Buffer.alloc(40);
    for (let col = 0; col < n && row >= 0 && row < n; col++) {
      if (!qr.modules.data[row * n + col]) continue;
      for (let k = 0; k < dotSize; k++) {
        const x = left + col * dotSize + k;
        line[x >> 3] |= 0x80 >> (x & 7);
      }
    }
    await host.command(cmd(0xc5, pwd(CASHIER), le(dotSize, 2), [...line]));
  }
}

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe('the tape', () => {
  it('renders a receipt as readable 40-column Russian text', async () => {
    const { emu, host, clock } = setup();

    await host.command(saleLine(2000, 15050, 'Кофе в зёрнах'));
    await host.command(closeExtended({ 3: 30100 }, 'WM 42'));
    const lines = emu.tape.toText().split('\n');

    assert.ok(
      lines.every((l) => l.length <= 40),
      'no line is wider than the paper',
    );
    assert.ok(lines.includes('Кофе в зёрнах'));
    assert.ok(lines.includes(`2.000 X 150.50${' '.repeat(19)}=301.00`));
    assert.ok(lines.includes(`ИТОГ${' '.repeat(29)}=301.00`));
    assert.ok(lines.includes(`  СБП${' '.repeat(28)}=301.00`));
    assert.ok(lines.some((l) => /^ФД \d+ +ФП \d+$/.test(l)));
    // The register's clock is the computer's local time, whatever TZ the tests run in.
    const now = new Date(clock.now());
    const two = (n: number) => String(n).padStart(2, '0');
    const printed =
      `${two(now.getDate())}.${two(now.getMonth() + 1)}.${two(now.getFullYear() % 100)} ` +
      `${two(now.getHours())}:${two(now.getMinutes())}`;
    assert.ok(
      lines.some((l) => l.includes(printed)),
      `the local time ${printed} on the tape`,
    );
    await emu.close();
  });

  it('shows QR codes, graphics and cuts as placeholders in the text', async () => {
    const { emu, host } = setup();

    await printQrByDe(host, 'https://example.test/pay', 4);
    await host.command(cmd(0xc5, pwd(CASHIER), le(3, 2), new Array(40).fill(0xff)));
    await host.command(cmd(0x25, pwd(CASHIER), [0]));
    const text = emu.tape.toText();

    assert.match(text, /\[QR: https:\/\/example\.test\/pay\]/);
    assert.match(text, /\[графика: 3 строк точек\]/);
    assert.match(text, /^={40}$/m);
    await emu.close();
  });

  it('draws the DEh QR code so that a QR reader decodes the same text', async () => {
    const { emu, host } = setup();
    await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('Оплата через СБП', 40)));

    await printQrByDe(host, SBP_URL, 5);
    const png = await emu.tape.toPng();

    assert.equal(PNG.sync.read(png).width, 384);
    assert.equal(decodeQr(png), SBP_URL);
    await emu.close();
  });

  it('draws C5h graphic lines as received, so a QR sent as lines decodes too', async () => {
    const { emu, host } = setup();
    const text = 'https://wm.example/pay?id=C5-fallback';

    await printQrByC5(host, text, 4);

    assert.equal(decodeQr(await emu.tape.toPng()), text);
    await emu.close();
  });

  it('scales the picture on request', async () => {
    const { emu, host } = setup();
    await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('x', 40)));

    const png = PNG.sync.read(await emu.tape.toPng({ scale: 2 }));

    assert.equal(png.width, 768);
    await emu.close();
  });

  it('writes text and PNG files and starts empty again after clear()', async () => {
    const { emu, host } = setup();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wmqr-tape-'));
    await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('Привет', 40)));

    const files = await emu.tape.writeTo(dir, 'receipt-1');
    emu.tape.clear();

    assert.equal(await fs.readFile(files.textFile, 'utf8'), 'Привет\n');
    assert.deepEqual(
      [...(await fs.readFile(files.pngFile)).subarray(1, 4)],
      [...Buffer.from('PNG')],
    );
    assert.deepEqual(emu.tape.entries, []);
    assert.equal(emu.tape.toText(), '');
    await fs.rm(dir, { recursive: true, force: true });
    await emu.close();
  });
});
