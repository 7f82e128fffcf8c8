/**
 * Set-up shared by the emulator's tests: an emulator with a RawHost on an in-process
 * link, on the emulator's default clock or on a fresh VirtualClock.
 */
import { VirtualClock } from '../../../src/core/clock';
import { ShtrihEmulator, type ShtrihEmulatorOptions } from '../emulator';
import { RawHost } from './raw-host';

/** An emulator and a raw host talking to it. */
export function emulatorWithHost(options: ShtrihEmulatorOptions = {}) {
  const emu = new ShtrihEmulator(options);
  return { emu, host: new RawHost(emu.connect()) };
}

/** The same on a VirtualClock at its default start (3 Dec 2026, 09:00 UTC). */
export function emulatorOnVirtualClock(options: ShtrihEmulatorOptions = {}) {
  const clock = new VirtualClock();
  return { clock, ...emulatorWithHost({ clock, ...options }) };
}
