/**
 * `wmqr emulator`: runs the software Shtrih-M register until Ctrl+C, reachable over TCP
 * (default 127.0.0.1:7778) and/or a pty, optionally saving the printed tape as text and PNG.
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createJsonLogger, type Logger } from '../../src/core/logger';
import { DEFAULT_TCP_PORT } from '../../src/printer/protocol/link-bytes';
import { writeLine, type CliContext } from '../../src/cli/cli-context';
import { ShtrihEmulator } from '../shtrih';
import type { TapeEntry } from '../shtrih';

interface EmulatorCliOptions {
  tcp?: number | true;
  host: string;
  pty?: boolean;
  ptyLink?: string;
  tapeDir?: string;
  '2dBarcode': boolean;
  shiftOpen?: boolean;
  verbose?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError('give a TCP port 0..65535 (0 picks a free one)');
  }
  return port;
}

export function registerEmulatorCommand(program: Command, ctx: CliContext): void {
  program
    .command('emulator')
    .summary('run the software Shtrih-M fiscal register until Ctrl+C')
    .description(
      'Run the software Shtrih-M fiscal register until Ctrl+C, for a driver or a POS program ' +
        `to talk to as to a real one. It listens on TCP port ${DEFAULT_TCP_PORT} unless only ` +
        '--pty or --pty-link is given (add --tcp for both), and prints "tcp: HOST:PORT" and ' +
        '"pty: PATH" once it is ready.',
    )
    .option(
      '--tcp [port]',
      `listen on TCP (default ${DEFAULT_TCP_PORT}; 0 picks a free port)`,
      parsePort,
    )
    .option('--host <address>', 'TCP address to listen on', '127.0.0.1')
    .option('--pty', 'make a pty other programs open as the serial port (needs socat)')
    .option('--pty-link <path>', 'also publish the pty under this symlink (implies --pty)')
    .option('--tape-dir <dir>', 'write the tape (text and PNG) here after each cut or receipt')
    .option('--no-2d-barcode', 'behave like a model without 2-D barcodes (DDh/DEh answer 37h)')
    .option('--shift-open', 'start with an open shift')
    .option('--verbose', 'log every command to stderr')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        `  wmqr emulator                              # tcp://127.0.0.1:${DEFAULT_TCP_PORT}\n` +
        '  wmqr emulator --tcp 0 --tape-dir /tmp/tape # any free port; the tape as text and PNG\n' +
        '  wmqr emulator --pty-link /tmp/kkm          # a serial port for other programs\n' +
        `  wmqr status --device tcp://127.0.0.1:${DEFAULT_TCP_PORT}  # from another terminal\n`,
    )
    .action((options: EmulatorCliOptions) => runEmulator(options, ctx));
}

async function runEmulator(options: EmulatorCliOptions, ctx: CliContext): Promise<void> {
  const logger: Logger = createJsonLogger({
    level: options.verbose ? 'debug' : 'warn',
    write: (line) => writeLine(ctx.stderr, line),
  });
  const emu = new ShtrihEmulator({
    logger,
    supports2dBarcode: options['2dBarcode'],
    shiftOpen: options.shiftOpen ?? false,
  });
  const wantPty = options.pty === true || options.ptyLink !== undefined;
  const wantTcp = options.tcp !== undefined || !wantPty;
  const stopSaving = options.tapeDir
    ? saveTapeOnCuts(emu, path.resolve(ctx.cwd, options.tapeDir), ctx, logger)
    : undefined;

  try {
    if (wantTcp) {
      const port =
        options.tcp === undefined || options.tcp === true ? DEFAULT_TCP_PORT : options.tcp;
      const server = await emu.listenTcp({ port, host: options.host });
      writeLine(ctx.stdout, `tcp: ${server.host}:${server.port}`);
    }
    if (wantPty) {
      const pty = await emu.openPty({ link: options.ptyLink });
      writeLine(ctx.stdout, `pty: ${pty.path}`);
    }
    await untilAborted(ctx.signal);
  } finally {
    await stopSaving?.();
    await emu.close();
    writeLine(ctx.stdout, 'emulator stopped');
  }
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** Entries after which the tape is saved: a cut, a closed or cancelled receipt. */
function endsAPiece(entry: TapeEntry): boolean {
  return entry.kind === 'cut' || entry.kind === 'fiscal-sign' || entry.kind === 'receipt-cancelled';
}

/**
 * Saves `tape.txt` / `tape.png` (the whole roll so far) after each cut or receipt. Writes are
 * chained so they never overlap; the returned function waits for the last one.
 */
function saveTapeOnCuts(
  emu: ShtrihEmulator,
  dir: string,
  ctx: CliContext,
  logger: Logger,
): () => Promise<void> {
  let chain = Promise.resolve();
  let announced = false;
  const onEntry = (entry: TapeEntry) => {
    if (!endsAPiece(entry)) return;
    chain = chain
      .then(() => emu.tape.writeTo(dir, 'tape'))
      .then((files) => {
        if (!announced) writeLine(ctx.stdout, `tape: ${files.textFile} ${files.pngFile}`);
        announced = true;
      })
      .catch((error: unknown) => logger.error('could not write the tape', { dir, error }));
  };
  emu.tape.on('entry', onEntry);
  return async () => {
    emu.tape.off('entry', onEntry);
    await chain;
  };
}
