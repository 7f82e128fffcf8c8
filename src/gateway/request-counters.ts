/**
 * The two numbers a point must never repeat, kept across restarts in `<stateDir>`:
 *
 * - reqn: strictly increasing per point. It follows the millisecond clock, never going below
 *   a floor that is written ahead in blocks (RESERVE_MS), so a restart starts above anything
 *   sent before while the disk is touched about once a minute, not per request.
 * - payment id: unique per point for all time. It is clock ms × 1000 (16 digits) or the last
 *   id + 1, whichever is larger, and each new id is written before it is handed out.
 *
 * Every write goes to a temporary file, is fsync'd, renamed over the old one, and the folder
 * is fsync'd, so a power cut leaves the old or the new numbers, never a torn file.
 *
 * One owner per point and folder, for the owner's whole life: the reqn floor is reserved
 * ahead in memory, so a second process reading the same file would send reqns below ones
 * already sent, and could hand out an id the first one also hands out. The constructor takes
 * a pid lock (`<file>.lock`, src/core/pid-lock.ts) and close() gives it back; a second owner,
 * in this process or another live one, gets GATEWAY_STATE_LOCKED. Locking per allocation
 * would let two processes share a point, but then every reqn would need a disk write under
 * the lock; and nothing needs two: only the payment service builds a gateway client, and it
 * already holds the journal lock for its whole life.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../core/clock';
import { acquirePidLock, type PidLock, type PidLockHolder } from '../core/pid-lock';
import { GatewayError } from './gateway-error';
import { LIMITS } from './wire';

/** How far ahead of the last reqn the persisted floor is written. */
export const RESERVE_MS = 60_000;
/** How far the reqn floor jumps after the gateway said "reqn not increasing" (-3). */
export const REQN_JUMP_MS = 10 * 60_000;

interface StoredCounters {
  version: 1;
  point: string;
  /** Every reqn sent so far is at or below this. */
  reqnFloor: number;
  /** Every payment id handed out so far is at or below this. */
  idFloor: number;
}

export class RequestCounters {
  readonly file: string;
  readonly lockFile: string;
  private readonly lock: PidLock;
  private lastReqn: number;
  private reqnFloor: number;
  private idFloor: number;

  constructor(
    readonly stateDir: string,
    readonly point: string,
    private readonly clock: Clock,
  ) {
    this.file = path.join(stateDir, `gateway-counters-${point}.json`);
    this.lockFile = `${this.file}.lock`;
    this.lock = this.takeLock();
    let stored: StoredCounters;
    try {
      stored = this.load();
    } catch (error) {
      this.lock.release();
      throw error;
    }
    this.reqnFloor = stored.reqnFloor;
    this.lastReqn = stored.reqnFloor;
    this.idFloor = stored.idFloor;
  }

  /** Gives the point back to other owners; the numbers stay on disk for the next one. */
  close(): void {
    this.lock.release();
  }

  /** The next reqn: above every one sent from this stateDir, as a decimal string. */
  nextReqn(): string {
    const reqn = Math.max(this.clock.now(), this.lastReqn + 1);
    if (reqn > LIMITS.reqnMax) {
      throw new GatewayError('GATEWAY_STATE_STORE', `reqn ${reqn} has more than 15 digits`);
    }
    if (reqn > this.reqnFloor) {
      this.reqnFloor = Math.min(reqn + RESERVE_MS, LIMITS.reqnMax);
      this.save();
    }
    this.lastReqn = reqn;
    return String(reqn);
  }

  /** After a -3 answer: move past whatever the gateway saw, by REQN_JUMP_MS. */
  raiseReqnFloor(): void {
    this.lastReqn = Math.max(this.lastReqn, this.clock.now()) + REQN_JUMP_MS;
  }

  /** A payment id never handed out before for this point, persisted before it is returned. */
  nextPaymentId(): string {
    const id = Math.max(this.clock.now() * 1000, this.idFloor + 1);
    if (!Number.isSafeInteger(id) || !LIMITS.idPattern.test(String(id))) {
      throw new GatewayError('GATEWAY_STATE_STORE', `payment id ${id} does not fit 18 digits`);
    }
    this.idFloor = id;
    this.save();
    return String(id);
  }

  private takeLock(): PidLock {
    try {
      fs.mkdirSync(this.stateDir, { recursive: true });
      return acquirePidLock(this.lockFile, (holder) => this.lockedError(holder));
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      throw new GatewayError(
        'GATEWAY_STATE_STORE',
        `The gateway state folder ${this.stateDir} cannot be locked ` +
          `(${(error as NodeJS.ErrnoException).code ?? String(error)}): make it writable ` +
          'for this user, or set gateway.stateDir to a folder that is',
        { cause: error, details: { stateDir: this.stateDir, lockFile: this.lockFile } },
      );
    }
  }

  private lockedError({ pid, thisProcess }: PidLockHolder): GatewayError {
    const who = thisProcess
      ? `this process (pid ${pid}) already has a gateway client for it open: close that one first`
      : `another process (pid ${pid ?? 'unknown'}) is using it: stop that process first, or ` +
        `give each process its own gateway.stateDir; if pid ${pid ?? 'unknown'} is not wmqr, ` +
        `delete ${this.lockFile}`;
    return new GatewayError(
      'GATEWAY_STATE_LOCKED',
      `The gateway state folder ${this.stateDir} is locked for point ${this.point}: ${who}`,
      { details: { stateDir: this.stateDir, point: this.point, lockFile: this.lockFile, pid } },
    );
  }

  private load(): StoredCounters {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { version: 1, point: this.point, reqnFloor: 0, idFloor: 0 };
      }
      throw this.storeError('cannot be read', error);
    }
    let stored: Partial<StoredCounters>;
    try {
      stored = JSON.parse(text) as Partial<StoredCounters>;
    } catch (error) {
      throw this.storeError('is not valid JSON', error);
    }
    if (
      stored.point !== this.point ||
      !Number.isSafeInteger(stored.reqnFloor) ||
      !Number.isSafeInteger(stored.idFloor)
    ) {
      throw this.storeError(`is not for point ${this.point} or lacks its numbers`);
    }
    return stored as StoredCounters;
  }

  private save(): void {
    const stored: StoredCounters = {
      version: 1,
      point: this.point,
      reqnFloor: this.reqnFloor,
      idFloor: this.idFloor,
    };
    const temp = `${this.file}.tmp`;
    try {
      fs.mkdirSync(this.stateDir, { recursive: true });
      const fd = fs.openSync(temp, 'w', 0o600);
      try {
        fs.writeSync(fd, `${JSON.stringify(stored)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, this.file);
      syncFolder(this.stateDir);
    } catch (error) {
      throw this.storeError('cannot be written', error);
    }
  }

  private storeError(problem: string, cause?: unknown): GatewayError {
    return new GatewayError(
      'GATEWAY_STATE_STORE',
      `The gateway counter file ${this.file} ${problem}: fix or remove it (removing it is ` +
        'safe while the system clock is right)',
      { cause, details: { file: this.file } },
    );
  }
}

/** fsync of a folder makes a rename durable; some platforms refuse it, which is fine. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
