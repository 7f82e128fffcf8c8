import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from '../../src/core/clock';
import { encodeFrame } from '../../src/printer/protocol/frame-codec';
import { LINK } from '../../src/printer/protocol/link-bytes';
import type { ShtrihEmulatorOptions } from './emulator';
import {
  CASHIER,
  closeExtended,
  cmd,
  errorOf,
  pwd,
  RawHost,
  saleLine,
  win1251,
} from './test-support/raw-host';
import { emulatorOnVirtualClock } from './test-support/emulator-host';

/** A shift is open unless the test says otherwise. */
const setup = (options: ShtrihEmulatorOptions = {}) =>
  emulatorOnVirtualClock({ shiftOpen: true, ...options });

const status = cmd(0x10, pwd(CASHIER));
const printLine = (text: string) => cmd(0x17, pwd(CASHIER), [2], win1251(text, 40));

describe('fault injection', () => {
  it('paper out now: submode 1, no paper flags, printing gets 6Bh until refilled', async () => {
    const { emu, host } = setup();

    emu.faults.paperOutNow();
    const st = await host.command(status);
    const refused = await host.command(printLine('нет бумаги'));
    emu.faults.refillPaper();
    const printed = await host.command(printLine('есть бумага'));

    assert.equal(st[6], 1, 'submode 1: passive paper out');
    assert.equal(st.readUInt16LE(3) & ((1 << 1) | (1 << 7)), 0);
    assert.deepEqual([refused, printed].map(errorOf), [0x6b, 0]);
    await emu.close();
  });

  it('refills the paper after the given time on the injected clock', async () => {
    const { emu, clock } = setup();

    emu.faults.paperOutNow({ refillAfterMs: 5000 });
    await clock.advance(4999);
    const before = emu.device.status().paperPresent;
    await clock.advance(1);

    assert.equal(before, false);
    assert.equal(emu.device.status().paperPresent, true);
    await emu.close();
  });

  it('paper out during the receipt close: document closed, print held until B0h', async () => {
    const { emu, host } = setup();
    await host.command(saleLine(1000, 5000, 'Чай'));

    emu.faults.paperOutDuringNextPrint({ refillAfterStatusPolls: 2 });
    const close = await host.command(closeExtended({ 1: 5000 }));
    const polls = [await host.command(status), await host.command(status)];
    const afterRefill = await host.command(status);
    const whileWaiting = await host.command(printLine('рано'));
    const totalsBeforeB0 = emu.tape.ofKind('total').length;
    const b0 = await host.command(cmd(0xb0, pwd(CASHIER)));

    assert.equal(errorOf(close), 0);
    assert.equal(emu.device.fiscalDocuments().length, 1, 'the fiscal document exists');
    assert.deepEqual(
      polls.map((p) => p[6]),
      [2, 2],
      'submode 2: active paper out',
    );
    assert.equal(afterRefill[6], 3, 'submode 3: waiting for B0h');
    assert.equal(errorOf(whileWaiting), 0x58);
    assert.equal(totalsBeforeB0, 0);
    assert.equal(errorOf(b0), 0);
    const kinds = emu.tape.entries.map((e) => e.kind);
    assert.deepEqual(kinds.slice(kinds.indexOf('paper-out')), [
      'paper-out',
      'total',
      'payment',
      'change',
      'fiscal-sign',
    ]);
    assert.equal(emu.device.status().submode, 0);
    await emu.close();
  });

  it('busy for N polls: the next N commands answer 50h, then normally', async () => {
    const { emu, host } = setup();

    emu.faults.busyForPolls(2);
    const answers = [
      await host.command(status),
      await host.command(status),
      await host.command(status),
    ];

    assert.deepEqual(answers.map(errorOf), [0x50, 0x50, 0]);
    assert.throws(() => emu.faults.busyForPolls(-1), { code: 'EMULATOR_BAD_FAULT' });
    await emu.close();
  });

  it('bad LRC on the next answer once: the ENQ resend is good, nothing runs twice', async () => {
    const { emu, host } = setup();

    emu.faults.corruptNextAnswerLrc();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(printLine('один раз'))));
    await host.expectControl(LINK.ACK);
    const broken = await host.next();
    host.write([LINK.NAK, LINK.ENQ]);
    await host.expectControl(LINK.ACK);
    const good = await host.expectFrame();
    host.write([LINK.ACK]);

    assert.equal(broken.kind, 'bad-lrc');
    assert.deepEqual([...good], [0x17, 0, CASHIER]);
    assert.equal(emu.tape.ofKind('text').length, 1);
    await emu.close();
  });

  it('swallows the ACK of the next command but still executes and answers it', async () => {
    const { emu, host } = setup();

    emu.faults.swallowNextAck();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(printLine('без ACK'))));
    const first = await host.next();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.ACK);
    const again = await host.expectFrame();

    assert.equal(first.kind, 'frame', 'the answer came with no ACK before it');
    assert.deepEqual([...again], [0x17, 0, CASHIER]);
    assert.equal(emu.tape.ofKind('text').length, 1);
    await emu.close();
  });

  it('loses the next answer frame: ACK, runs, silence; ENQ gets ACK and the answer', async () => {
    const { emu, host } = setup();

    emu.faults.swallowNextAnswer();
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.NAK);
    host.write(encodeFrame(Buffer.from(printLine('ответ потерян'))));
    await host.expectControl(LINK.ACK);
    await settle(20);
    const afterAck = host.pendingItems();
    host.write(encodeFrame(Buffer.from(status)));
    await host.expectControl(LINK.NAK);
    host.write([LINK.ENQ]);
    await host.expectControl(LINK.ACK);
    const pending = await host.expectFrame();
    host.write([LINK.ACK]);
    const next = await host.command(status);

    assert.deepEqual(afterAck, [], 'nothing follows the ACK');
    assert.deepEqual([...pending], [0x17, 0, CASHIER]);
    assert.equal(errorOf(next), 0, 'one-shot: the next answer comes normally');
    assert.equal(emu.tape.ofKind('text').length, 1, 'executed once');
    await emu.close();
  });

  it('stops answering anything until resumed', async () => {
    const { emu, host } = setup();

    emu.faults.stopAnswering();
    host.write([LINK.ENQ]);
    host.write(encodeFrame(Buffer.from(printLine('в пустоту'))));
    await settle(20);
    const silent = host.pendingItems();
    emu.faults.resumeAnswering();
    host.write([LINK.ENQ]);

    assert.deepEqual(silent, []);
    await host.expectControl(LINK.NAK);
    assert.deepEqual(
      emu.tape.entries.filter((e) => e.kind === 'text'),
      [],
    );
    await emu.close();
  });

  it('drops the connection; a new one works', async () => {
    const { emu, host } = setup();
    await host.command(status);

    emu.faults.dropConnection();
    await settle(10);
    const again = new RawHost(emu.connect());

    assert.equal(host.ended, true);
    assert.equal(errorOf(await again.command(status)), 0);
    assert.equal(emu.linkCount, 1);
    await emu.close();
  });

  it('wire speed: a status exchange takes exactly its bytes x 10 bits at 4800 baud', async () => {
    const { emu, clock, host } = setup();
    emu.faults.setWireSpeed(4800);
    const frame = encodeFrame(Buffer.from(status));
    const byteMs = 10_000 / 4800;
    // Host frame in, then ACK + 19-byte answer out.
    const total = (frame.length + 1 + 19) * byteMs;

    host.write(frame);
    await clock.advance(Math.floor(total) - 1);
    const early = host.received.length;
    await clock.advance(2);

    assert.equal(early, 19, 'the last answer byte is still on the wire');
    assert.equal(host.received.length, 20);
    assert.equal((await host.next()).kind, 'control');
    assert.equal((await host.next()).kind, 'frame');
    assert.throws(() => emu.faults.setWireSpeed(0), { code: 'EMULATOR_BAD_FAULT' });
    await emu.close();
  });

  it('wire speed off again: bytes pass at once', async () => {
    const { emu, host } = setup();
    emu.faults.setWireSpeed(2400);
    emu.faults.setWireSpeed(null);

    const answer = await host.command(status);

    assert.equal(errorOf(answer), 0);
    await emu.close();
  });
});
