import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../core/clock';
import { RESERVE_MS, RequestCounters } from './request-counters';

const POINT = '100200300';

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-counters-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Counters closed when the test ends (or earlier, by the test). */
function open(t: TestContext, dir: string, clock = new VirtualClock(1_000_000), point = POINT) {
  const counters = new RequestCounters(dir, point, clock);
  t.after(() => counters.close());
  return counters;
}

test('reqn increases strictly even when the clock stands still', (t) => {
  const counters = open(t, tempDir(t));

  const reqns = Array.from({ length: 5 }, () => Number(counters.nextReqn()));

  assert.deepEqual(reqns, [1_000_000, 1_000_001, 1_000_002, 1_000_003, 1_000_004]);
});

test('after a restart with the clock set back, reqn still goes up', (t) => {
  const dir = tempDir(t);
  const first = open(t, dir, new VirtualClock(5_000_000));
  const last = Number(first.nextReqn());
  first.close();

  const again = open(t, dir, new VirtualClock(4_000_000));

  assert.ok(Number(again.nextReqn()) > last);
});

test('the reqn floor is written ahead in blocks, not on every request', async (t) => {
  const clock = new VirtualClock(10_000_000);
  const counters = open(t, tempDir(t), clock);
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
  const counters = open(t, tempDir(t));
  const before = Number(counters.nextReqn());

  counters.raiseReqnFloor();

  assert.ok(Number(counters.nextReqn()) >= before + 60_000);
});

test('payment ids are unique across restarts, even with the clock set back', (t) => {
  const dir = tempDir(t);
  const ids = new Set<string>();
  for (const now of [2_000_000, 2_000_000, 1_000_000]) {
    const counters = open(t, dir, new VirtualClock(now));
    ids.add(counters.nextPaymentId());
    ids.add(counters.nextPaymentId());
    counters.close();
  }

  assert.equal(ids.size, 6);
  for (const id of ids) assert.match(id, /^[1-9]\d{0,17}$/);
});

test('each point keeps its own counters', (t) => {
  const dir = tempDir(t);
  const clock = new VirtualClock(3_000_000);
  const a = open(t, dir, clock, '1');
  const b = open(t, dir, clock, '2');

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
  // The refused constructor gave its lock back.
  assert.equal(fs.existsSync(path.join(dir, `gateway-counters-${POINT}.json.lock`)), false);
});

/** Asserts the error is GATEWAY_STATE_LOCKED naming the folder, the point and `pid`. */
function assertLocked(dir: string, pid: number) {
  return (error: Error & { code?: string; details?: Record<string, unknown> }) => {
    assert.equal(error.code, 'GATEWAY_STATE_LOCKED');
    assert.ok(error.message.includes(dir), error.message);
    assert.ok(error.message.includes(`point ${POINT}`), error.message);
    assert.ok(error.message.includes(`pid ${pid}`), error.message);
    assert.equal(error.details?.pid, pid);
    return true;
  };
}

test('a second owner of the same point and folder in this process is refused until close', (t) => {
  const dir = tempDir(t);
  const first = open(t, dir);

  assert.throws(
    () => new RequestCounters(dir, POINT, new VirtualClock()),
    assertLocked(dir, process.pid),
  );
  first.close();
  open(t, dir).nextPaymentId();
});

const TS_NODE = {
  env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  stdio: ['ignore', 'pipe', 'inherit'] as ['ignore', 'pipe', 'inherit'],
};
const MODULE = JSON.stringify(path.join(__dirname, 'request-counters'));

test('another live process holding the point is refused; once it is killed, its lock is taken over', async (t) => {
  const dir = tempDir(t);
  const script = `
    const { RequestCounters } = require(${MODULE});
    const counters = new RequestCounters(${JSON.stringify(dir)}, '${POINT}', { now: () => 5e6 });
    process.stdout.write(counters.nextPaymentId() + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--require', 'ts-node/register', '-e', script], TS_NODE);
  t.after(() => child.kill('SIGKILL'));
  const childId = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the child exited early with ${code}`)));
  });
  child.removeAllListeners('exit');
  assert.ok(child.pid);

  assert.throws(
    () => new RequestCounters(dir, POINT, new VirtualClock()),
    assertLocked(dir, child.pid),
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const after = open(t, dir, new VirtualClock(1_000));

  assert.ok(BigInt(after.nextPaymentId()) > BigInt(childId));
});

test('payment ids stay unique when several processes take turns on one point', async (t) => {
  const dir = tempDir(t);
  const rounds = 15;
  const perRound = 3;
  // Each child opens the point, takes a few ids, closes, and again; while another child has
  // it, it waits a millisecond and retries. All share one clock reading, so without the lock
  // two of them reading the same floor would hand out the same id.
  const script = `
    const { RequestCounters } = require(${MODULE});
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const ids = [];
    for (let round = 0; round < ${rounds}; round++) {
      let counters;
      while (!counters) {
        try {
          counters = new RequestCounters(${JSON.stringify(dir)}, '${POINT}', { now: () => 7e6 });
        } catch (error) {
          if (error.code !== 'GATEWAY_STATE_LOCKED') throw error;
          Atomics.wait(pause, 0, 0, 1);
        }
      }
      for (let i = 0; i < ${perRound}; i++) ids.push(counters.nextPaymentId());
      counters.close();
    }
    process.stdout.write(JSON.stringify(ids));
  `;
  const runs = Array.from({ length: 3 }, () => {
    const child = spawn(process.execPath, ['--require', 'ts-node/register', '-e', script], TS_NODE);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return new Promise<string[]>((resolve, reject) =>
      child.once('exit', (code) =>
        code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`exit ${code}`)),
      ),
    );
  });
  const ids = (await Promise.all(runs)).flat();

  assert.equal(ids.length, 3 * rounds * perRound);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(fs.existsSync(path.join(dir, `gateway-counters-${POINT}.json.lock`)), false);
});
