/**
 * Moves a virtual clock by itself, like VirtualClock.autoAdvance(), but never while real I/O
 * is in flight: it jumps to the next timer only when the process has gone quiet AND no
 * gateway request or printer exchange is waiting for a socket. A 120-second payment wait then
 * takes milliseconds, and a slow loopback socket cannot make a deadline pass early.
 *
 * The price: something that waits on the virtual clock *inside* a tracked operation (a mock
 * gateway script with `slowMs`) would wait forever. Scenarios delay answers with poll counts
 * instead.
 */
import { settle, sleep, systemClock } from '../../src/core/clock';
import type { VirtualClock } from '../../src/core/clock';

export interface VirtualTimeDriverOptions {
  /** setImmediate turns that must pass with nothing new before time moves (default 20). */
  quietTurns?: number;
  /** Real milliseconds to rest when there is nothing to do (default 1). */
  idlePauseMs?: number;
}

/** Starts driving `clock`; the returned function stops it and resolves when it has stopped. */
export function driveVirtualTime(
  clock: VirtualClock,
  io: { readonly busy: boolean },
  options: VirtualTimeDriverOptions = {},
): () => Promise<void> {
  const quietTurns = options.quietTurns ?? 20;
  const idlePauseMs = options.idlePauseMs ?? 1;
  let running = true;

  const loop = async () => {
    while (running) {
      await settle(quietTurns);
      if (!running) break;
      const at = io.busy ? undefined : clock.nextTimerAt();
      if (at === undefined) {
        // Waiting for a socket, or for nothing at all: let real time pass a little.
        await sleep(systemClock, idlePauseMs);
        continue;
      }
      await clock.advance(Math.max(0, at - clock.now()));
    }
  };
  const done = loop();
  return async () => {
    running = false;
    await done;
  };
}
