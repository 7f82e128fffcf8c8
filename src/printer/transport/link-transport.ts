/**
 * What the link layer needs from a connection: write bytes, receive bytes, learn that it
 * closed. Serial ports, TCP sockets and in-process streams all fit behind it.
 */
export type TransportKind = 'serial' | 'tcp' | 'stream';

export interface LinkTransport {
  readonly kind: TransportKind;
  /** For messages: "COM3", "tcp://10.0.0.5:7778", "stream". */
  readonly target: string;
  /** True over TCP/RNDIS: the device sends one 0xFF after the host ACKs an answer. */
  readonly trailerAfterAck: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** Registers the one receiver of incoming bytes. */
  onData(listener: (chunk: Buffer) => void): void;
  /** Registers a listener for the end of the connection (with the error, if any). */
  onClose(listener: (error?: Error) => void): void;
  /** Serial only: switches the line speed (baud-rate discovery). */
  setBaudRate?(baud: number): Promise<void>;
  close(): Promise<void>;
}
