/**
 * One host connection to the emulated device, whatever carries it (stream pair, TCP socket,
 * pty, binding-mock port): host bytes go through the wire-speed pacer to the link responder,
 * the responder's bytes through another pacer to the transport.
 */
import type { Clock } from '../../../src/core/clock';
import type { Logger } from '../../../src/core/logger';
import type { ShtrihDevice } from '../fiscal-device';
import { BytePacer } from './byte-pacer';
import { LinkResponder, type LinkFaultState } from './link-responder';

export interface LinkTransport {
  /** Short name for logs: "in-process", "tcp 127.0.0.1:51234", "pty /dev/pts/5". */
  name: string;
  tcp: boolean;
  /** Writes device bytes to the host. */
  write(bytes: Buffer): void;
  /** Breaks the connection (dropConnection fault). */
  drop(): void;
}

export interface LinkSessionOptions {
  device: ShtrihDevice;
  clock: Clock;
  logger: Logger;
  faults: LinkFaultState;
  wireBaud: () => number | null;
  byteTimeoutMs: number;
}

export class LinkSession {
  readonly responder: LinkResponder;
  private readonly inbound: BytePacer;
  private readonly outbound: BytePacer;
  private closed = false;

  constructor(
    readonly transport: LinkTransport,
    options: LinkSessionOptions,
    private readonly onClose: (session: LinkSession) => void,
  ) {
    const logger = options.logger.child({ link: transport.name });
    this.outbound = new BytePacer(options.clock, options.wireBaud, (bytes) => {
      if (!this.closed) transport.write(bytes);
    });
    this.responder = new LinkResponder({
      device: options.device,
      clock: options.clock,
      logger,
      faults: options.faults,
      link: { tcp: transport.tcp },
      send: (bytes) => this.outbound.push(bytes),
      byteTimeoutMs: transport.tcp ? 0 : options.byteTimeoutMs,
    });
    this.inbound = new BytePacer(options.clock, options.wireBaud, (bytes) => {
      if (!this.closed) this.responder.receive(bytes);
    });
    logger.debug('link opened');
  }

  /** Bytes from the host. */
  receive(bytes: Uint8Array): void {
    if (!this.closed) this.inbound.push(bytes);
  }

  /** Forgets the link (the transport already went away). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inbound.clear();
    this.outbound.clear();
    this.responder.close();
    this.onClose(this);
  }

  /** Breaks the connection from the device side. */
  drop(): void {
    this.close();
    this.transport.drop();
  }
}
