import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../core/clock';
import { RESERVE_MS, RequestCounters } from './request-counters';

const POINT = '100200300';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-counters-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('reqn increases strictly even when the clock stands still', (t) => {
  const counters = new RequestCounters(tempDir(t), POINT, new VirtualClock(1_000_000));

  const reqns = Array.from({ length: 5 }, () => Number(counters.nextReqn()));

  assert.deepEqual(reqns, [1_000_000, 1_000_001, 1_000_002, 1_000_003, 1_000_004]);
});

test('after a restart with the clock set back, reqn still goes up', (t) => {
  const dir = tempDir(t);
  const first = new RequestCounters(dir, POINT, new VirtualClock(5_000_000));
  const last = Number(first.nextReqn());

  const again = new RequestCounters(dir, POINT, new VirtualClock(4_000_000));

  assert.ok(Number(again.nextReqn()) > last);
});

test('the reqn floor is written ahead in blocks, not on every request', async (t) => {
  const clock = new VirtualClock(10_000_000);
  const counters = new RequestCounters(tempDir(t), POINT, clock);
  const stored = () => JSON.parse(fs.readFileSync(counters.file, 'utf8')).reqnFloor as number;
  counters.nextReqn();
  const floor = stored();

  for (let i = 0; i < 50; i++) counters.nextReqn();
  const unchanged = stored();
  await clock.advance(RESERVE_MS + 1);
  const reqn = Number(counters.nextReqn());

  assert.equal(floor, 10_000_000 + RESERVE_MS);
  assert.equal(unchanged, floor);
  assert.equal(stored(), reqn + RESERVE_MS);
});

test('raising the floor after a -3 makes the next reqn jump well ahead', (t) => {
  const counters = new RequestCounters(tempDir(t), POINT, new VirtualClock(1_000_000));
  const before = Number(counters.nextReqn());

  counters.raiseReqnFloor();

  assert.ok(Number(counters.nextReqn()) >= before + 60_000);
});

test('payment ids are unique across restarts, even with the clock set back', (t) => {
  const dir = tempDir(t);
  const ids = new Set<string>();
  for (const now of [2_000_000, 2_000_000, 1_000_000]) {
    const counters = new RequestCounters(dir, POINT, new VirtualClock(now));
    ids.add(counters.nextPaymentId());
    ids.add(counters.nextPaymentId());
  }

  assert.equal(ids.size, 6);
  for (const id of ids) assert.match(id, /^[1-9]\d{0,17}$/);
});

test('each point keeps its own counters', (t) => {
  const dir = tempDir(t);
  const clock = new VirtualClock(3_000_000);
  const a = new RequestCounters(dir, '1', clock);
  const b = new RequestCounters(dir, '2', clock);

  assert.equal(a.nextPaymentId(), b.nextPaymentId());
  assert.notEqual(a.file, b.file);
});

test('a damaged counter file is a clear error naming the file', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, `gateway-counters-${POINT}.json`), '{"point":');

  assert.throws(
    () => new RequestCounters(dir, POINT, new VirtualClock()),
    (error: Error) => {
      assert.equal((error as { code?: string }).code, 'GATEWAY_STATE_STORE');
      assert.match(error.message, /gateway-counters-100200300\.json is not valid JSON/);
      return true;
    },
  );
});
