/**
 * Polls an assertion until it passes, instead of sleeping a guessed time: the simulators may
 * still be finishing what a step set off. Real time, because the shop's clock is virtual.
 */
import { sleep, systemClock } from '../../src/core/clock';

export async function eventually<T>(
  assertion: () => T | Promise<T>,
  options: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const everyMs = options.everyMs ?? 10;
  const started = systemClock.now();
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (systemClock.now() - started >= timeoutMs) throw error;
      await sleep(systemClock, everyMs);
    }
  }
}
