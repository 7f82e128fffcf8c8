/**
 * Amounts on the wire: rubles, decimal dot, no trailing zeros ("150", "150.5", "150.55")
 * [public]. Written by core/money's formatGatewayAmount; read here exactly into kopecks,
 * by string, so no float ever touches money.
 */
import { MAX_KOPECKS, formatGatewayAmount, type Kopecks } from '../../core/money';
import { WireFormatError } from './wire-format-error';

export { formatGatewayAmount };

// Trailing zeros ("150.50") are tolerated on reading: unambiguous, and gateways differ.
const PATTERN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

export function parseGatewayAmount(text: string, field = 'amount'): Kopecks {
  const match = PATTERN.exec(text);
  if (!match) {
    throw new WireFormatError(
      `${field} "${text}" is not an amount in rubles with up to two decimals and a dot`,
      field,
    );
  }
  const kopecks = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (kopecks > MAX_KOPECKS) throw new WireFormatError(`${field} "${text}" is too large`, field);
  return kopecks;
}
