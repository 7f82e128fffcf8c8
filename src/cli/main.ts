/**
 * `wmqr`: the command line. This file wires the command groups together; each group lives in
 * its own module. The simulators' commands (emulator, mock gateway, demo) are registered by
 * the entry point (bin/wmqr.js), so the production core never imports the simulators.
 */
import { Command, CommanderError } from 'commander';
import { WmqrError } from '../core/errors';
import { packageVersion } from '../core/package-root';
import { writeLine, type CliContext, type CommandRegistrar } from './cli-context';
import { EXIT } from './exit-codes';
import { registerPrinterCommands } from './commands/printer-commands';
import { registerCertCommands } from './commands/cert-commands';
import { registerPaymentCommands } from './commands/payment-commands';
import { registerServiceCommands } from './commands/service-commands';

export const CORE_COMMANDS: CommandRegistrar[] = [
  registerPrinterCommands,
  registerCertCommands,
  registerPaymentCommands,
  registerServiceCommands,
];

export function buildProgram(ctx: CliContext, extra: CommandRegistrar[] = []): Command {
  const program = new Command('wmqr')
    .description(
      'QR payments through the WebMoney gateway on a Shtrih-M fiscal printer.\n' +
        'Run "wmqr demo" to see a whole payment against the built-in emulator and mock gateway.',
    )
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  for (const register of [...CORE_COMMANDS, ...extra]) register(program, ctx);
  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], extra: CommandRegistrar[] = []): Promise<number> {
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A reader that stops early (`wmqr journal | head`) closes the pipe. Output is then lost,
  // but the command must go on: a payment in progress still has to finish safely.
  process.stdout.on('error', ignoreClosedPipe);
  const ctx: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: abort.signal,
    exitCode: EXIT.OK,
  };
  try {
    return await runCli(argv.slice(2), ctx, extra);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
}

/** Runs one command line (without "node wmqr") in `ctx`; used by main() and by tests. */
export async function runCli(
  args: string[],
  ctx: CliContext,
  extra: CommandRegistrar[] = [],
): Promise<number> {
  const program = buildProgram(ctx, extra);
  try {
    await program.parseAsync(args, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // Help and version end through here too, with code 0.
    return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (error instanceof WmqrError) {
    writeLine(ctx.stderr, `error ${error.code}: ${error.message}`);
    return error.code.startsWith('SETTINGS_') || error.code === 'BAD_AMOUNT'
      ? EXIT.USAGE
      : EXIT.ERROR;
  }
  writeLine(
    ctx.stderr,
    `unexpected error: ${error instanceof Error ? error.stack : String(error)}`,
  );
  return EXIT.ERROR;
}
