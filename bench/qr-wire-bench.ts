/**
 * What one SBP QR code costs on the serial line: every byte both ways (ENQ, ACK, NAK, command
 * frames, answers) that `printQr` exchanges with the emulator, for a model with the 2-D
 * barcode command (DDh blocks + DEh) and for one without (C5h graphic lines), converted to
 * line time at 10 bits a byte, next to the least the payload could cost:
 *
 * - DDh/DEh ships the text: its minimum is the text bytes at 10 bits each.
 * - C5h ships a picture: its minimum is the QR modules as bits (8 to a byte, 10 bits a byte
 *   on the line), quiet zone and dot scaling left out.
 *
 * A real register also pauses before it answers ENQ and before it ACKs a frame, at least one
 * byte timeout each time (p. 8; 50 ms by default): two pauses per exchange, added separately.
 *
 * Bytes are counted by HostLink.stats per exchange. As a check, the same print is replayed
 * through the emulator's wire-speed mode on a virtual clock, which delays every byte by its
 * line time: the elapsed virtual time must match the computed line time.
 */
import { VirtualClock } from '../src/core/clock';
import { buildQrMatrix, HostLink, ShtrihPrinter, StreamTransport } from '../src/printer';
import { DEFAULT_BYTE_TIMEOUT_MS } from '../src/printer/protocol/link-bytes';
import { commandHex } from '../src/printer/protocol/shtrih-constants';
import { ShtrihEmulator } from '../simulator/shtrih';

/** An SBP (Faster Payments System) payment link as a gateway returns it: 104 ASCII bytes. */
export const SBP_QR_TEXT =
  'https://qr.nspk.ru/AD10006M8KH1IG2R8SHQV2ACCEF5IOAH' +
  '?type=02&bank=100000000111&sum=15000&cur=RUB&crc=AB75';

export const BAUDS = [4800, 115200] as const;
export const BITS_PER_BYTE = 10;
const ERROR_CORRECTION = 'M';
/** Device pauses per exchange: before NAK to our ENQ, before ACK of our frame (p. 8). */
export const PAUSES_PER_EXCHANGE = 2;

export type QrPath = 'de' | 'c5';

export interface CommandBytes {
  command: string;
  exchanges: number;
  hostBytes: number;
  deviceBytes: number;
}

export interface QrWireFigure {
  path: QrPath;
  /** Everything printQr exchanged (the closing ready poll included), both directions. */
  wireBytes: number;
  hostBytes: number;
  deviceBytes: number;
  exchanges: number;
  byCommand: CommandBytes[];
  /** Line time at each baud rate, ms (bytes x 10 bits / baud). */
  wireMs: Record<number, number>;
  /** Line time plus the device's pauses (2 per exchange x the default byte timeout), ms. */
  withPausesMs: Record<number, number>;
  /** Elapsed virtual time in the emulator's wire-speed mode, ms (the check). */
  emulatedMs: Record<number, number>;
  /** C5 only: the extra bytes of the first QR, whose DDh probe learns "not supported". */
  firstQrProbeBytes?: number;
}

export interface QrMinimum {
  textBytes: number;
  modulesPerSide: number;
  moduleBits: number;
  /** Module bits packed 8 to a byte. */
  bitmapBytes: number;
  textMs: Record<number, number>;
  bitmapMs: Record<number, number>;
}

export interface QrWireReport {
  text: string;
  /** The byte timeout the pause estimate uses, ms. */
  byteTimeoutMs: number;
  errorCorrection: string;
  minimum: QrMinimum;
  de: QrWireFigure;
  c5: QrWireFigure;
}

export function lineTimeMs(bytes: number, baud: number): number {
  return (bytes * BITS_PER_BYTE * 1000) / baud;
}

function perBaud(bytes: number): Record<number, number> {
  return Object.fromEntries(BAUDS.map((baud) => [baud, lineTimeMs(bytes, baud)]));
}

export function qrMinimum(text: string): QrMinimum {
  const textBytes = Buffer.byteLength(text, 'utf8');
  const { size } = buildQrMatrix(text, ERROR_CORRECTION);
  const moduleBits = size * size;
  const bitmapBytes = Math.ceil(moduleBits / 8);
  return {
    textBytes,
    modulesPerSide: size,
    moduleBits,
    bitmapBytes,
    textMs: perBaud(textBytes),
    bitmapMs: perBaud(bitmapBytes),
  };
}

export async function runQrWireBench(text = SBP_QR_TEXT): Promise<QrWireReport> {
  return {
    text,
    byteTimeoutMs: DEFAULT_BYTE_TIMEOUT_MS,
    errorCorrection: ERROR_CORRECTION,
    minimum: qrMinimum(text),
    de: await measurePath('de', text),
    c5: await measurePath('c5', text),
  };
}

async function measurePath(path: QrPath, text: string): Promise<QrWireFigure> {
  // Instant line: count the bytes of the first QR (C5: with its probe) and of a second one.
  const counted = await withSession(path, null, async (s) => {
    const first = await s.countQr(text);
    const second = await s.countQr(text);
    return { first, second };
  });
  const steady = counted.second;

  const emulatedMs: Record<number, number> = {};
  for (const baud of BAUDS) {
    emulatedMs[baud] = await withSession(path, baud, async (s) => {
      await s.printer.printQr(text); // the C5 probe happens here, unmeasured
      const started = s.clock.now();
      await s.printer.printQr(text);
      return s.clock.now() - started;
    });
  }

  const wireBytes = steady.hostBytes + steady.deviceBytes;
  const figure: QrWireFigure = {
    path,
    wireBytes,
    hostBytes: steady.hostBytes,
    deviceBytes: steady.deviceBytes,
    exchanges: steady.byCommand.reduce((n, c) => n + c.exchanges, 0),
    byCommand: steady.byCommand,
    wireMs: perBaud(wireBytes),
    withPausesMs: {},
    emulatedMs,
  };
  const pausesMs = figure.exchanges * PAUSES_PER_EXCHANGE * DEFAULT_BYTE_TIMEOUT_MS;
  for (const baud of BAUDS) figure.withPausesMs[baud] = figure.wireMs[baud]! + pausesMs;
  const firstBytes = counted.first.hostBytes + counted.first.deviceBytes;
  if (path === 'c5') figure.firstQrProbeBytes = firstBytes - wireBytes;
  return figure;
}

interface Session {
  clock: VirtualClock;
  printer: ShtrihPrinter;
  countQr(text: string): Promise<{
    hostBytes: number;
    deviceBytes: number;
    byCommand: CommandBytes[];
  }>;
}

/** A printer on a fresh emulator over an in-process (serial-like) link, virtual time. */
async function withSession<T>(
  path: QrPath,
  baud: number | null,
  act: (session: Session) => Promise<T>,
): Promise<T> {
  const clock = new VirtualClock();
  const emu = new ShtrihEmulator({ clock, shiftOpen: true, supports2dBarcode: path === 'de' });
  emu.faults.setWireSpeed(baud);
  const link = new HostLink(new StreamTransport(emu.connect()), { clock });
  const printer = new ShtrihPrinter(link, { clock, qr: { errorCorrection: ERROR_CORRECTION } });

  let byCommand = new Map<string, CommandBytes>();
  const exchange = link.exchange.bind(link);
  link.exchange = async (body, options) => {
    const command = commandHex(body[0] === 0xff ? (body[0] << 8) | body[1]! : body[0]!);
    const before = { ...link.stats };
    // Exchanges run one at a time, so the stats delta belongs to this command alone.
    try {
      return await exchange(body, options);
    } finally {
      const entry = byCommand.get(command) ?? {
        command,
        exchanges: 0,
        hostBytes: 0,
        deviceBytes: 0,
      };
      entry.exchanges += 1;
      entry.hostBytes += link.stats.bytesWritten - before.bytesWritten;
      entry.deviceBytes += link.stats.bytesRead - before.bytesRead;
      byCommand.set(command, entry);
    }
  };

  const session: Session = {
    clock,
    printer,
    async countQr(qrText) {
      byCommand = new Map();
      await printer.printQr(qrText);
      const list = [...byCommand.values()];
      return {
        hostBytes: list.reduce((n, c) => n + c.hostBytes, 0),
        deviceBytes: list.reduce((n, c) => n + c.deviceBytes, 0),
        byCommand: list,
      };
    },
  };

  const stop = clock.autoAdvance();
  try {
    return await act(session);
  } finally {
    await printer.close();
    await emu.close();
    stop();
  }
}
