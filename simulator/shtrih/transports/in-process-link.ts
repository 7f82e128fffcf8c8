/**
 * In-process transport: a Duplex stream the host driver reads and writes as if it were a
 * serial port. Host writes reach the device on the next turn of the event loop, so a host
 * never sees its own write call re-entered by the answer.
 */
import { Duplex } from 'node:stream';
import type { LinkSession, LinkTransport } from '../link/link-session';

export type OpenSession = (transport: LinkTransport) => LinkSession;

class HostEnd extends Duplex {
  session: LinkSession | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    setImmediate(() => {
      this.session?.receive(chunk);
      done();
    });
  }

  override _read(): void {
    // Data is pushed when the device sends it.
  }

  override _destroy(error: Error | null, done: (error: Error | null) => void): void {
    this.session?.close();
    done(error);
  }
}

export function connectInProcess(open: OpenSession): Duplex {
  const host = new HostEnd();
  host.session = open({
    name: 'in-process',
    tcp: false,
    write: (bytes) => {
      if (!host.destroyed) host.push(bytes);
    },
    drop: () => {
      if (host.destroyed) return;
      host.push(null);
      host.destroy();
    },
  });
  return host;
}
