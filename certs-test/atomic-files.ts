/**
 * Safe file handling for the test certificate folder, which several test processes may fill
 * at the same moment on a fresh clone: files appear whole (temp file + rename) and only one
 * process generates at a time (an exclusive lock file).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { processExists } from '../src/core/process-exists';

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
  /** How long to wait for another process before giving up. */
  timeoutMs?: number;
  /** A lock older than this whose owner is gone is taken over. */
  staleMs?: number;
}

/**
 * Runs `fn` while holding `<dir>/.lock` (created with O_EXCL). A lock left behind by a
 * process that died is taken over once its owner pid no longer exists.
 */
export async function withDirectoryLock<T>(
  dir: string,
  fn: () => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const lockFile = path.join(dir, '.lock');
  const timeoutMs = options.timeoutMs ?? 120_000;
  const staleMs = options.staleMs ?? 10_000;
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });

  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (isAbandoned(lockFile, staleMs)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`could not lock ${dir} within ${timeoutMs} ms (remove ${lockFile} if stale)`);
    }
    // Polling is fine here: this is test tooling waiting for another process's key generation.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

function isAbandoned(lockFile: string, staleMs: number): boolean {
  try {
    const age = Date.now() - fs.statSync(lockFile).mtimeMs;
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (age < staleMs) return false;
    return !Number.isInteger(pid) || pid <= 0 || !processExists(pid);
  } catch {
    return false; // vanished meanwhile: the next attempt will tell
  }
}

export function sha256File(file: string): string | undefined {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
