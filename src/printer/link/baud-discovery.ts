/**
 * Finds the line speed of a serial device: at each standard rate send ENQ; the rate at which
 * the device answers NAK or ACK is the one (p. 8: any answer to ENQ means a working link).
 */
import { WmqrError } from '../../core/errors';
import { silentLogger, type Logger } from '../../core/logger';
import { BAUD_RATES } from '../protocol/link-bytes';
import type { HostLink } from './host-link';

/** Factory defaults first (115200 on current models, 4800 on older ones), then the rest. */
export const DISCOVERY_ORDER = [
  115200, 4800, 9600, 19200, 38400, 57600, 2400, 230400, 460800, 921600,
] as const satisfies readonly (typeof BAUD_RATES)[number][];

export interface BaudDiscoveryOptions {
  rates?: readonly number[];
  /** ENQ attempts per rate: the first byte after a speed change may be lost. */
  attemptsPerRate?: number;
  probeTimeoutMs?: number;
  logger?: Logger;
}

export async function discoverBaudRate(
  link: HostLink,
  options: BaudDiscoveryOptions = {},
): Promise<number> {
  const setBaudRate = link.transport.setBaudRate;
  if (!setBaudRate) {
    throw new WmqrError(
      'PRINTER_BAD_ARGUMENT',
      `Baud-rate discovery needs a serial port; ${link.transport.target} is ${link.transport.kind}`,
      { details: { target: link.transport.target } },
    );
  }
  const rates = options.rates ?? DISCOVERY_ORDER;
  const logger = options.logger ?? silentLogger;
  for (const rate of rates) {
    await setBaudRate.call(link.transport, rate);
    for (let i = 0; i < (options.attemptsPerRate ?? 2); i++) {
      const reply = await link.probe(options.probeTimeoutMs);
      if (reply !== 'silent') {
        logger.info('printer baud rate found', { baud: rate, reply });
        return rate;
      }
    }
  }
  throw new WmqrError(
    'PRINTER_NO_ANSWER',
    `The printer at ${link.transport.target} answered ENQ at none of ${rates.join(', ')} baud`,
    { details: { target: link.transport.target, rates: [...rates], phase: 'enq' } },
  );
}
