/**
 * Frame codec throughput: `encodeFrame` and a reused streaming `FrameDecoder`, one frame per
 * call, for a short frame (short status request, 8 bytes on the wire) and a long one (a DDh
 * block of QR data, 74 bytes). Bodies come from the typed command encoders, as in real use.
 */
import { commands } from '../src/printer';
import { encodeFrame, FrameDecoder } from '../src/printer/protocol/frame-codec';
import { measureRate, type Rate, type RateOptions } from './bench-timing';
import { SBP_QR_TEXT } from './qr-wire-bench';

export interface CodecFigure {
  frame: string;
  frameBytes: number;
  encodePerSecond: Rate;
  decodePerSecond: Rate;
}

/** Ops between clock reads: the codec works in tens of nanoseconds. */
const BATCH = 2_000;

export function codecFixtures(): Array<{ frame: string; body: Buffer }> {
  const password = 30;
  const qrBlock = Buffer.from(SBP_QR_TEXT, 'utf8').subarray(0, 64);
  return [
    {
      frame: 'short status 10h (request)',
      body: commands.encodeRequest(commands.shortStatus, { password }),
    },
    {
      frame: 'load data DDh (64-byte block)',
      body: commands.encodeRequest(commands.loadData, { password, block: 0, data: qrBlock }),
    },
  ];
}

export async function runCodecBench(timing: RateOptions): Promise<CodecFigure[]> {
  const figures: CodecFigure[] = [];
  for (const { frame, body } of codecFixtures()) {
    const wire = encodeFrame(body);
    // A sink the optimiser cannot drop: every result feeds it.
    let sink = 0;

    const encodePerSecond = await measureRate(
      () => {
        sink ^= encodeFrame(body)[1]!;
      },
      { ...timing, batch: BATCH },
    );
    const decoder = new FrameDecoder();
    const decodePerSecond = await measureRate(
      () => {
        const items = decoder.push(wire);
        if (items.length !== 1 || items[0]!.kind !== 'frame') throw new Error('decode failed');
        sink ^= items[0].body.length;
      },
      { ...timing, batch: BATCH },
    );

    if (sink === -1) console.log(sink);
    figures.push({ frame, frameBytes: wire.length, encodePerSecond, decodePerSecond });
  }
  return figures;
}
