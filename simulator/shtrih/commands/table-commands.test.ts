import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { CASHIER, cmd, errorOf, le, pwd, SYSADMIN, win1251 } from '../test-support/raw-host';
import { emulatorWithHost } from '../test-support/emulator-host';

const readField = (table: number, row: number, field: number, password = SYSADMIN) =>
  cmd(0x1f, pwd(password), [table], le(row, 2), [field]);
const writeField = (table: number, row: number, field: number, value: number[]) =>
  cmd(0x1e, pwd(SYSADMIN), [table], le(row, 2), [field], value);
const text = (bytes: Buffer) => iconv.decode(bytes.subarray(0, bytes.indexOf(0)), 'win1251');

describe('table commands', () => {
  it('2Dh describes table 5 as 16 rows of 1 field', async () => {
    const { emu, host } = emulatorWithHost();

    const answer = await host.command(cmd(0x2d, pwd(SYSADMIN), [5]));

    assert.equal(answer.length, 45);
    assert.equal(text(answer.subarray(2, 42)), 'Наименования типов оплаты');
    assert.equal(answer.readUInt16LE(42), 16);
    assert.equal(answer[44], 1);
    await emu.close();
  });

  it('2Eh describes table 5 field 1 as CHAR 64 and a BIN field with its range', async () => {
    const { emu, host } = emulatorWithHost();

    const char = await host.command(cmd(0x2e, pwd(SYSADMIN), [5], [1]));
    const bin = await host.command(cmd(0x2e, pwd(SYSADMIN), [21], [4]));

    assert.deepEqual([char[42], char[43]], [1, 64]);
    assert.equal(char.length, 44);
    assert.deepEqual([bin[42], bin[43]], [0, 2]);
    assert.deepEqual([bin.readUInt16LE(44), bin.readUInt16LE(46)], [0, 65535]);
    await emu.close();
  });

  it('1Fh reads a payment name as 64 zero-padded bytes', async () => {
    const { emu, host } = emulatorWithHost();

    const answer = await host.command(readField(5, 2, 1));

    assert.equal(answer.length, 2 + 64);
    assert.equal(text(answer.subarray(2)), 'КАРТОЙ МИР');
    await emu.close();
  });

  it('1Eh writes a payment name that 1Fh and the direct API then read', async () => {
    const { emu, host } = emulatorWithHost();

    const written = await host.command(writeField(5, 3, 1, [...win1251('СБП QR'), 0]));
    const read = await host.command(readField(5, 3, 1));

    assert.deepEqual([...written], [0x1e, 0x00], 'ERR only, no operator byte');
    assert.equal(text(read.subarray(2)), 'СБП QR');
    assert.equal(emu.device.readTable(5, 3, 1), 'СБП QR');
    await emu.close();
  });

  it('refuses to change table 5 row 1 (cash) with 7Ah', async () => {
    const { emu, host } = emulatorWithHost();

    const answer = await host.command(writeField(5, 1, 1, [...win1251('ДЕНЬГАМИ'), 0]));

    assert.equal(errorOf(answer), 0x7a);
    assert.equal(emu.device.readTable(5, 1, 1), 'НАЛИЧНЫМИ');
    await emu.close();
  });

  it('needs the system administrator password for table access', async () => {
    const { emu, host } = emulatorWithHost();

    const answer = await host.command(readField(5, 2, 1, CASHIER));

    assert.deepEqual([...answer], [0x1f, 0x4f]);
    await emu.close();
  });

  it('answers 5Dh for a table it does not have, 33h for rows and fields outside it', async () => {
    const { emu, host } = emulatorWithHost();

    const noTable = await host.command(readField(99, 1, 1));
    const noRow = await host.command(readField(5, 17, 1));
    const noField = await host.command(readField(5, 1, 2));
    const tooLong = await host.command(writeField(5, 3, 1, win1251('Я'.repeat(65))));

    assert.deepEqual([noTable, noRow, noField, tooLong].map(errorOf), [0x5d, 0x33, 0x33, 0x33]);
    await emu.close();
  });

  it('writes a BIN field of the right size and refuses a value outside its range', async () => {
    const { emu, host } = emulatorWithHost();

    const ok = await host.command(writeField(21, 1, 4, le(7780, 2)));
    const short = await host.command(writeField(21, 1, 4, [1]));
    const range = await host.command(writeField(1, 1, 7, [3]));

    assert.deepEqual([ok, short, range].map(errorOf), [0, 0x33, 0x33]);
    assert.equal(emu.device.readTable(21, 1, 4), 7780);
    await emu.close();
  });

  it('takes initial payment names; direct-access mistakes get a stable code', async () => {
    const { emu } = emulatorWithHost({ paymentNames: { 7: 'WEBMONEY' } });

    assert.equal(emu.device.readTable(5, 7, 1), 'WEBMONEY');
    assert.throws(() => emu.device.readTable(5, 99, 1), { code: 'EMULATOR_TABLE_ACCESS' });
    await emu.close();
  });
});
