/**
 * "Wire speed": lets bytes through no faster than a serial line at `baud` would carry them
 * (8N1 = 10 bits a byte), timed on the injected clock. With no baud set, bytes pass at once.
 */
import type { Clock, TimerHandle } from '../../../src/core/clock';

export const BITS_PER_BYTE = 10;

/** Milliseconds one byte takes on the line. */
export function byteTimeMs(baud: number): number {
  return (BITS_PER_BYTE * 1000) / baud;
}

export class BytePacer {
  private readonly queue: Array<{ byte: number; due: number }> = [];
  private lineFreeAt = 0;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly baud: () => number | null,
    private readonly deliver: (bytes: Buffer) => void,
  ) {}

  push(bytes: Uint8Array): void {
    const baud = this.baud();
    if (baud === null && this.queue.length === 0) {
      this.deliver(Buffer.from(bytes));
      return;
    }
    const step = baud === null ? 0 : byteTimeMs(baud);
    let at = Math.max(this.clock.now(), this.lineFreeAt);
    for (const byte of bytes) {
      at += step;
      this.queue.push({ byte, due: at });
    }
    this.lineFreeAt = at;
    this.schedule();
  }

  /** Drops bytes still "on the wire" (the connection went away). */
  clear(): void {
    this.queue.length = 0;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0].due - this.clock.now());
    this.timer = this.clock.setTimer(wait, () => {
      this.timer = undefined;
      this.release();
    });
  }

  private release(): void {
    // Tiny tolerance: virtual timers fire at whole milliseconds, due times are fractional.
    const now = this.clock.now() + 1e-6;
    let n = 0;
    while (n < this.queue.length && this.queue[n].due <= now) n++;
    if (n === 0 && this.queue.length > 0) n = 1;
    const out = Buffer.from(this.queue.splice(0, n).map((q) => q.byte));
    this.deliver(out);
    this.schedule();
  }
}
