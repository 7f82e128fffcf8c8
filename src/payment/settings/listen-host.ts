import net from 'node:net';

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * True when `host` (already trimmed) is something a server can listen on: an IP
 * address or a host name. Shared by the settings validator and `wmqr serve`.
 */
export function isListenHost(host: string): boolean {
  return host !== '' && (net.isIP(host) !== 0 || HOST_NAME.test(host));
}
