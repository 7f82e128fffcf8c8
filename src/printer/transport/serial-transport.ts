/**
 * Serial transport through `serialport` (8N1, no flow control, p. 8). A binding can be
 * injected (e.g. @serialport/binding-mock in tests); the native one loads only when needed.
 * SerialPort.list() is never called: it throws where udev is missing.
 */
import type { Duplex } from 'node:stream';
import { WmqrError } from '../../core/errors';
import { StreamTransport } from './stream-transport';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  /** A serialport binding, e.g. MockBinding from @serialport/binding-mock. */
  binding?: unknown;
}

interface PortLike extends Duplex {
  open(callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  update(options: { baudRate: number }, callback: (error: Error | null) => void): void;
  readonly isOpen: boolean;
}

export async function openSerialTransport(
  options: SerialTransportOptions,
): Promise<StreamTransport> {
  // Loaded lazily: TCP and in-process users never load the native binding.
  const { SerialPort } = require('serialport') as typeof import('serialport');
  const settings: Record<string, unknown> = {
    path: options.path,
    baudRate: options.baudRate,
    dataBits: 8,
    stopBits: 1,
    parity: 'none',
    rtscts: false,
    autoOpen: false,
  };
  if (options.binding) settings.binding = options.binding;
  const port = new SerialPort(settings as never) as unknown as PortLike;

  await new Promise<void>((resolve, reject) =>
    port.open((error) =>
      error
        ? reject(
            new WmqrError(
              'PRINTER_OPEN_FAILED',
              `Could not open serial port ${options.path}: ${error.message}`,
              { cause: error, details: { target: options.path } },
            ),
          )
        : resolve(),
    ),
  );

  return new StreamTransport(port, {
    kind: 'serial',
    target: options.path,
    closeStream: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
    setBaudRate: (baudRate) =>
      new Promise<void>((resolve, reject) =>
        port.update({ baudRate }, (error) => (error ? reject(error) : resolve())),
      ),
  });
}
