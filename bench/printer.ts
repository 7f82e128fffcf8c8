/**
 * `npm run bench:printer [-- --json [FILE]] [-- --runs N]`: figures for the Shtrih-M driver
 * (see bench/README.md). Not a test: it prints a table for people and, with --json, writes
 * the same figures to reports/bench/printer.json (or FILE).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { machineInfo, type MachineInfo, type Rate, type RateOptions } from './bench-timing';
import { runCodecBench, type CodecFigure } from './codec-bench';
import { BAUDS, runQrWireBench, type QrWireFigure, type QrWireReport } from './qr-wire-bench';
import { runRoundTripBench, type RoundTripFigure } from './round-trip-bench';

interface Args {
  json?: string;
  runs: number;
}

interface PrinterBenchReport {
  date: string;
  machine: MachineInfo;
  /** Slice and warm-up lengths (ms) and measured runs of each rate. */
  method: { codec: RateOptions; roundTrips: RateOptions };
  codec: CodecFigure[];
  roundTrips: RoundTripFigure[];
  qr: QrWireReport;
  totalSeconds: number;
}

const DEFAULT_JSON = path.join('reports', 'bench', 'printer.json');

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') {
      const next = argv[i + 1];
      args.json = next && !next.startsWith('--') ? (i++, next) : DEFAULT_JSON;
    } else if (arg === '--runs') {
      const runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
        throw new Error(`--runs needs a whole number 1..50, got ${argv[i]}`);
      }
      args.runs = runs;
    } else {
      throw new Error(`unknown argument ${arg}; use --json [FILE] and --runs N`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const codecTiming: RateOptions = { sliceMs: 250, runs: args.runs, warmupMs: 250 };
  const roundTripTiming: RateOptions = { sliceMs: 600, runs: args.runs, warmupMs: 400 };
  const machine = machineInfo();

  say(`Shtrih-M driver benchmark — ${args.runs} runs per figure, median (min–max)`);
  say(
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, ` +
      `${machine.platform}; node ${machine.node}\n`,
  );

  const codec = await runCodecBench(codecTiming);
  printCodec(codec);
  const roundTrips = await runRoundTripBench(roundTripTiming);
  printRoundTrips(roundTrips);
  const qr = await runQrWireBench();
  printQr(qr);

  const totalSeconds = (performance.now() - started) / 1000;
  say(`\ntotal ${totalSeconds.toFixed(1)} s`);

  if (args.json) {
    const report: PrinterBenchReport = {
      date: new Date().toISOString(),
      machine,
      method: { codec: codecTiming, roundTrips: roundTripTiming },
      codec,
      roundTrips,
      qr,
      totalSeconds,
    };
    fs.mkdirSync(path.dirname(args.json), { recursive: true });
    fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    say(`figures written to ${args.json}`);
  }
}

// ---- printing ----------------------------------------------------------------------------

function printCodec(figures: CodecFigure[]): void {
  say('Frame codec (one frame per call)');
  table(
    ['frame', 'bytes', 'encoded / s', 'decoded / s'],
    figures.map((f) => [
      f.frame,
      String(f.frameBytes),
      rate(f.encodePerSecond),
      rate(f.decodePerSecond),
    ]),
  );
}

function printRoundTrips(figures: RoundTripFigure[]): void {
  say('\nCommand round trips (short status 10h: ENQ, NAK, frame, ACK, answer, ACK)');
  table(
    ['link', 'round trips / s', 'µs each'],
    figures.map((f) => [
      f.link,
      rate(f.roundTripsPerSecond),
      f.microsecondsPerRoundTrip.toFixed(0),
    ]),
  );
}

function printQr(report: QrWireReport): void {
  const min = report.minimum;
  say(
    `\nOne SBP QR (${min.textBytes} bytes of text, ` +
      `QR ${min.modulesPerSide}×${min.modulesPerSide} modules ` +
      `at error correction ${report.errorCorrection}) on a serial line, 10 bits a byte`,
  );
  const rows = [
    qrRow('DDh+DEh (2-D barcode)', report.de),
    qrRow('C5h graphic lines', report.c5),
    minRow(`minimum: the text (${min.textBytes} B)`, min.textBytes, min.textMs),
    minRow(`minimum: modules as bits (${min.moduleBits} bits)`, min.bitmapBytes, min.bitmapMs),
  ];
  table(['what goes on the wire', 'exchanges', 'bytes', ...BAUDS.map((b) => `${b} baud`)], rows);

  for (const f of [report.de, report.c5]) {
    const parts = f.byCommand.map(
      (c) => `${c.command}h ×${c.exchanges}: ${c.hostBytes} out + ${c.deviceBytes} in`,
    );
    say(`  ${f.path === 'de' ? 'DE' : 'C5'} path: ${parts.join('; ')}`);
  }
  if (report.c5.firstQrProbeBytes) {
    say(
      `  the first QR on a model without DEh also pays ${report.c5.firstQrProbeBytes} bytes ` +
        `for the DDh probe that answers 37h "not supported"; later QRs go straight to C5h`,
    );
  }
  const check = [report.de, report.c5].flatMap((f) =>
    BAUDS.map((b) => ({
      label: `${f.path.toUpperCase()}@${b} ${ms(f.emulatedMs[b]!)}`,
      off: Math.abs(f.emulatedMs[b]! - f.wireMs[b]!) > Math.max(1, f.wireMs[b]! * 0.01),
    })),
  );
  const agrees = check.every((c) => !c.off);
  say(
    `  emulator wire-speed mode (virtual clock) ` +
      `${agrees ? 'agrees' : 'DIFFERS (check the pacer)'}: ` +
      check.map((c) => c.label).join(', '),
  );

  say(
    `\nWith the device's pauses: ≥ 1 byte timeout (${report.byteTimeoutMs} ms) before it answers ` +
      `ENQ and before it ACKs a frame, 2 per exchange (p. 8); printing time not included`,
  );
  table(
    ['path', 'exchanges', ...BAUDS.map((b) => `${b} baud`)],
    [report.de, report.c5].map((f) => [
      f.path === 'de' ? 'DDh+DEh' : 'C5h',
      String(f.exchanges),
      ...BAUDS.map((b) => ms(f.withPausesMs[b]!)),
    ]),
  );

  const de = report.de.wireBytes;
  const c5 = report.c5.wireBytes;
  say('\nRatios (bytes, hence line time at any baud rate; the last rows include the pauses)');
  table(
    ['ratio', 'value'],
    [
      ['C5h path / DEh path', times(c5 / de)],
      ['DEh path / text minimum', times(de / min.textBytes)],
      ['C5h path / module-bits minimum', times(c5 / min.bitmapBytes)],
      ['C5h path / text minimum', times(c5 / min.textBytes)],
      ...BAUDS.map((b) => [
        `C5h / DEh with pauses at ${b} baud`,
        times(report.c5.withPausesMs[b]! / report.de.withPausesMs[b]!),
      ]),
    ],
  );
}

function qrRow(label: string, f: QrWireFigure): string[] {
  return [label, String(f.exchanges), String(f.wireBytes), ...BAUDS.map((b) => ms(f.wireMs[b]!))];
}

function minRow(label: string, bytes: number, byBaud: Record<number, number>): string[] {
  return [label, '—', String(bytes), ...BAUDS.map((b) => ms(byBaud[b]!))];
}

function rate(r: Rate): string {
  return `${compact(r.median)} (${compact(r.min)}–${compact(r.max)})`;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function times(value: number): string {
  return `${value.toFixed(1)} ×`;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  say(line(header));
  say(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) say(line(row));
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:printer failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
