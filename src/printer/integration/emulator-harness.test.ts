/**
 * Test harness: the production driver against the software Shtrih-M emulator in process, on
 * a VirtualClock that moves by itself whenever everything is idle (so a 30-second paper wait
 * takes milliseconds). Named *.test.ts so the build leaves it out: production code in src/
 * never imports the simulator. It defines no tests of its own.
 */
import { VirtualClock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import { ShtrihEmulator, type ShtrihEmulatorOptions } from '../../../simulator/shtrih';
import { HostLink } from '../link/host-link';
import { ShtrihPrinter, type ShtrihPrinterOptions } from '../printer/shtrih-printer';
import { StreamTransport } from '../transport/stream-transport';

export interface Harness {
  clock: VirtualClock;
  emu: ShtrihEmulator;
  link: HostLink;
  printer: ShtrihPrinter;
  logger: MemoryLogger;
  /** Command codes in the order the printer sent them (0xFF46 for two-byte codes). */
  sent: number[];
  close(): Promise<void>;
}

export async function startHarness(
  options: { emulator?: Omit<ShtrihEmulatorOptions, 'clock'>; printer?: ShtrihPrinterOptions } = {},
): Promise<Harness> {
  const clock = new VirtualClock();
  const logger = new MemoryLogger();
  const emu = new ShtrihEmulator({ ...options.emulator, clock });
  const link = new HostLink(new StreamTransport(emu.connect()), { clock, logger });
  const sent: number[] = [];
  const exchange = link.exchange.bind(link);
  link.exchange = (body, opts) => {
    sent.push(body[0] === 0xff ? (body[0] << 8) | body[1]! : body[0]!);
    return exchange(body, opts);
  };
  const printer = new ShtrihPrinter(link, { clock, logger, ...options.printer });
  const stop = clock.autoAdvance();
  return {
    clock,
    emu,
    link,
    printer,
    logger,
    sent,
    async close() {
      await printer.close();
      await emu.close();
      stop();
    },
  };
}
