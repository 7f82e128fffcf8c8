/**
 * One writer per journal: a second `wmqr` (say `wmqr recover` while `wmqr pay` waits for the
 * customer) must not cancel or print for a payment that another process is still running.
 * A lock file holds the writer's pid; a lock whose process is gone is stale and taken over.
 */
import fs from 'node:fs';
import { WmqrError } from '../../core/errors';

const heldHere = new Set<string>();

export interface JournalLock {
  release(): void;
}

export function acquireJournalLock(journalFile: string): JournalLock {
  const lockFile = `${journalFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldHere.add(lockFile);
      return { release: () => release(lockFile) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockFile);
    const ownedByLiveOther = owner !== undefined && owner !== process.pid && isAlive(owner);
    if (ownedByLiveOther || heldHere.has(lockFile)) {
      throw new WmqrError(
        'JOURNAL_LOCKED',
        `The payment journal ${journalFile} is in use by another wmqr process ` +
          `(pid ${owner ?? 'unknown'}); wait for it to finish, or stop it first`,
        { details: { journalFile, pid: owner } },
      );
    }
    // The owner is gone (crash, power cut): its lock is stale.
    fs.rmSync(lockFile, { force: true });
  }
  throw new WmqrError('JOURNAL_LOCKED', `Could not lock the payment journal ${journalFile}`);
}

function release(lockFile: string): void {
  if (!heldHere.delete(lockFile)) return;
  if (readOwner(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
