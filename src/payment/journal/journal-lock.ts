/**
 * One writer per journal: a second `wmqr` (say `wmqr recover` while `wmqr pay` waits for the
 * customer) must not cancel or print for a payment that another process is still running.
 * The lock is a pid lock file next to the journal (src/core/pid-lock.ts): a lock whose
 * process is gone is stale and taken over.
 */
import { WmqrError } from '../../core/errors';
import { acquirePidLock, type PidLock } from '../../core/pid-lock';

export type JournalLock = PidLock;

export function acquireJournalLock(journalFile: string): JournalLock {
  return acquirePidLock(
    `${journalFile}.lock`,
    ({ pid }) =>
      new WmqrError(
        'JOURNAL_LOCKED',
        `The payment journal ${journalFile} is in use by another wmqr process ` +
          `(pid ${pid ?? 'unknown'}); wait for it to finish, or stop it first`,
        { details: { journalFile, pid } },
      ),
  );
}
