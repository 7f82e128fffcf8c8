import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { CASHIER, cmd, errorOf, pwd, SYSADMIN } from '../test-support/raw-host';
import { emulatorOnVirtualClock } from '../test-support/emulator-host';

const HOUR = 60 * 60 * 1000;

describe('status commands', () => {
  it('10h reports the operator, paper flags, mode and submode in 16 bytes', async () => {
    const { emu, host } = emulatorOnVirtualClock({ shiftOpen: true });

    const answer = await host.command(cmd(0x10, pwd(7)));

    assert.equal(answer.length, 16);
    assert.equal(answer[2], 7, 'operator 7 owns password 7');
    const flags = answer.readUInt16LE(3);
    assert.equal(flags & (1 << 1), 1 << 1, 'receipt roll present');
    assert.equal(flags & (1 << 7), 1 << 7, 'optical sensor sees paper');
    assert.equal(answer[5], 2, 'mode 2: shift open');
    assert.equal(answer[6], 0, 'submode 0: paper present');
    await emu.close();
  });

  it('10h shows mode 3 once the shift is 24 hours old, by the injected clock', async () => {
    const { emu, clock, host } = emulatorOnVirtualClock({ shiftOpen: true });

    await clock.advance(24 * HOUR - 1);
    const before = await host.command(cmd(0x10, pwd(CASHIER)));
    await clock.advance(1);
    const after = await host.command(cmd(0x10, pwd(CASHIER)));

    assert.equal(before[5], 2);
    assert.equal(after[5], 3);
    await emu.close();
  });

  it('10h shows the open document type in the high nibble of mode 8', async () => {
    const { emu, host } = emulatorOnVirtualClock({ shiftOpen: true });

    await host.command(cmd(0x8d, pwd(CASHIER), [2]));
    const answer = await host.command(cmd(0x10, pwd(CASHIER)));

    assert.equal(answer[5], 0x28, 'mode 8, document type 2 (sale return)');
    await emu.close();
  });

  it('answers 4Fh to a password no operator has', async () => {
    const { emu, host } = emulatorOnVirtualClock();

    const answer = await host.command(cmd(0x10, pwd(12345)));

    assert.deepEqual([...answer], [0x10, 0x4f]);
    await emu.close();
  });

  it('11h sends the 48-byte layout with local date and time and the link port', async () => {
    const { emu, clock, host } = emulatorOnVirtualClock({ shiftOpen: true });
    const local = new Date(clock.now());

    const answer = await host.command(cmd(0x11, pwd(SYSADMIN)));

    assert.equal(answer.length, 48);
    assert.equal(answer[2], 30);
    assert.equal(answer[15], 2, 'mode');
    assert.equal(answer[17], 0, 'port 0: serial-like link');
    const date = [local.getDate(), local.getMonth() + 1, local.getFullYear() % 100];
    const time = [local.getHours(), local.getMinutes(), local.getSeconds()];
    assert.deepEqual([...answer.subarray(25, 28)], date, 'date DD MM YY, local time');
    assert.deepEqual([...answer.subarray(28, 31)], time, 'time HH MM SS, local time');
    assert.equal(answer.readUInt16LE(11), emu.device.status().lastDocumentNumber);
    await emu.close();
  });

  it('FCh names the model from the vendor table', async () => {
    const { emu, host } = emulatorOnVirtualClock();

    const answer = await host.command([0xfc]);

    assert.equal(errorOf(answer), 0);
    assert.deepEqual([...answer.subarray(2, 8)], [0, 0, 1, 14, 250, 0]);
    assert.equal(iconv.decode(answer.subarray(8), 'win1251'), 'ШТРИХ-М-01Ф');
    await emu.close();
  });

  it('FF01h needs the system administrator and reports shift, document and FN number', async () => {
    const { emu, host } = emulatorOnVirtualClock({ shiftOpen: true });

    const refused = await host.command(cmd(0xff01, pwd(CASHIER)));
    await host.command(cmd(0x8d, pwd(CASHIER), [0]));
    const answer = await host.command(cmd(0xff01, pwd(SYSADMIN)));

    assert.deepEqual([...refused], [0xff, 0x01, 0x4f]);
    assert.equal(answer.length, 33);
    assert.equal(answer[4], 0x04, 'current document: receipt');
    assert.equal(answer[6], 1, 'shift open');
    assert.match(answer.subarray(13, 29).toString('ascii'), /^\d{16}$/);
    assert.equal(answer.readUInt32LE(29), emu.device.status().lastDocumentNumber);
    await emu.close();
  });
});
