/**
 * Request signatures: the operation's fields (SIGNED_FIELDS) concatenated with no separator
 * [public convention], then HMAC-SHA256 keyed with the agent key, as lowercase hex [model].
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SIGNED_FIELDS, type GatewayOperation } from './wire-constants';
import { WireFormatError } from './wire-format-error';

export type SignedValues = Readonly<Record<string, string>>;

/** The exact string that is signed for `op`, from the request's field values. */
export function signedString(op: GatewayOperation, values: SignedValues): string {
  return SIGNED_FIELDS[op]
    .map((name) => {
      const value = values[name];
      if (value === undefined) throw new WireFormatError(`${op}: ${name} is missing`, name);
      return value;
    })
    .join('');
}

/** Lowercase hex HMAC-SHA256 of `text` (UTF-8) keyed with `agentKey`. */
export function signText(agentKey: string, text: string): string {
  if (agentKey.length === 0) throw new WireFormatError('the agent key is empty');
  return createHmac('sha256', Buffer.from(agentKey, 'utf8')).update(text, 'utf8').digest('hex');
}

/** Constant-time check of a received signature; false for anything not 64 lowercase hex. */
export function verifySignature(agentKey: string, text: string, sign: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(sign)) return false;
  const expected = Buffer.from(signText(agentKey, text), 'hex');
  return timingSafeEqual(expected, Buffer.from(sign, 'hex'));
}

/** The XML text with the `<sign>` value blanked, for debug logs. */
export function redactSignature(xml: string): string {
  return xml.replace(/(<sign\b[^>]*>)[^<]*(<\/sign>)/g, '$1[redacted]$2');
}
