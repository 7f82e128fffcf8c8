/**
 * Pty transport: socat makes a pair of connected pseudo-terminals; the emulator holds one end
 * and other programs open the other as if it were the register's serial port
 * (`/dev/pts/N`, or a stable symlink with `link`). Both ends are raw, no echo.
 *
 * The pty end is read through tty.ReadStream (event-loop I/O), not fs streams, whose reads
 * would each hold a libuv pool thread while the line is idle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import tty from 'node:tty';
import { WmqrError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/logger';
import type { LinkSession } from '../link/link-session';
import type { OpenSession } from './in-process-link';

export interface PtyOptions {
  /** A symlink to create for the other programs' end, e.g. /tmp/shtrih-tty. */
  link?: string;
  /** The socat executable (default "socat" on PATH). */
  socat?: string;
  /** How long to wait for socat to set up the pair, real milliseconds (default 5000). */
  startTimeoutMs?: number;
}

export interface PtyLink {
  /** The path other programs open: the symlink when `link` was given, else /dev/pts/N. */
  path: string;
  /** The pty device of that end. */
  devicePath: string;
  close(): Promise<void>;
}

export class SocatMissingError extends WmqrError {
  constructor(command: string, cause?: unknown) {
    super(
      'EMULATOR_SOCAT_MISSING',
      `"${command}" was not found: the emulator needs socat to make a pty ` +
        '(Debian/Ubuntu: sudo apt-get install socat), or use --tcp instead',
      { cause },
    );
  }
}

export async function openPty(
  open: OpenSession,
  logger: Logger,
  options: PtyOptions = {},
): Promise<PtyLink> {
  const command = options.socat ?? 'socat';
  const userEnd = options.link ? `pty,raw,echo=0,link=${options.link}` : 'pty,raw,echo=0';
  const child = spawn(command, ['-d', '-d', 'pty,raw,echo=0', userEnd], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const [ourPath, theirPath] = await waitForPtys(child, command, options.startTimeoutMs ?? 5000);

  const fd = fs.openSync(ourPath, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  const stream = new tty.ReadStream(fd);
  let session: LinkSession | undefined;
  const start = () => {
    session = open({
      name: `pty ${theirPath}`,
      tcp: false,
      write: (bytes) => {
        if (!stream.destroyed) stream.write(bytes);
      },
      // A pty cannot be unplugged: a dropped link starts over, like a device reboot.
      drop: () => setImmediate(start),
    });
  };
  start();
  stream.on('data', (chunk: Buffer) => session?.receive(chunk));
  stream.on('error', (error) => logger.warn('pty read failed', { error }));
  logger.info('pty ready', { path: options.link ?? theirPath, devicePath: theirPath });

  let closing: Promise<void> | undefined;
  return {
    path: options.link ?? theirPath,
    devicePath: theirPath,
    close() {
      closing ??= (async () => {
        session?.close();
        session = undefined;
        stream.destroy();
        await stopChild(child);
      })();
      return closing;
    },
  };
}

/** Reads socat's "PTY is /dev/pts/N" lines until it reports the transfer loop started. */
function waitForPtys(child: ChildProcess, command: string, timeoutMs: number) {
  return new Promise<[string, string]>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new WmqrError('EMULATOR_PTY_START', `socat did not make a pty in ${timeoutMs} ms`, {
          details: { log },
        }),
      );
    }, timeoutMs);
    const finish = (error?: Error, paths?: [string, string]) => {
      clearTimeout(timer);
      child.stderr?.removeAllListeners('data');
      // Keep draining socat's log so a full pipe never blocks it.
      child.stderr?.resume();
      if (error) reject(error);
      else resolve(paths!);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      finish(
        error.code === 'ENOENT'
          ? new SocatMissingError(command, error)
          : new WmqrError('EMULATOR_PTY_START', `socat failed: ${error.message}`, { cause: error }),
      ),
    );
    child.once('exit', (code) =>
      finish(
        new WmqrError(
          'EMULATOR_PTY_START',
          `socat exited (code ${code}) before the pty was ready`,
          {
            details: { log },
          },
        ),
      ),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const paths = [...log.matchAll(/PTY is (\S+)/g)].map((m) => m[1]);
      if (paths.length >= 2 && /starting data transfer loop/.test(log)) {
        child.removeAllListeners('exit');
        finish(undefined, [paths[0], paths[1]]);
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
