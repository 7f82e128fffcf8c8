import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock, sleep, withTimeout } from './clock';

test('a virtual sleep of two minutes resolves after advance, not before', async () => {
  const clock = new VirtualClock(0);
  let done = false;
  void sleep(clock, 120_000).then(() => (done = true));

  await clock.advance(119_999);
  assert.equal(done, false);
  await clock.advance(1);

  assert.equal(done, true);
  assert.equal(clock.now(), 120_000);
});

test('withTimeout rejects with the caller-named error when the timer wins', async () => {
  const clock = new VirtualClock(0);
  const never = new Promise<void>(() => undefined);
  const raced = withTimeout(clock, 3000, never, () => new Error('status timed out after 3000 ms'));

  const check = assert.rejects(raced, /3000 ms/);
  await clock.advance(3000);

  await check;
});

test('sleep rejects with ABORTED when its signal fires', async () => {
  const clock = new VirtualClock(0);
  const controller = new AbortController();
  const waiting = sleep(clock, 10_000, controller.signal);

  controller.abort();

  await assert.rejects(waiting, { code: 'ABORTED' });
  assert.equal(clock.pendingTimers(), 0);
});

test('autoAdvance jumps over idle time to the next timer', async () => {
  const clock = new VirtualClock(0);
  const stop = clock.autoAdvance();

  await sleep(clock, 60_000);
  stop();

  assert.equal(clock.now(), 60_000);
});

test('nextTimerAt names the earliest timer still waiting, ignoring cancelled ones', () => {
  const clock = new VirtualClock(0);
  const early = clock.setTimer(1000, () => undefined);
  clock.setTimer(5000, () => undefined);

  assert.equal(clock.nextTimerAt(), 1000);
  early.cancel();

  assert.equal(clock.nextTimerAt(), 5000);
});
