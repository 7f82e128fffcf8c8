/**
 * Command round trips: the whole driver (printer, link layer, transport) against the
 * emulator on the system clock, one short status (10h) at a time. In process the link is a
 * stream pair; over TCP it is a loopback socket to `listenTcp({ port: 0 })`, opened with
 * `openPrinter({ device: 'tcp://...' })` as an application would.
 */
import { commands, DEFAULT_PASSWORDS, openPrinter, type ShtrihPrinter } from '../src/printer';
import { ShtrihEmulator } from '../simulator/shtrih';
import { measureRate, type Rate, type RateOptions } from './bench-timing';

export interface RoundTripFigure {
  link: 'in-process' | 'tcp';
  roundTripsPerSecond: Rate;
  /** 1 / median rate. */
  microsecondsPerRoundTrip: number;
}

export async function runRoundTripBench(timing: RateOptions): Promise<RoundTripFigure[]> {
  return [
    await measureLink('in-process', async (emu) => ({
      printer: await openPrinter({ stream: emu.connect() }),
      close: async () => undefined,
    })),
    await measureLink('tcp', async (emu) => {
      const tcp = await emu.listenTcp({ port: 0 });
      return {
        printer: await openPrinter({ device: `tcp://${tcp.host}:${tcp.port}` }),
        close: () => tcp.close(),
      };
    }),
  ];

  async function measureLink(
    link: RoundTripFigure['link'],
    open: (emu: ShtrihEmulator) => Promise<{ printer: ShtrihPrinter; close(): Promise<void> }>,
  ): Promise<RoundTripFigure> {
    const emu = new ShtrihEmulator({ shiftOpen: true });
    const { printer, close } = await open(emu);
    const request = { password: DEFAULT_PASSWORDS.operator };
    try {
      const rate = await measureRate(async () => {
        await printer.command(commands.shortStatus, request);
      }, timing);
      return {
        link,
        roundTripsPerSecond: rate,
        microsecondsPerRoundTrip: 1e6 / rate.median,
      };
    } finally {
      await printer.close();
      await close();
      await emu.close();
    }
  }
}
