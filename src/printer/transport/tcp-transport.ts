/**
 * TCP transport (device port 7778 by default). The device speaks the same ENQ/ACK/STX
 * exchange over the socket and adds one 0xFF after the host's ACK (appendix 3 note).
 */
import net from 'node:net';
import { WmqrError } from '../../core/errors';
import { StreamTransport } from './stream-transport';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Connect timeout on the system clock (real sockets need real time). */
  connectTimeoutMs?: number;
}

export async function openTcpTransport(options: TcpTransportOptions): Promise<StreamTransport> {
  const target = `tcp://${options.host}:${options.port}`;
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: options.host, port: options.port });
    s.setTimeout(timeoutMs);
    s.once('connect', () => {
      s.setTimeout(0);
      s.setNoDelay(true);
      resolve(s);
    });
    s.once('timeout', () => {
      s.destroy();
      reject(
        new WmqrError('PRINTER_OPEN_FAILED', `Could not connect to ${target} in ${timeoutMs} ms`, {
          details: { target, timeoutMs },
        }),
      );
    });
    s.once('error', (error) =>
      reject(
        new WmqrError('PRINTER_OPEN_FAILED', `Could not connect to ${target}: ${error.message}`, {
          cause: error,
          details: { target },
        }),
      ),
    );
  });
  return new StreamTransport(socket, {
    kind: 'tcp',
    target,
    trailerAfterAck: true,
    closeStream: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        socket.destroySoon();
      }),
  });
}
