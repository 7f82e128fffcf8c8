/**
 * Parses the `device` setting: "tcp://host[:port]" (port 7778 by default, settings table 21)
 * or a serial port path ("COM3", "/dev/ttyUSB0", "\\.\COM12").
 */
import { WmqrError } from '../../core/errors';
import { DEFAULT_TCP_PORT } from '../protocol/link-bytes';

export type DeviceAddress =
  { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string };

export class DeviceAddressError extends WmqrError {
  constructor(input: string, why: string) {
    super(
      'PRINTER_BAD_DEVICE',
      `Printer device "${input}" is not valid: ${why}. Use a serial port such as COM3 or ` +
        `/dev/ttyUSB0, or tcp://host[:port] (port ${DEFAULT_TCP_PORT} by default)`,
      { details: { input } },
    );
  }
}

export function parseDeviceAddress(input: string): DeviceAddress {
  const text = input.trim();
  if (text === '') throw new DeviceAddressError(input, 'it is empty');

  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    if (!/^tcp:\/\//i.test(text)) throw new DeviceAddressError(input, 'only tcp:// is supported');
    const rest = text.slice('tcp://'.length).replace(/\/+$/, '');
    // [v6::addr]:port, host:port, or host
    const match = /^(?:\[([^\]]+)\]|([^:/\s]+))(?::(\d+))?$/.exec(rest);
    if (!match) throw new DeviceAddressError(input, 'write it as tcp://host or tcp://host:port');
    const host = (match[1] ?? match[2])!;
    const port = match[3] === undefined ? DEFAULT_TCP_PORT : Number(match[3]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new DeviceAddressError(input, 'the port must be 1..65535');
    }
    return { kind: 'tcp', host, port };
  }

  if (/\s/.test(text)) throw new DeviceAddressError(input, 'a port path has no spaces');
  return { kind: 'serial', path: text };
}

/** "tcp://10.0.0.5:7778" or the path, for messages. */
export function formatDeviceAddress(address: DeviceAddress): string {
  if (address.kind === 'serial') return address.path;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `tcp://${host}:${address.port}`;
}
