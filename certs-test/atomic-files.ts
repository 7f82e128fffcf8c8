/**
 * Safe file handling for the test certificate folder, which several test processes may fill
 * at the same moment on a fresh clone: files appear whole (temp file + rename) and only one
 * process generates at a time (an exclusive lock file).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { acquirePidLock, type PidLock } from '../src/core/pid-lock';

/** Writes `data` so that readers see the old file or the whole new one, never a part. */
export function writeFileAtomic(file: string, data: Buffer | string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, data, { mode });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export interface LockOptions {
  /** How long to wait for another caller before giving up. */
  timeoutMs?: number;
}

/** Thrown by acquirePidLock's `busy` callback: someone else holds the lock right now. */
class LockBusy extends Error {}

/**
 * Runs `fn` while holding `<dir>/.lock` (the project's pid lock, src/core/pid-lock.ts), waiting
 * while another process or another caller in this process holds it. A lock left behind by a
 * process that died is taken over.
 */
export async function withDirectoryLock<T>(
  dir: string,
  fn: () => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const lockFile = path.join(dir, '.lock');
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });

  let lock: PidLock;
  for (;;) {
    try {
      lock = acquirePidLock(lockFile, () => new LockBusy());
      break;
    } catch (error) {
      if (!(error instanceof LockBusy)) throw error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`could not lock ${dir} within ${timeoutMs} ms (remove ${lockFile} if stale)`);
    }
    // Polling is fine here: this is test tooling waiting for another caller's key generation.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  try {
    return await fn();
  } finally {
    lock.release();
  }
}

export function sha256File(file: string): string | undefined {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
