/**
 * TCP transport: the register's network port (default 7778, settings table 21). Each
 * connection is its own link; answers acknowledged by the host are followed by one 0xFF
 * byte, as real devices do over TCP/RNDIS.
 */
import net from 'node:net';
import type { OpenSession } from './in-process-link';

export interface TcpListenOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface TcpListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function listenTcp(
  open: OpenSession,
  options: TcpListenOptions = {},
): Promise<TcpListener> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const session = open({
      name: `tcp ${socket.remoteAddress}:${socket.remotePort}`,
      tcp: true,
      write: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      drop: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => session.receive(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      session.close();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    host,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
