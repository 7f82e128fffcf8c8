/**
 * One call from a `device` setting to a ready ShtrihPrinter: parse the address, open the
 * transport (serial, TCP or a given stream), build the link, optionally find the baud rate.
 */
import type { Duplex } from 'node:stream';
import { silentLogger } from '../../core/logger';
import { WmqrError } from '../../core/errors';
import { discoverBaudRate } from '../link/baud-discovery';
import { HostLink, type HostLinkOptions } from '../link/host-link';
import { formatDeviceAddress, parseDeviceAddress } from '../transport/device-address';
import type { LinkTransport } from '../transport/link-transport';
import { openSerialTransport } from '../transport/serial-transport';
import { StreamTransport } from '../transport/stream-transport';
import { openTcpTransport } from '../transport/tcp-transport';
import { ShtrihPrinter, type ShtrihPrinterOptions } from './shtrih-printer';

/** Factory default of current models (older ones: 4800, p. 8). */
export const DEFAULT_BAUD_RATE = 115200;

export interface OpenPrinterOptions extends ShtrihPrinterOptions {
  /** "COM3", "/dev/ttyUSB0", "tcp://10.0.0.5[:7778]". Give this or `stream`. */
  device?: string;
  /** An in-process link (e.g. the emulator's `connect()`). */
  stream?: Duplex;
  /** Over `stream`: does the other end send 0xFF after ACK (TCP behaviour)? */
  streamTrailerAfterAck?: boolean;
  /** Serial line speed, or 'auto' to try the standard rates with ENQ. */
  baud?: number | 'auto';
  /** A serialport binding (e.g. MockBinding from @serialport/binding-mock). */
  binding?: unknown;
  /** Link timing and retries. */
  link?: Omit<HostLinkOptions, 'clock' | 'logger'>;
  /** TCP connect timeout (real time). */
  connectTimeoutMs?: number;
}

export async function openPrinter(options: OpenPrinterOptions): Promise<ShtrihPrinter> {
  const logger = options.logger ?? silentLogger;
  const transport = await openTransport(options);
  const link = new HostLink(transport, { ...options.link, clock: options.clock, logger });
  try {
    if (options.baud === 'auto') await discoverBaudRate(link, { logger });
  } catch (error) {
    await link.close();
    throw error;
  }
  logger.info('printer link open', { target: transport.target, kind: transport.kind });
  return new ShtrihPrinter(link, options);
}

async function openTransport(options: OpenPrinterOptions): Promise<LinkTransport> {
  if (options.stream) {
    return new StreamTransport(options.stream, {
      trailerAfterAck: options.streamTrailerAfterAck ?? false,
    });
  }
  if (options.device === undefined) {
    throw new WmqrError(
      'PRINTER_BAD_DEVICE',
      'No printer device given: set a serial port (COM3, /dev/ttyUSB0) or tcp://host:port',
    );
  }
  const address = parseDeviceAddress(options.device);
  if (address.kind === 'tcp') {
    return openTcpTransport({ ...address, connectTimeoutMs: options.connectTimeoutMs });
  }
  const baud =
    options.baud === undefined || options.baud === 'auto' ? DEFAULT_BAUD_RATE : options.baud;
  if (!Number.isInteger(baud) || baud <= 0) {
    throw new WmqrError(
      'PRINTER_BAD_ARGUMENT',
      `Baud rate must be a positive integer, got ${baud}`,
      {
        details: { baud },
      },
    );
  }
  logger(options).debug('opening serial port', { target: formatDeviceAddress(address), baud });
  return openSerialTransport({ path: address.path, baudRate: baud, binding: options.binding });
}

function logger(options: OpenPrinterOptions) {
  return options.logger ?? silentLogger;
}
