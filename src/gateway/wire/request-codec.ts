/**
 * Requests: `<w3s.request>` with the header fields, the signature and one `<payment>`.
 * encodeRequest is what the client sends; decodeRequest is how the mock gateway reads it,
 * so both sides share one definition of every element, format and signed field.
 */
import { PAY_SYSTEMS, type PaySystem } from '../../payment/ports';
import type { Kopecks } from '../../core/money';
import { formatGatewayAmount, parseGatewayAmount } from './gateway-amount';
import { formatGatewayDate, parseGatewayDate } from './gateway-date';
import { signText, signedString } from './signature';
import { CURRENCY, LIMITS, ROOT, SIGN_TYPE, type GatewayOperation } from './wire-constants';
import { WireFormatError } from './wire-format-error';
import { XML_DECLARATION, readXml, xmlElement, type XmlNode } from './xml-document';

export interface RequestHeader {
  /** Request number, strictly increasing per point; up to 15 digits. */
  reqn: string;
  /** 12-digit WMID, or "0" when the certificate identifies the caller. */
  wmid: string;
  agent: string;
  point: string;
  /** "0" when not issued. */
  crsId: string;
}

export interface QrCreatePayment {
  id: string;
  paySystem: PaySystem;
  amountKopecks: Kopecks;
  currency: typeof CURRENCY;
  test: boolean;
  /** When the request was made, ms since the epoch; written as local time. */
  date: number;
  description: string;
  ttlSeconds: number;
}

export type GatewayRequest =
  | { op: 'QrCreate'; header: RequestHeader; payment: QrCreatePayment }
  | { op: 'QrState' | 'QrCancel'; header: RequestHeader; payment: { id: string } };

export interface WireOptions {
  /** IANA zone of the wire's local dates (DEFAULT_TIME_ZONE unless the deployment differs). */
  timeZone: string;
}

/** A request as the gateway received it, with what its signature must cover. */
export interface DecodedRequest {
  request: GatewayRequest;
  sign: string;
  signType: string;
  /** The string the sender should have signed, rebuilt from the received texts. */
  signedString: string;
}

/** The XML text of `request`, signed with `agentKey`. */
export function encodeRequest(
  request: GatewayRequest,
  agentKey: string,
  options: WireOptions,
): string {
  checkHeader(request.header);
  checkId(request.payment.id);
  const values = signedValues(request, options);
  const sign = signText(agentKey, signedString(request.op, values));
  const h = request.header;

  const payment =
    request.op === 'QrCreate'
      ? encodeCreatePayment(request.payment, values)
      : xmlElement('payment', { id: request.payment.id });
  const body = [
    xmlElement('reqn', {}, h.reqn),
    xmlElement('wmid', {}, h.wmid),
    xmlElement('agent', {}, h.agent),
    xmlElement('point', {}, h.point),
    xmlElement('crsid', {}, h.crsId),
    xmlElement('sign', { type: SIGN_TYPE }, sign),
    payment,
  ].join('');
  return `${XML_DECLARATION}${xmlElement(ROOT.request, {}, body, true)}`;
}

function encodeCreatePayment(p: QrCreatePayment, values: Record<string, string>): string {
  checkCreatePayment(p);
  const children = [
    xmlElement('amount', {}, values.amount),
    xmlElement('date', {}, values.date),
    xmlElement('desc', {}, p.description),
    xmlElement('ttl', {}, String(p.ttlSeconds)),
  ].join('');
  const attrs = { id: p.id, currency: p.currency, test: p.test ? '1' : '0', paytype: p.paySystem };
  return xmlElement('payment', attrs, children, true);
}

/** The field texts exactly as they go on the wire, by their SIGNED_FIELDS names. */
function signedValues(request: GatewayRequest, options: WireOptions): Record<string, string> {
  const h = request.header;
  const values: Record<string, string> = {
    reqn: h.reqn,
    wmid: h.wmid,
    agent: h.agent,
    point: h.point,
    crsid: h.crsId,
    id: request.payment.id,
  };
  if (request.op === 'QrCreate') {
    const p = request.payment;
    values.paytype = p.paySystem;
    values.amount = formatGatewayAmount(p.amountKopecks);
    values.currency = p.currency;
    values.date = formatGatewayDate(p.date, options.timeZone);
  }
  return values;
}

/** Reads a request body for `op`; throws WireFormatError naming the first bad field. */
export function decodeRequest(
  op: GatewayOperation,
  text: string,
  options: WireOptions,
): DecodedRequest {
  const root = readXml(text, ROOT.request);
  const header: RequestHeader = {
    reqn: root.requiredText('reqn'),
    wmid: root.requiredText('wmid'),
    agent: root.requiredText('agent'),
    point: root.requiredText('point'),
    crsId: root.requiredText('crsid'),
  };
  checkHeader(header);
  const signNode = root.requiredChild('sign');
  const sign = signNode.text();
  const signType = signNode.attr('type') ?? '';
  if (signType !== SIGN_TYPE) {
    throw new WireFormatError(`sign/@type must be "${SIGN_TYPE}", not "${signType}"`, 'sign/@type');
  }
  const paymentNode = root.requiredChild('payment');
  const id = paymentNode.requiredAttr('id');
  checkId(id);

  const values: Record<string, string> = {
    reqn: header.reqn,
    wmid: header.wmid,
    agent: header.agent,
    point: header.point,
    crsid: header.crsId,
    id,
  };
  let request: GatewayRequest;
  if (op === 'QrCreate') {
    const payment = decodeCreatePayment(paymentNode, id, options);
    values.paytype = payment.paySystem;
    values.amount = paymentNode.requiredText('amount');
    values.currency = payment.currency;
    values.date = paymentNode.requiredText('date');
    request = { op, header, payment };
  } else {
    request = { op, header, payment: { id } };
  }
  return { request, sign, signType, signedString: signedString(op, values) };
}

function decodeCreatePayment(node: XmlNode, id: string, options: WireOptions): QrCreatePayment {
  const paySystem = node.requiredAttr('paytype');
  if (!(PAY_SYSTEMS as readonly string[]).includes(paySystem)) {
    throw new WireFormatError(
      `payment/@paytype "${paySystem}" is not one of ${PAY_SYSTEMS.join(', ')}`,
      'payment/@paytype',
    );
  }
  const currency = node.requiredAttr('currency');
  if (currency !== CURRENCY) {
    throw new WireFormatError(
      `payment/@currency must be ${CURRENCY}, not "${currency}"`,
      'payment/@currency',
    );
  }
  const test = node.attr('test') ?? '0';
  if (test !== '0' && test !== '1') {
    throw new WireFormatError(`payment/@test must be 0 or 1, not "${test}"`, 'payment/@test');
  }
  const ttlText = node.requiredText('ttl');
  if (!/^\d{1,6}$/.test(ttlText)) {
    throw new WireFormatError(`payment/ttl "${ttlText}" is not whole seconds`, 'payment/ttl');
  }
  const payment: QrCreatePayment = {
    id,
    paySystem: paySystem as PaySystem,
    amountKopecks: parseGatewayAmount(node.requiredText('amount'), 'payment/amount'),
    currency,
    test: test === '1',
    date: parseGatewayDate(node.requiredText('date'), options.timeZone, 'payment/date'),
    description: node.childText('desc') ?? '',
    ttlSeconds: Number(ttlText),
  };
  checkCreatePayment(payment);
  return payment;
}

function checkHeader(h: RequestHeader): void {
  const rules: Array<[keyof RequestHeader, string, RegExp, string]> = [
    ['reqn', 'reqn', LIMITS.reqnPattern, 'up to 15 digits'],
    ['wmid', 'wmid', LIMITS.wmidPattern, '12 digits or 0'],
    ['agent', 'agent', LIMITS.numberPattern, 'digits'],
    ['point', 'point', LIMITS.numberPattern, 'digits'],
    ['crsId', 'crsid', LIMITS.crsIdPattern, 'digits (0 when not issued)'],
  ];
  for (const [key, name, pattern, expected] of rules) {
    if (!pattern.test(h[key])) {
      throw new WireFormatError(`${name} "${h[key]}" is not valid: expected ${expected}`, name);
    }
  }
}

function checkId(id: string): void {
  if (!LIMITS.idPattern.test(id)) {
    throw new WireFormatError(
      `payment/@id "${id}" is not valid: expected 1 to 18 digits, not starting with 0`,
      'payment/@id',
    );
  }
}

function checkCreatePayment(p: QrCreatePayment): void {
  if (!Number.isSafeInteger(p.amountKopecks) || p.amountKopecks < 0) {
    throw new WireFormatError(
      `payment/amount ${p.amountKopecks} is not whole kopecks`,
      'payment/amount',
    );
  }
  if ([...p.description].length > LIMITS.descriptionMaxChars) {
    throw new WireFormatError(
      `payment/desc is longer than ${LIMITS.descriptionMaxChars} characters`,
      'payment/desc',
    );
  }
  if (!Number.isInteger(p.ttlSeconds) || p.ttlSeconds < 1 || p.ttlSeconds > LIMITS.ttlMaxSeconds) {
    throw new WireFormatError(
      `payment/ttl ${p.ttlSeconds} is not whole seconds from 1 to ${LIMITS.ttlMaxSeconds}`,
      'payment/ttl',
    );
  }
}

/**
 * Best-effort reqn and id of a body that may not decode, so a refusal can still echo them.
 * Never throws.
 */
export function peekRequest(text: string): { reqn?: string; id?: string; point?: string } {
  try {
    const root = readXml(text, ROOT.request);
    return {
      reqn: root.child('reqn')?.text(),
      id: root.child('payment')?.attr('id'),
      point: root.child('point')?.text(),
    };
  } catch {
    return {};
  }
}
