import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, CASHIER, cmd, errorOf, pwd, saleLine } from '../test-support/raw-host';
import { emulatorOnVirtualClock } from '../test-support/emulator-host';

const HOUR = 60 * 60 * 1000;

describe('shift commands', () => {
  it('E0h opens the shift, prints the report and counts a fiscal document', async () => {
    const { emu, host } = emulatorOnVirtualClock();
    const before = emu.device.status();

    const answer = await host.command(cmd(0xe0, pwd(CASHIER)));

    assert.deepEqual([...answer], [0xe0, 0, CASHIER]);
    const after = emu.device.status();
    assert.equal(after.mode, 2);
    assert.equal(after.shiftNumber, before.shiftNumber + 1);
    assert.equal(after.lastDocumentNumber, before.lastDocumentNumber + 1);
    assert.equal(emu.tape.ofKind('report')[0].title, 'ОТЧЕТ ОБ ОТКРЫТИИ СМЕНЫ');
    await emu.close();
  });

  it('E0h refuses an open shift (3Ch) and an open receipt (4Ah)', async () => {
    const { emu, host } = emulatorOnVirtualClock({ shiftOpen: true });

    const open = await host.command(cmd(0xe0, pwd(CASHIER)));
    await host.command(saleLine(1000, 100, 'A'));
    const inReceipt = await host.command(cmd(0xe0, pwd(CASHIER)));

    assert.deepEqual([open, inReceipt].map(errorOf), [0x3c, 0x4a]);
    await emu.close();
  });

  it('41h closes a shift that ran past 24 h, with the administrator password only', async () => {
    const { emu, clock, host } = emulatorOnVirtualClock({ shiftOpen: true });
    await clock.advance(25 * HOUR);

    const cashier = await host.command(cmd(0x41, pwd(CASHIER)));
    const admin = await host.command(cmd(0x41, pwd(ADMIN)));
    const again = await host.command(cmd(0x41, pwd(ADMIN)));

    assert.deepEqual([cashier, admin, again].map(errorOf), [0x4f, 0, 0x73]);
    assert.equal(emu.device.status().mode, 4);
    await emu.close();
  });

  it('setShiftOpenedAt puts the device in mode 3 without waiting', async () => {
    const { emu, clock, host } = emulatorOnVirtualClock();

    emu.device.setShiftOpenedAt(clock.now() - 25 * HOUR);
    const answer = await host.command(cmd(0x10, pwd(CASHIER)));

    assert.equal(answer[5], 3);
    assert.equal(emu.device.status().shiftOver24h, true);
    await emu.close();
  });
});
