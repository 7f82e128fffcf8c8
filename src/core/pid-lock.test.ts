import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquirePidLock, readLockOwner, type PidLockHolder } from './pid-lock';

function tempLock(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-pid-lock-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'thing.lock');
}

class Busy extends Error {
  constructor(readonly holder: PidLockHolder) {
    super(`busy: ${holder.pid}`);
  }
}
const busy = (holder: PidLockHolder) => new Busy(holder);

function refusal(fn: () => unknown): PidLockHolder {
  try {
    fn();
  } catch (error) {
    if (error instanceof Busy) return error.holder;
    throw error;
  }
  assert.fail('the lock was taken although it is held');
}

/** The pid of a process that has certainly ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

test('the lock file holds our pid; a second take in this process is refused until release', (t) => {
  const file = tempLock(t);
  const lock = acquirePidLock(file, busy);

  assert.equal(readLockOwner(file), process.pid);
  assert.deepEqual(
    refusal(() => acquirePidLock(file, busy)),
    {
      file,
      pid: process.pid,
      thisProcess: true,
    },
  );
  lock.release();
  lock.release();
  assert.equal(fs.existsSync(file), false);
  acquirePidLock(file, busy).release();
  assert.deepEqual(fs.readdirSync(path.dirname(file)), []);
});

test('a lock held by another live process is refused, naming its pid, and left alone', (t) => {
  const file = tempLock(t);
  fs.writeFileSync(file, `${process.ppid}\n`);

  const holder = refusal(() => acquirePidLock(file, busy));

  assert.deepEqual(holder, { file, pid: process.ppid, thisProcess: false });
  assert.equal(readLockOwner(file), process.ppid);
});

test('a lock whose process is gone is taken over', async (t) => {
  const file = tempLock(t);
  const dead = await deadPid();
  fs.writeFileSync(file, `${dead}\n`);

  const lock = acquirePidLock(file, busy);

  assert.equal(readLockOwner(file), process.pid);
  lock.release();
  assert.deepEqual(fs.readdirSync(path.dirname(file)), []);
});

test('an unreadable lock and a leftover with our own pid are stale too', (t) => {
  for (const content of ['garbage', '', String(process.pid)]) {
    const file = tempLock(t);
    fs.writeFileSync(file, content);

    const lock = acquirePidLock(file, busy);

    assert.equal(readLockOwner(file), process.pid, `content ${JSON.stringify(content)}`);
    lock.release();
  }
});

test('release leaves a lock file that another process has taken since', (t) => {
  const file = tempLock(t);
  const lock = acquirePidLock(file, busy);
  fs.writeFileSync(file, `${process.ppid}\n`);

  lock.release();

  assert.equal(readLockOwner(file), process.ppid);
});

test('a process that exits without release leaves no lock behind', async (t) => {
  const file = tempLock(t);
  const script = `
    const { acquirePidLock } = require(${JSON.stringify(path.join(__dirname, 'pid-lock'))});
    acquirePidLock(${JSON.stringify(file)}, () => new Error('busy'));
    process.stdout.write(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
    process.exit(0);
  `;
  const child = spawn(process.execPath, ['--require', 'ts-node/register', '-e', script], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));

  assert.equal(code, 0);
  assert.equal(out.trim(), String(child.pid));
  assert.equal(fs.existsSync(file), false);
});
