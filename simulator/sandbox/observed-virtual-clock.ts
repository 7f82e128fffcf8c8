/**
 * A VirtualClock that can tell when its next timer is due, so a driver can jump straight to
 * it (VirtualClock keeps its timers private).
 */
import { VirtualClock, type TimerHandle } from '../../src/core/clock';

export class ObservedVirtualClock extends VirtualClock {
  private readonly due = new Set<{ at: number }>();

  override setTimer(ms: number, fn: () => void): TimerHandle {
    const entry = { at: this.now() + Math.max(0, ms) };
    this.due.add(entry);
    const handle = super.setTimer(ms, () => {
      this.due.delete(entry);
      fn();
    });
    return {
      cancel: () => {
        this.due.delete(entry);
        handle.cancel();
      },
    };
  }

  /** Clock time of the earliest timer still waiting, or undefined when none is. */
  nextTimerAt(): number | undefined {
    let next: number | undefined;
    for (const { at } of this.due) if (next === undefined || at < next) next = at;
    return next;
  }
}
