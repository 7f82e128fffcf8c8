import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CASHIER, cmd, errorOf, le, pwd, saleLine, win1251 } from '../test-support/raw-host';
import { emulatorWithHost } from '../test-support/emulator-host';
import { SBP_URL } from '../test-support/sbp-url';

/** DDh blocks of 64 bytes, the last one zero-padded (p. 37). */
function loadBlocks(data: Buffer): number[][] {
  const out: number[][] = [];
  for (let i = 0; i * 64 < data.length; i++) {
    const block = Buffer.alloc(64);
    data.copy(block, 0, i * 64, i * 64 + 64);
    out.push(cmd(0xdd, pwd(CASHIER), [0], [i], [...block]));
  }
  return out;
}

const printQr = (length: number, p: number[], align = 1) =>
  cmd(0xde, pwd(CASHIER), [3], le(length, 2), [0], p, [align]);

describe('print commands', () => {
  it('17h prints a receipt-tape line; journal-only flags print nothing on the tape', async () => {
    const { emu, host } = emulatorWithHost();

    const a = await host.command(cmd(0x17, pwd(CASHIER), [2], win1251('Оплата по QR', 40)));
    const b = await host.command(cmd(0x17, pwd(CASHIER), [1], win1251('Только журнал', 40)));

    assert.deepEqual([...a], [0x17, 0, CASHIER]);
    assert.equal(errorOf(b), 0);
    assert.deepEqual(emu.tape.entries, [{ kind: 'text', text: 'Оплата по QR', bold: false }]);
    await emu.close();
  });

  it('12h prints a bold line', async () => {
    const { emu, host } = emulatorWithHost();

    await host.command(cmd(0x12, pwd(CASHIER), [2], win1251('К ОПЛАТЕ', 20)));

    assert.deepEqual(emu.tape.entries, [{ kind: 'text', text: 'К ОПЛАТЕ', bold: true }]);
    await emu.close();
  });

  it('25h cuts fully or partly; type 2 gets 33h, a cut inside a receipt 4Ah', async () => {
    const { emu, host } = emulatorWithHost({ shiftOpen: true });

    const full = await host.command(cmd(0x25, pwd(CASHIER), [0]));
    const partial = await host.command(cmd(0x25, pwd(CASHIER), [1]));
    const bad = await host.command(cmd(0x25, pwd(CASHIER), [2]));
    await host.command(saleLine(1000, 100, 'A'));
    const inReceipt = await host.command(cmd(0x25, pwd(CASHIER), [0]));

    assert.deepEqual([full, partial, bad, inReceipt].map(errorOf), [0, 0, 0x33, 0x4a]);
    assert.deepEqual(emu.tape.ofKind('cut'), [
      { kind: 'cut', partial: false },
      { kind: 'cut', partial: true },
    ]);
    await emu.close();
  });

  it('DDh + DEh print a QR with the loaded text and parameters and answer its size', async () => {
    const { emu, host } = emulatorWithHost();
    const data = Buffer.from(SBP_URL, 'ascii');

    for (const block of loadBlocks(data)) assert.equal(errorOf(await host.command(block)), 0);
    const answer = await host.command(printQr(data.length, [0, 0, 6, 0, 1]));

    assert.equal(errorOf(answer), 0);
    assert.equal(answer.length, 12);
    const [qr] = emu.tape.ofKind('qr');
    assert.equal(qr.text, SBP_URL);
    assert.deepEqual(
      [qr.moduleSize, qr.errorCorrection, qr.alignment, qr.version, qr.mask],
      [6, 'M', 'center', 0, 0],
    );
    const version = answer[3];
    const side = (17 + 4 * version) * 6;
    assert.equal(answer[5], 6, 'dot size');
    assert.equal(answer.readUInt16LE(8), side, 'width in dots');
    await emu.close();
  });

  it('DEh refuses bad QR parameters (33h) and missing data blocks (34h)', async () => {
    const { emu, host } = emulatorWithHost();
    for (const block of loadBlocks(Buffer.from('abc'))) await host.command(block);

    const dot = await host.command(printQr(3, [0, 0, 9, 0, 0]));
    const ecl = await host.command(printQr(3, [0, 0, 4, 0, 4]));
    const align = await host.command(printQr(3, [0, 0, 4, 0, 0], 3));
    const missing = await host.command(printQr(200, [0, 0, 4, 0, 0]));
    const tooWide = await host.command(printQr(3, [40, 0, 8, 0, 0]));

    assert.deepEqual(
      [dot, ecl, align, missing, tooWide].map(errorOf),
      [0x33, 0x33, 0x33, 0x34, 0x33],
    );
    assert.deepEqual(emu.tape.entries, []);
    await emu.close();
  });

  it('answers DDh and DEh with 37h when the model has no 2-D barcodes', async () => {
    const { emu, host } = emulatorWithHost({ supports2dBarcode: false });

    const load = await host.command(loadBlocks(Buffer.from('abc'))[0]);
    const print = await host.command(printQr(3, [0, 0, 4, 0, 0]));

    assert.deepEqual([...load], [0xdd, 0x37]);
    assert.deepEqual([...print], [0xde, 0x37]);
    await emu.close();
  });

  it('C5h prints a graphic line and its repeat count, with or without a flags byte', async () => {
    const { emu, host } = emulatorWithHost();
    const line = Array.from({ length: 40 }, (_, i) => (i % 2 ? 0xff : 0x00));

    const plain = await host.command(cmd(0xc5, pwd(CASHIER), le(6, 2), line));
    const flagged = await host.command(cmd(0xc5, pwd(CASHIER), le(2, 2), [2], line));
    const zero = await host.command(cmd(0xc5, pwd(CASHIER), le(0, 2), line));

    assert.deepEqual([plain, flagged, zero].map(errorOf), [0, 0, 0x33]);
    const lines = emu.tape.ofKind('graphic-line');
    assert.deepEqual(
      lines.map((l) => l.repeat),
      [6, 2],
    );
    assert.deepEqual([...lines[0].bits], line);
    await emu.close();
  });

  it('C5h can read bytes least significant bit first', async () => {
    const { emu, host } = emulatorWithHost({ graphicsBitOrder: 'lsb-first' });

    await host.command(cmd(0xc5, pwd(CASHIER), le(1, 2), [0x01, ...new Array(39).fill(0)]));

    assert.equal(emu.tape.ofKind('graphic-line')[0].bits[0], 0x80);
    await emu.close();
  });

  it('B0h with nothing to continue is harmless', async () => {
    const { emu, host } = emulatorWithHost();

    const answer = await host.command(cmd(0xb0, pwd(CASHIER)));

    assert.deepEqual([...answer], [0xb0, 0, CASHIER]);
    await emu.close();
  });
});
