/**
 * A CliContext for tests: what a command writes to stdout and stderr is kept as text, and
 * the test can "press Ctrl+C" with abort().
 */
import { Writable } from 'node:stream';
import type { CliContext } from '../cli-context';
import { EXIT } from '../exit-codes';

export interface RecordingContext {
  ctx: CliContext;
  out(): string;
  err(): string;
  /** Fires ctx.signal, as Ctrl+C does. */
  abort(): void;
}

export interface RecordingOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called after each write to stdout with everything written so far. */
  onOut?: (out: string) => void;
}

export function recordingContext(options: RecordingOptions = {}): RecordingContext {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk));
        done();
      },
    });
  const abort = new AbortController();
  const ctx: CliContext = {
    stdout: sink((s) => {
      out += s;
      options.onOut?.(out);
    }),
    stderr: sink((s) => (err += s)),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: abort.signal,
    exitCode: EXIT.OK,
  };
  return { ctx, out: () => out, err: () => err, abort: () => abort.abort() };
}
