/**
 * What a CLI command may touch of the outside world, passed in so commands can be tested
 * without a real terminal or process.
 */
import type { Command } from 'commander';

export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Fires on Ctrl+C (SIGINT) or SIGTERM; long-running commands stop safely on it. */
  signal: AbortSignal;
  /** The exit code the process ends with; commands set it. */
  exitCode: number;
}

/** Adds a group of commands to the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
