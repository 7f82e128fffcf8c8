/**
 * Answers: `<w3s.response>` with reqn (echoed), retval, retdesc and, on success, one
 * `<payment>`. encodeAnswer is what the mock gateway writes; decodeAnswer is how the client
 * reads it, strictly: anything missing, unknown or answering another request is refused.
 */
import { GATEWAY_STATES, type GatewayState } from '../../payment/ports';
import type { Kopecks } from '../../core/money';
import { formatGatewayAmount, parseGatewayAmount } from './gateway-amount';
import { formatGatewayDate, parseGatewayDate } from './gateway-date';
import type { WireOptions } from './request-codec';
import { RETVAL, ROOT, type GatewayOperation } from './wire-constants';
import { WireFormatError } from './wire-format-error';
import { XML_DECLARATION, readXml, xmlElement, type XmlNode } from './xml-document';

export interface AnswerPayment {
  id: string;
  state: GatewayState;
  wmTranId?: string;
  /** QR text (always in QrCreate answers). */
  qr?: string;
  /** When the QR stops being payable, ms (always in QrCreate answers). */
  expiresAt?: number;
  /** What was paid (always when PAID). */
  paidKopecks?: Kopecks;
  /** Last change, ms. */
  updatedAt?: number;
  /** Why it was rejected (REJECTED). */
  reason?: string;
}

export interface GatewayAnswer {
  /** Echo of the request's reqn; "" only when a refused request had none readable. */
  reqn: string;
  retval: number;
  retdesc: string;
  /** Present when retval is 0. */
  payment?: AnswerPayment;
}

/** What the answer must match: the request it answers. */
export interface AnswerExpectation extends WireOptions {
  reqn: string;
  id: string;
}

export function encodeAnswer(answer: GatewayAnswer, options: WireOptions): string {
  const parts = [
    xmlElement('reqn', {}, answer.reqn),
    xmlElement('retval', {}, String(answer.retval)),
    xmlElement('retdesc', {}, answer.retdesc),
  ];
  if (answer.payment) parts.push(encodeAnswerPayment(answer.payment, options));
  return `${XML_DECLARATION}${xmlElement(ROOT.response, {}, parts.join(''), true)}`;
}

function encodeAnswerPayment(p: AnswerPayment, options: WireOptions): string {
  const date = (ms: number | undefined) =>
    ms === undefined ? undefined : formatGatewayDate(ms, options.timeZone);
  const children: Array<[string, string | undefined]> = [
    ['state', p.state],
    ['amount', p.paidKopecks === undefined ? undefined : formatGatewayAmount(p.paidKopecks)],
    ['qr', p.qr],
    ['expires', date(p.expiresAt)],
    ['dateupd', date(p.updatedAt)],
    ['reason', p.reason],
  ];
  const content = children
    .filter((c): c is [string, string] => c[1] !== undefined)
    .map(([name, text]) => xmlElement(name, {}, text))
    .join('');
  return xmlElement('payment', { id: p.id, wmtranid: p.wmTranId }, content, true);
}

/** Reads the answer to an `op` request; throws WireFormatError saying what was wrong. */
export function decodeAnswer(
  op: GatewayOperation,
  text: string,
  expect: AnswerExpectation,
): GatewayAnswer {
  const root = readXml(text, ROOT.response);
  const retvalText = root.requiredText('retval');
  if (!/^-?\d{1,9}$/.test(retvalText)) {
    throw new WireFormatError(`retval "${retvalText}" is not a whole number`, 'retval');
  }
  const retval = Number(retvalText);
  const retdesc = root.childText('retdesc') ?? '';

  // A refusal of an unreadable request may come without reqn; a success never does.
  const reqn = root.childText('reqn') ?? '';
  if (reqn !== expect.reqn && (reqn !== '' || retval === RETVAL.OK)) {
    throw new WireFormatError(
      `the answer is for reqn "${reqn}", but the request had reqn ${expect.reqn}`,
      'reqn',
    );
  }
  if (retval !== RETVAL.OK) return { reqn, retval, retdesc };

  const payment = decodeAnswerPayment(op, root.requiredChild('payment'), expect);
  return { reqn, retval, retdesc, payment };
}

function decodeAnswerPayment(
  op: GatewayOperation,
  node: XmlNode,
  expect: AnswerExpectation,
): AnswerPayment {
  const id = node.requiredAttr('id');
  if (id !== expect.id) {
    throw new WireFormatError(
      `the answer is for payment ${id}, but the request was for ${expect.id}`,
      'payment/@id',
    );
  }
  const stateText = node.requiredText('state');
  if (!(GATEWAY_STATES as readonly string[]).includes(stateText)) {
    throw new WireFormatError(
      `payment/state "${stateText}" is not one of ${GATEWAY_STATES.join(', ')}`,
      'payment/state',
    );
  }
  const state = stateText as GatewayState;
  const date = (name: string, required: boolean) => {
    const value = required ? node.requiredText(name) : node.childText(name);
    return value === undefined || value === ''
      ? undefined
      : parseGatewayDate(value, expect.timeZone, `payment/${name}`);
  };
  const amountText = state === 'PAID' ? node.requiredText('amount') : node.childText('amount');
  const wmTranId = node.attr('wmtranid');
  const reason = node.childText('reason');

  return {
    id,
    state,
    wmTranId: wmTranId === '' ? undefined : wmTranId,
    qr: op === 'QrCreate' ? node.requiredText('qr') : node.childText('qr') || undefined,
    expiresAt: date('expires', op === 'QrCreate'),
    paidKopecks:
      amountText === undefined || amountText === ''
        ? undefined
        : parseGatewayAmount(amountText, 'payment/amount'),
    updatedAt: date('dateupd', false),
    reason: reason === '' ? undefined : reason,
  };
}
