import { settle } from '../../core/clock';

/**
 * Waits until `condition()` holds while real sockets do their work: settles pending
 * promises, and now and then lets a few real milliseconds pass. Gives up after about
 * 10 s of real time, naming `what` it waited for.
 */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5_000; i++) {
    if (condition()) return;
    await settle(1);
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`gave up waiting for ${what}`);
}
