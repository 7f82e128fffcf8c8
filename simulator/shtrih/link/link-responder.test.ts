import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, settle } from '../../../src/core/clock';
import { encodeFrame, fromHex } from '../../../src/printer/protocol/frame-codec';
import { LINK } from '../../../src/printer/protocol/link-bytes';
import { cmd, CASHIER, errorOf, pwd, win1251 } from '../test-support/raw-host';
import { emulatorWithHost } from '../test-support/emulator-host';

const printLine = (text: string) => cmd(0x17, pwd(CASHIER), [2], win1251(text, 40));

describe('device side of the link layer', () => {
  it('answers ENQ with NAK when it has no answer waiting', async () => {
    const { emu, host } = emulatorWithHost();

    host.write([LINK.ENQ]);

    await host.expectControl(LINK.NAK);
    await emu.close();
  });

  it('answers the vendor example frame (short status, password 30) with mode 4', async () => {
    const { emu, host } = emulatorWithHost();

    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(fromHex('02 05 10 1E 00 00 00 0B'));
    await host.expectControl(LINK.ACK);
    const answer = await host.expectFrame();

    assert.equal(answer.length, 16);
    assert.deepEqual([answer[0], answer[1], answer[2]], [0x10, 0x00, 30]);
    assert.equal(answer[5], 4, 'mode 4: shift closed');
    await emu.close();
  });

  it('keeps an unacknowledged answer, sends it again after ENQ, then NAK once ACKed', async () => {
    const { emu, host } = emulatorWithHost();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(printLine('ОДИН РАЗ'))));
    await host.expectControl(LINK.ACK);
    const first = await host.expectFrame();

    host.write([LINK.ENQ]);
    await host.expectControl(LINK.ACK);
    const again = await host.expectFrame();
    host.write([LINK.ACK, LINK.ENQ]);
    await host.expectControl(LINK.NAK);

    assert.deepEqual(again, first);
    assert.equal(emu.tape.ofKind('text').length, 1, 'the command ran once');
    await emu.close();
  });

  it('does not resend by itself after the host NAKs an answer; ENQ gets it', async () => {
    const { emu, host } = emulatorWithHost();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(printLine('X'))));
    await host.expectControl(LINK.ACK);
    const answer = await host.expectFrame();

    host.write([LINK.NAK]);
    await settle(10);
    assert.deepEqual(host.pendingItems(), []);
    host.write([LINK.ENQ]);

    await host.expectControl(LINK.ACK);
    assert.deepEqual(await host.expectFrame(), answer);
    await emu.close();
  });

  it('NAKs a command frame with a bad LRC and does not execute it', async () => {
    const { emu, host } = emulatorWithHost();
    const frame = encodeFrame(Buffer.from(printLine('НЕ ПЕЧАТАТЬ')));
    frame[frame.length - 1] ^= 0x5a;

    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(frame);

    await host.expectControl(LINK.NAK);
    await settle(10);
    assert.deepEqual(emu.tape.entries, []);
    assert.equal(errorOf(await host.command(printLine('А ЭТО ДА'))), 0);
    await emu.close();
  });

  it('refuses a new command frame while an answer is still pending', async () => {
    const { emu, host } = emulatorWithHost();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(printLine('ПЕРВАЯ'))));
    await host.expectControl(LINK.ACK);
    await host.expectFrame();

    host.write(encodeFrame(Buffer.from(printLine('ВТОРАЯ'))));

    await host.expectControl(LINK.NAK);
    assert.deepEqual(
      emu.tape.ofKind('text').map((e) => e.text),
      ['ПЕРВАЯ'],
    );
    await emu.close();
  });

  it('skips line noise before STX', async () => {
    const { emu, host } = emulatorWithHost();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);

    host.write([0x00, 0xff, 0x42, ...encodeFrame(Buffer.from(printLine('ШУМ')))]);

    await host.expectControl(LINK.ACK);
    assert.equal(errorOf(await host.expectFrame()), 0);
    await emu.close();
  });

  it('NAKs a frame cut short by the byte timeout and then takes a whole one', async () => {
    const clock = new VirtualClock();
    const { emu, host } = emulatorWithHost({ clock, byteTimeoutMs: 50 });
    const frame = encodeFrame(Buffer.from(printLine('ПОЛОВИНА')));
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);

    host.write(frame.subarray(0, 10));
    await settle(10);
    await clock.advance(49);
    assert.deepEqual(host.pendingItems(), [], 'no reaction before the timeout');
    await clock.advance(1);

    await host.expectControl(LINK.NAK);
    assert.equal(errorOf(await host.command(printLine('ЦЕЛАЯ'))), 0);
    assert.deepEqual(
      emu.tape.ofKind('text').map((e) => e.text),
      ['ЦЕЛАЯ'],
    );
    await emu.close();
  });

  it('answers an unknown command with 37h, echoing both bytes of an FF command', async () => {
    const { emu, host } = emulatorWithHost();

    const one = await host.command([0x99, ...pwd(30)]);
    const two = await host.command([0xff, 0x7f, ...pwd(30)]);

    assert.deepEqual([...one], [0x99, 0x37]);
    assert.deepEqual([...two], [0xff, 0x7f, 0x37]);
    await emu.close();
  });
});
