import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import { fromHex, hex } from '../protocol/frame-codec';
import { LINK } from '../protocol/link-bytes';
import { ScriptedDevice } from '../testing/scripted-device';
import { StreamTransport } from '../transport/stream-transport';
import { HostLink, type HostLinkOptions } from './host-link';

const SHORT_STATUS = fromHex('10 1E 00 00 00');
const STATUS_ANSWER = fromHex('10 00 1E 02 00 04 00 00 00 00 00 00 00 00 00 00');

function setup(
  device: Partial<ConstructorParameters<typeof ScriptedDevice>[0]> = {},
  link: HostLinkOptions & { tcp?: boolean } = {},
) {
  const clock = new VirtualClock();
  const logger = new MemoryLogger();
  const dev = new ScriptedDevice({
    clock,
    replyDelayMs: 50,
    handler: (body) => (body[0] === 0x10 ? STATUS_ANSWER : Buffer.from([body[0]!, 0x00, 0x1e])),
    ...device,
  });
  const transport = new StreamTransport(dev.hostEnd, {
    kind: link.tcp ? 'tcp' : 'stream',
    trailerAfterAck: link.tcp ?? false,
  });
  const host = new HostLink(transport, { clock, logger, ...link });
  const stop = clock.autoAdvance();
  return { clock, dev, host, logger, stop };
}

test('runs ENQ, NAK, frame, ACK, answer, ACK and returns the answer body', async () => {
  const { dev, host, stop } = setup();

  const answer = await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(answer, STATUS_ANSWER);
  assert.deepEqual(dev.executed, [SHORT_STATUS]);
  assert.equal(
    hex(Buffer.from(dev.received)),
    `05 02 05 10 1E 00 00 00 0B 06`,
    'ENQ, the frame, then the ACK of the answer',
  );
  assert.equal(dev.hasPendingAnswer, false);
});

test('resends the command frame after a NAK, and runs it once', async () => {
  const { dev, host, stop } = setup();
  dev.nakNextFrames = 2;

  const answer = await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(answer, STATUS_ANSWER);
  assert.equal(dev.executed.length, 1);
  const frames = Buffer.from(dev.received).toString('hex').split('02051').length - 1;
  assert.equal(frames, 3, 'the frame went out three times');
});

test('NAKs an answer with a bad LRC and gets it again with ENQ without re-running it', async () => {
  const { dev, host, stop } = setup();
  dev.corruptNextAnswers = 1;

  const answer = await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(answer, STATUS_ANSWER);
  assert.equal(dev.executed.length, 1);
  const tail = hex(Buffer.from(dev.received.slice(-3)));
  assert.equal(tail, '15 05 06', 'NAK, ENQ, then ACK of the good copy');
});

test('drains a stale answer left by a restarted host, ACKs it, then runs the command', async () => {
  const { dev, host, stop } = setup();
  dev.leavePendingAnswer(fromHex('80 00 1E'));

  const answer = await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(answer, STATUS_ANSWER);
  assert.deepEqual(dev.executed, [SHORT_STATUS], 'the old sale command was not repeated');
  assert.equal(host.stats.staleAnswersDrained, 1);
  assert.equal(hex(Buffer.from(dev.received.slice(0, 3))), '05 06 05', 'ENQ, ACK stale, ENQ');
});

test('lost host ACK: the answer stays pending; the next exchange drains it, no rerun', async () => {
  const { dev, host, stop } = setup();
  dev.ignoreNextHostAck = true;

  await host.exchange(fromHex('80 1E 00 00 00'), { answerTimeoutMs: 3000 });
  assert.equal(dev.hasPendingAnswer, true);
  const status = await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(status, STATUS_ANSWER);
  assert.deepEqual(
    dev.executed.map((b) => b[0]),
    [0x80, 0x10],
  );
  assert.equal(host.stats.staleAnswersDrained, 1);
});

test('a lost device ACK still delivers the answer, and the command runs once', async () => {
  const { dev, host, stop } = setup({ answerDelayMs: 10 });
  dev.swallowNextCommandAck = true;

  const answer = await host.exchange(fromHex('80 1E 00 00 00'), { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(answer, fromHex('80 00 1E'));
  assert.equal(dev.executed.length, 1);
});

test('lost device ACK, slow answer: ENQ finds it (ACK: preparing), nothing resent', async () => {
  const { dev, host, stop } = setup({ answerDelayMs: 5000 });
  dev.swallowNextCommandAck = true;

  const answer = await host.exchange(fromHex('80 1E 00 00 00'), { answerTimeoutMs: 30000 });
  stop();

  assert.deepEqual(answer, fromHex('80 00 1E'));
  assert.equal(dev.executed.length, 1);
});

test('an accepted command whose answer vanished is not resent: PRINTER_ANSWER_LOST', async () => {
  const { dev, host, stop } = setup();
  dev.corruptNextAnswers = 1;
  dev.forgetAnswerOnNak = true;

  await rejectsWith(
    host.exchange(fromHex('85 1E 00 00 00'), { answerTimeoutMs: 3000 }),
    'PRINTER_ANSWER_LOST',
    { command: '85' },
  );
  stop();

  assert.equal(dev.executed.length, 1);
});

test('gives PRINTER_NO_ANSWER with the timeout when the device never answers ENQ', async () => {
  const { dev, host, stop, clock } = setup({}, { controlTimeoutMs: 400, maxRetries: 3 });
  dev.silent = true;
  const start = clock.now();

  await assert.rejects(host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }), {
    code: 'PRINTER_NO_ANSWER',
    details: { phase: 'enq', timeoutMs: 400, command: '10', attempts: 4 },
  });
  stop();

  assert.equal(clock.now() - start, 4 * 400);
  assert.equal(Buffer.from(dev.received).filter((b) => b === LINK.ENQ).length, 4);
});

test('gives PRINTER_NO_ANSWER in the answer phase when the answer is late', async () => {
  const { host, stop } = setup({ answerDelayMs: 10_000 });

  await rejectsWith(host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }), 'PRINTER_NO_ANSWER', {
    phase: 'answer',
    timeoutMs: 3000,
  });
  stop();
});

test('gives PRINTER_LINK_FAILED when every frame is NAKed', async () => {
  const { dev, host, stop } = setup({}, { maxRetries: 4 });
  dev.nakNextFrames = 100;

  await rejectsWith(host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }), 'PRINTER_LINK_FAILED', {
    attempts: 5,
    reason: 'command frame NAKed',
  });
  stop();

  assert.equal(dev.executed.length, 0);
});

test('PRINTER_LINK_FAILED when every answer is garbled; the command runs once', async () => {
  const { dev, host, stop } = setup({}, { maxRetries: 3 });
  dev.corruptNextAnswers = 100;

  await assert.rejects(host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }), {
    code: 'PRINTER_LINK_FAILED',
  });
  stop();

  assert.equal(dev.executed.length, 1);
});

test('a frame cut off mid-way is dropped after the byte timeout and asked for again', async () => {
  const clock = new VirtualClock();
  const dev = new ScriptedDevice({ clock, replyDelayMs: 50 });
  const host = new HostLink(new StreamTransport(dev.hostEnd), { clock });
  dev.silent = true;
  const pending = host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  // The device is "silent" to the script, so play its part by hand.
  await clock.advance(0);
  dev.hostEnd.emit('data', Buffer.from([LINK.NAK]));
  await clock.advance(0);
  dev.hostEnd.emit('data', Buffer.from([LINK.ACK]));
  dev.hostEnd.emit('data', fromHex('02 10 10 00 1E'));
  await clock.advance(60);
  const afterTimeout = Buffer.from(dev.received);
  dev.hostEnd.emit('data', Buffer.concat([Buffer.from([LINK.ACK]), encode(STATUS_ANSWER)]));

  const answer = await pending;

  assert.equal(hex(afterTimeout.subarray(-2)), '15 05', 'NAK after the byte timeout, then ENQ');
  assert.deepEqual(answer, STATUS_ANSWER);
});

test('over TCP skips the 0xFF the device sends after the ACK', async () => {
  const { dev, host, stop, logger } = setup({ tcpTrailer: true }, { tcp: true });

  await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.equal(dev.executed.length, 2);
  assert.equal(
    logger.records.filter((r) => r.msg === 'garbage skipped').length,
    0,
    'the trailer is expected, not noise',
  );
});

test('queues calls: the second command starts only after the first answer', async () => {
  const { dev, host, stop } = setup({ answerDelayMs: 200 });

  const [a, b, c] = await Promise.all([
    host.exchange(fromHex('80 1E 00 00 00'), { answerTimeoutMs: 3000 }),
    host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }),
    host.exchange(fromHex('88 1E 00 00 00'), { answerTimeoutMs: 3000 }),
  ]);
  stop();

  assert.deepEqual([a[0], b[0], c[0]], [0x80, 0x10, 0x88]);
  assert.deepEqual(
    dev.executed.map((x) => x[0]),
    [0x80, 0x10, 0x88],
  );
});

test('a failed call does not block the queue', async () => {
  const { dev, host, stop } = setup({}, { maxRetries: 1 });
  dev.nakNextFrames = 2;

  await assert.rejects(host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }), {
    code: 'PRINTER_LINK_FAILED',
  });
  const answer = await host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  stop();

  assert.deepEqual(answer, STATUS_ANSWER);
});

test('fails with PRINTER_CONNECTION_CLOSED when the stream ends mid-exchange', async () => {
  const { dev, host, stop } = setup({ answerDelayMs: 1000 });

  const pending = host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 });
  setImmediate(() => dev.hostEnd.destroy());

  await assert.rejects(pending, { code: 'PRINTER_CONNECTION_CLOSED' });
  await assert.rejects(host.exchange(SHORT_STATUS, { answerTimeoutMs: 3000 }), {
    code: 'PRINTER_CONNECTION_CLOSED',
  });
  stop();
});

test('probe tells idle from silent', async () => {
  const { dev, host, stop } = setup();

  const idle = await host.probe();
  dev.silent = true;
  const silent = await host.probe();
  stop();

  assert.deepEqual([idle, silent], ['idle', 'silent']);
});

/** Asserts the rejection's code and the given subset of its details. */
async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await assert.rejects(promise, (error: { code?: string; details?: Record<string, unknown> }) => {
    assert.equal(error.code, code);
    for (const [key, value] of Object.entries(details))
      assert.deepEqual(error.details?.[key], value);
    return true;
  });
}

function encode(body: Buffer): Buffer {
  // Local to keep the test readable: STX LEN BODY LRC.
  let lrc = body.length;
  for (const b of body) lrc ^= b;
  return Buffer.concat([Buffer.from([LINK.STX, body.length]), body, Buffer.from([lrc])]);
}
