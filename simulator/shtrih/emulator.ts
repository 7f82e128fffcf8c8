/**
 * The software Shtrih-M register: one device (state, tables, tape) reachable over any number
 * of links — an in-process stream pair, TCP, a pty other programs open as a serial port, or a
 * @serialport/binding-mock port — with fault injection for tests and QA.
 */
import type { Duplex } from 'node:stream';
import { systemClock, type Clock } from '../../src/core/clock';
import { silentLogger, type Logger } from '../../src/core/logger';
import { DEFAULT_BYTE_TIMEOUT_MS } from '../../src/printer/protocol/link-bytes';
import { ShtrihDevice } from './fiscal-device';
import { EmulatorFaults } from './emulator-faults';
import { Tape } from './tape/tape';
import { LinkSession, type LinkTransport } from './link/link-session';
import { connectInProcess } from './transports/in-process-link';
import { listenTcp, type TcpListener, type TcpListenOptions } from './transports/tcp-listener';
import { openPty, type PtyOptions, type PtyLink } from './transports/pty-link';
import { attachMockBinding, type MockBindingAttachment } from './transports/mock-binding-link';

export interface ShtrihEmulatorOptions {
  /** Drives shift age, paper refill timers, the byte timeout and wire speed. */
  clock?: Clock;
  logger?: Logger;
  /** false: DDh/DEh answer 37h "not supported", as on models without 2-D barcodes. */
  supports2dBarcode?: boolean;
  /** Start with an open shift (opened now). */
  shiftOpen?: boolean;
  /** Table 5 rows to set at start, e.g. { 3: 'СБП' }. */
  paymentNames?: Partial<Record<number, string>>;
  /** Byte timeout inside a frame on serial-like links (p. 8); 0 turns it off. */
  byteTimeoutMs?: number;
  /** Dot order of C5h bytes; 'msb-first' (default): bit 7 of byte 0 is the leftmost dot. */
  graphicsBitOrder?: 'msb-first' | 'lsb-first';
}

export class ShtrihEmulator {
  readonly device: ShtrihDevice;
  readonly tape: Tape;
  readonly faults: EmulatorFaults;

  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly byteTimeoutMs: number;
  private readonly sessions = new Set<LinkSession>();
  private readonly closers = new Set<() => Promise<void> | void>();

  constructor(options: ShtrihEmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'shtrih-emulator' });
    this.byteTimeoutMs = options.byteTimeoutMs ?? DEFAULT_BYTE_TIMEOUT_MS;
    this.tape = new Tape();
    this.device = new ShtrihDevice({
      clock: this.clock,
      logger: this.logger,
      tape: this.tape,
      supports2dBarcode: options.supports2dBarcode ?? true,
      shiftOpen: options.shiftOpen ?? false,
      paymentNames: options.paymentNames,
      graphicsBitOrder: options.graphicsBitOrder ?? 'msb-first',
    });
    this.faults = new EmulatorFaults(this.device, () => {
      for (const session of [...this.sessions]) session.drop();
    });
  }

  /** A new in-process link; the returned stream is the host's end. */
  connect(): Duplex {
    return connectInProcess((t) => this.openSession(t));
  }

  async listenTcp(options: TcpListenOptions = {}): Promise<TcpListener> {
    const listener = await listenTcp((t) => this.openSession(t), options);
    return this.track(listener);
  }

  /** A pty pair made by socat: `path` is the end other programs open as a serial device. */
  async openPty(options: PtyOptions = {}): Promise<PtyLink> {
    const pty = await openPty((t) => this.openSession(t), this.logger, options);
    return this.track(pty);
  }

  /** Creates a @serialport/binding-mock port at `path` whose other side is this device. */
  attachMockBinding(path: string): MockBindingAttachment {
    const attachment = attachMockBinding(path, (t) => this.openSession(t));
    return this.track(attachment);
  }

  /** Closes every listener and link; the device state and tape stay readable. */
  async close(): Promise<void> {
    const closers = [...this.closers];
    this.closers.clear();
    for (const session of [...this.sessions]) session.drop();
    await Promise.all(closers.map((close) => close()));
    this.device.close();
  }

  /** Number of links open right now (handy in tests). */
  get linkCount(): number {
    return this.sessions.size;
  }

  private openSession(transport: LinkTransport): LinkSession {
    const session = new LinkSession(
      transport,
      {
        device: this.device,
        clock: this.clock,
        logger: this.logger,
        faults: this.faults.link,
        wireBaud: () => this.faults.wireSpeed,
        byteTimeoutMs: this.byteTimeoutMs,
      },
      (s) => this.sessions.delete(s),
    );
    this.sessions.add(session);
    return session;
  }

  private track<T extends { close(): Promise<void> | void }>(resource: T): T {
    const close = resource.close.bind(resource);
    const tracked = () => {
      this.closers.delete(tracked);
      return close();
    };
    this.closers.add(tracked);
    resource.close = tracked as T['close'];
    return resource;
  }
}
