import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, systemClock, VirtualClock } from '../../src/core/clock';
import { IoInFlight } from './io-in-flight';
import { driveVirtualTime } from './virtual-time-driver';

test('jumps from timer to timer while the process is idle', async () => {
  const clock = new VirtualClock();
  const stop = driveVirtualTime(clock, new IoInFlight());
  const start = clock.now();

  await sleep(clock, 120_000);
  await sleep(clock, 500);

  assert.equal(clock.now() - start, 120_500);
  await stop();
});

test('keeps time still while I/O is in flight, and moves on once it is done', async () => {
  const clock = new VirtualClock();
  const io = new IoInFlight();
  let release!: () => void;
  const socketAnswer = io.track(new Promise<void>((resolve) => (release = resolve)));
  let fired = false;
  clock.setTimer(1_000, () => (fired = true));
  const stop = driveVirtualTime(clock, io);

  await sleep(systemClock, 30);
  const whileBusy = { fired, inFlight: io.inFlight };
  release();
  await socketAnswer;
  while (!fired) await sleep(systemClock, 1);

  assert.deepEqual(whileBusy, { fired: false, inFlight: 1 });
  assert.equal(io.inFlight, 0);
  await stop();
});

test('knows when its next timer is due, cancelled ones left out', () => {
  const clock = new VirtualClock(0);

  const late = clock.setTimer(300, () => undefined);
  const early = clock.setTimer(100, () => undefined);
  const before = clock.nextTimerAt();
  early.cancel();
  const after = clock.nextTimerAt();
  late.cancel();

  assert.deepEqual([before, after, clock.nextTimerAt()], [100, 300, undefined]);
});
