import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAnswer } from '../../../src/printer/commands/command-spec';
import { readModelParameters, reversesLineBytes } from '../../../src/printer/commands';
import { cmd, errorOf } from '../test-support/raw-host';
import { emulatorOnVirtualClock } from '../test-support/emulator-host';

describe('model commands', () => {
  it('F7h type 1 answers 31 bytes: 40-byte graphic lines, 40 columns, bit 26 clear', async () => {
    const { emu, host } = emulatorOnVirtualClock();

    const answer = await host.command(cmd(0xf7, [1]));
    const params = decodeAnswer(readModelParameters, answer);

    assert.equal(answer.length, 2 + 31);
    assert.equal(answer[1], 0);
    assert.equal(reversesLineBytes(params), false);
    assert.equal(params.graphicLineBytes, 40);
    assert.equal(params.font1Width, 40);
    assert.equal(params.font2Width, 20);
    assert.equal((params.flags >> 13n) & 1n, 1n, 'bit 13: cutter');
    await emu.close();
  });

  it('F7h sets bit 26 exactly when the emulator prints C5h bytes LSB-first', async () => {
    const { emu, host } = emulatorOnVirtualClock({ graphicsBitOrder: 'lsb-first' });

    const params = decodeAnswer(readModelParameters, await host.command(cmd(0xf7, [1])));

    assert.equal(reversesLineBytes(params), true);
    assert.equal(answerByte(params.flags, 3) & 0x04, 0x04, 'byte 3 bit 2 is model bit 26');
    await emu.close();
  });

  it('F7h refuses other request types and a missing type with 33h', async () => {
    const { emu, host } = emulatorOnVirtualClock();

    assert.equal(errorOf(await host.command(cmd(0xf7, [0]))), 0x33);
    assert.equal(errorOf(await host.command(cmd(0xf7, [2]))), 0x33);
    assert.equal(errorOf(await host.command(cmd(0xf7))), 0x33);
    await emu.close();
  });
});

function answerByte(flags: bigint, index: number): number {
  return Number((flags >> BigInt(index * 8)) & 0xffn);
}
