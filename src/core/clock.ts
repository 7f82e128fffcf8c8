/**
 * Time, injected. Library code never calls Date.now() or setTimeout() directly, so tests can
 * run a 120-second payment timeout in milliseconds on a VirtualClock.
 */
import { AbortedError } from './errors';

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms`; the handle cancels it. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

/** Resolves after `ms` on `clock`; rejects with AbortedError when `signal` fires first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError('wait', signal.reason));
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(new AbortedError('wait', signal?.reason));
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Races `promise` against a timer on `clock`. On timeout, `onTimeout()` supplies the error
 * (so each layer can name what timed out and after how many ms).
 */
export function withTimeout<T>(
  clock: Clock,
  ms: number,
  promise: Promise<T>,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimer(ms, () => reject(onTimeout()));
    promise.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}

interface VirtualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to (advance) or, with autoAdvance(), by itself whenever
 * the process has gone quiet: no timer is due and several event-loop turns passed with
 * nothing new scheduled. Then it jumps to the next timer.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: VirtualTimer[] = [];
  private autoRunning = false;

  constructor(startMs = Date.UTC(2026, 11, 3, 9, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: VirtualTimer = {
      at: this.current + Math.max(0, ms),
      seq: this.seq++,
      fn,
      cancelled: false,
    };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Number of timers that have not fired or been cancelled. */
  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Clock time of the earliest timer still waiting, or undefined when none is. */
  nextTimerAt(): number | undefined {
    return this.nextTimer()?.at;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const next = this.nextTimer();
      if (!next || next.at > target) break;
      this.fire(next);
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Fires timers until none is left, at most `limit` of them. */
  async runAll(limit = 10_000): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await settle();
      const next = this.nextTimer();
      if (!next) return;
      this.fire(next);
    }
    throw new Error(`VirtualClock.runAll: more than ${limit} timers fired; is something looping?`);
  }

  /**
   * Starts moving time by itself whenever the process is idle; returns a function that stops
   * it. Real I/O (sockets) may be in flight while it jumps, so I/O timeouts in such setups
   * should run on the system clock.
   */
  autoAdvance(): () => void {
    if (this.autoRunning) throw new Error('VirtualClock.autoAdvance is already running');
    this.autoRunning = true;
    const loop = async () => {
      while (this.autoRunning) {
        await settle(20);
        if (!this.autoRunning) break;
        const next = this.nextTimer();
        if (next) this.fire(next);
        else await new Promise((r) => setTimeout(r, 1));
      }
    };
    void loop();
    return () => {
      this.autoRunning = false;
    };
  }

  private nextTimer(): VirtualTimer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let best: VirtualTimer | undefined;
    for (const t of this.timers) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }

  private fire(timer: VirtualTimer): void {
    timer.cancelled = true;
    this.current = Math.max(this.current, timer.at);
    timer.fn();
  }
}

/** Lets pending promise callbacks and immediates run: `turns` rounds of setImmediate. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}
