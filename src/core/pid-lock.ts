/**
 * An exclusive lock held by one process: a file holding the owner's pid. A lock whose owner
 * is gone (crash, power cut, kill -9) is stale and taken over; a lock held by a live process,
 * or already held in this process, is refused so the caller can say who holds what.
 *
 * The file appears with its pid already inside (written to a private file first, then
 * hard-linked into place, which fails if the name exists), so another process never reads a
 * half-written lock and mistakes it for a stale one.
 */
import fs from 'node:fs';
import { processExists } from './process-exists';

export interface PidLock {
  readonly file: string;
  /** Removes the lock file if it is still ours; calling it twice is harmless. */
  release(): void;
}

/** Who holds a lock that could not be taken; `pid` is undefined when it cannot be read. */
export interface PidLockHolder {
  file: string;
  pid: number | undefined;
  /** True when the holder is this very process (a second open in the same process). */
  thisProcess: boolean;
}

const heldHere = new Set<string>();
let exitHookInstalled = false;

/**
 * Takes `lockFile` for this process or throws what `busy(holder)` returns. Other failures
 * (no such folder, no permission) are thrown as the fs error they are.
 */
export function acquirePidLock(lockFile: string, busy: (holder: PidLockHolder) => Error): PidLock {
  if (heldHere.has(lockFile)) {
    throw busy({ file: lockFile, pid: process.pid, thisProcess: true });
  }
  // Three rounds: a stale lock removed by us, then possibly by a racing process, then give up.
  for (let round = 0; round < 3; round++) {
    if (tryCreate(lockFile)) {
      heldHere.add(lockFile);
      installExitHook();
      return { file: lockFile, release: () => releasePidLock(lockFile) };
    }
    const owner = readLockOwner(lockFile);
    if (owner === undefined && !fs.existsSync(lockFile)) continue; // released meanwhile
    // Our own pid in a file we do not hold is a leftover of an earlier process that had the
    // same pid (pid 1 in a restarted container, say): stale too.
    if (owner !== undefined && owner !== process.pid && processExists(owner)) {
      throw busy({ file: lockFile, pid: owner, thisProcess: false });
    }
    removeStale(lockFile, owner);
  }
  throw busy({ file: lockFile, pid: readLockOwner(lockFile), thisProcess: false });
}

/** The pid written in a lock file, or undefined when it is missing or unreadable. */
export function readLockOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tryCreate(lockFile: string): boolean {
  const draft = `${lockFile}.${process.pid}.new`;
  fs.writeFileSync(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    fs.linkSync(draft, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/**
 * Moves the stale file aside before deleting it, and deletes it only if it still names the
 * dead owner: a racing process may have replaced it with a live lock in between, which is put
 * back (link, so an even newer lock is never overwritten).
 */
function removeStale(lockFile: string, deadOwner: number | undefined): void {
  const aside = `${lockFile}.${process.pid}.stale`;
  try {
    fs.renameSync(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readLockOwner(aside) !== deadOwner) {
    try {
      fs.linkSync(aside, lockFile);
    } catch {
      // Someone locked again meanwhile; the next round reads and reports that holder.
    }
  }
  fs.rmSync(aside, { force: true });
}

function releasePidLock(lockFile: string): void {
  if (!heldHere.delete(lockFile)) return;
  if (readLockOwner(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}

/** A process that ends without release() (process.exit, an uncaught error) still cleans up. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const lockFile of [...heldHere]) {
      try {
        releasePidLock(lockFile);
      } catch {
        // Exiting anyway; a leftover lock is stale and taken over next time.
      }
    }
  });
}
