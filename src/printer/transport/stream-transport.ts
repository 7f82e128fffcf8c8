/**
 * A transport over any in-process Duplex stream: the emulator's stream pair, a serialport
 * stream opened elsewhere, a test double. Serial and TCP transports build on it.
 */
import type { Duplex } from 'node:stream';
import type { LinkTransport, TransportKind } from './link-transport';

export interface StreamTransportOptions {
  kind?: TransportKind;
  target?: string;
  /** Set for TCP/RNDIS links, where the device sends 0xFF after the host's ACK. */
  trailerAfterAck?: boolean;
  /** Called by close() instead of stream.destroy(), e.g. to close a serial port cleanly. */
  closeStream?: () => Promise<void>;
  setBaudRate?: (baud: number) => Promise<void>;
}

export class StreamTransport implements LinkTransport {
  readonly kind: TransportKind;
  readonly target: string;
  readonly trailerAfterAck: boolean;
  readonly setBaudRate?: (baud: number) => Promise<void>;
  private closed = false;
  private readonly closeListeners: Array<(error?: Error) => void> = [];
  private lastError: Error | undefined;

  constructor(
    private readonly stream: Duplex,
    private readonly options: StreamTransportOptions = {},
  ) {
    this.kind = options.kind ?? 'stream';
    this.target = options.target ?? 'stream';
    this.trailerAfterAck = options.trailerAfterAck ?? false;
    if (options.setBaudRate) this.setBaudRate = options.setBaudRate;
    stream.on('error', (error: Error) => {
      this.lastError = error;
      this.finish();
    });
    stream.on('close', () => this.finish());
    stream.on('end', () => this.finish());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.target} is closed`));
    return new Promise((resolve, reject) => {
      this.stream.write(Buffer.from(bytes), (error) => (error ? reject(error) : resolve()));
    });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.stream.on('data', (chunk: Buffer | string) =>
      listener(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk),
    );
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closed) listener(this.lastError);
    else this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.options.closeStream) await this.options.closeStream();
    else this.stream.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener(this.lastError);
  }
}
