import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeAnswer, encodeAnswer, type GatewayAnswer } from './answer-codec';
import { WireFormatError } from './wire-format-error';

const WIRE = { timeZone: 'Europe/Moscow' };
const EXPECT = { reqn: '1796288400123', id: '1796288400000000', ...WIRE };

/** An answer as a gateway would write it; `payment` is the inner XML of <payment>. */
function answerXml(
  payment: string,
  options: { retval?: string; reqn?: string; attrs?: string } = {},
) {
  return (
    '<?xml version="1.0" encoding="utf-8"?><w3s.response>' +
    `<reqn>${options.reqn ?? EXPECT.reqn}</reqn><retval>${options.retval ?? '0'}</retval>` +
    '<retdesc></retdesc>' +
    `<payment id="${EXPECT.id}"${options.attrs ?? ''}>${payment}</payment></w3s.response>`
  );
}

const CREATED =
  '<state>NEW</state><qr>https://qr.nspk.ru/AD1?type=02&amp;sum=15050</qr>' +
  '<expires>20261203 12:03:00</expires>';

test('a QrCreate answer gives the state, the QR text and the expiry instant', () => {
  const answer = decodeAnswer('QrCreate', answerXml(CREATED), EXPECT);

  assert.equal(answer.retval, 0);
  assert.deepEqual(answer.payment, {
    id: EXPECT.id,
    state: 'NEW',
    wmTranId: undefined,
    qr: 'https://qr.nspk.ru/AD1?type=02&sum=15050',
    expiresAt: Date.UTC(2026, 11, 3, 9, 3, 0),
    paidKopecks: undefined,
    updatedAt: undefined,
    reason: undefined,
  });
});

test('a PAID answer gives the paid amount to the kopeck and the WebMoney transaction', () => {
  const xml = answerXml('<state>PAID</state><amount>150.05</amount>', { attrs: ' wmtranid="987"' });

  const payment = decodeAnswer('QrState', xml, EXPECT).payment;

  assert.equal(payment?.state, 'PAID');
  assert.equal(payment?.paidKopecks, 15005);
  assert.equal(payment?.wmTranId, '987');
});

test('a REJECTED answer carries its reason', () => {
  const xml = answerXml('<state>REJECTED</state><reason>insufficient funds</reason>');

  assert.equal(decodeAnswer('QrState', xml, EXPECT).payment?.reason, 'insufficient funds');
});

test('a refusal gives retval and retdesc and needs no payment', () => {
  const xml =
    '<w3s.response><reqn>1796288400123</reqn><retval>-6</retval>' +
    '<retdesc>payment not found</retdesc></w3s.response>';

  assert.deepEqual(decodeAnswer('QrState', xml, EXPECT), {
    reqn: EXPECT.reqn,
    retval: -6,
    retdesc: 'payment not found',
  });
});

test('a refusal of an unreadable request may come without reqn', () => {
  const xml = '<w3s.response><reqn/><retval>-1</retval><retdesc>bad</retdesc></w3s.response>';

  assert.equal(decodeAnswer('QrState', xml, EXPECT).retval, -1);
});

test('answers that break the protocol are refused with what was wrong', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    [
      'QrState',
      'unknown state',
      answerXml('<state>SETTLED</state>'),
      /state "SETTLED" is not one of/,
    ],
    ['QrState', 'no state', answerXml('<amount>1</amount>'), /payment\/state is missing/],
    [
      'QrCreate',
      'create without qr',
      answerXml('<state>NEW</state><expires>20261203 12:03:00</expires>'),
      /payment\/qr is missing/,
    ],
    [
      'QrCreate',
      'create without expiry',
      answerXml('<state>NEW</state><qr>x</qr>'),
      /payment\/expires is missing/,
    ],
    [
      'QrState',
      'PAID without amount',
      answerXml('<state>PAID</state>'),
      /payment\/amount is missing/,
    ],
    [
      'QrState',
      'amount with 3 decimals',
      answerXml('<state>PAID</state><amount>1.005</amount>'),
      /payment\/amount/,
    ],
    [
      'QrState',
      'other reqn',
      answerXml('<state>NEW</state>', { reqn: '1' }),
      /reqn "1".*request had reqn 1796288400123/,
    ],
    ['QrState', 'success without reqn', answerXml('<state>NEW</state>', { reqn: '' }), /reqn ""/],
    [
      'QrState',
      'retval not a number',
      answerXml('<state>NEW</state>', { retval: 'ok' }),
      /retval "ok"/,
    ],
    [
      'QrState',
      'success without payment',
      '<w3s.response><reqn>1796288400123</reqn><retval>0</retval></w3s.response>',
      /payment is missing/,
    ],
    ['QrState', 'truncated', answerXml(CREATED).slice(0, 80), /malformed XML/],
    ['QrState', 'HTML', '<html><body>502 Bad Gateway</body></html>', /w3s\.response/],
  ];
  for (const [op, name, xml, message] of cases) {
    assert.throws(
      () => decodeAnswer(op as 'QrState', xml, EXPECT),
      { code: 'WIRE_FORMAT', message },
      name,
    );
  }
});

test('an answer about another payment is refused', () => {
  const xml = answerXml('<state>PAID</state><amount>1</amount>').replace(EXPECT.id, '555');

  assert.throws(() => decodeAnswer('QrState', xml, EXPECT), /for payment 555/);
});

test('what the mock writes, the client reads back unchanged', () => {
  const answer: GatewayAnswer = {
    reqn: EXPECT.reqn,
    retval: 0,
    retdesc: '',
    payment: {
      id: EXPECT.id,
      state: 'PAID',
      wmTranId: '1000000001',
      qr: 'weixin://wxpay/bizpayurl?pr=AbC1234',
      expiresAt: Date.UTC(2026, 11, 3, 9, 3, 0),
      paidKopecks: 100,
      updatedAt: Date.UTC(2026, 11, 3, 9, 1, 30),
      reason: undefined,
    },
  };

  assert.deepEqual(decodeAnswer('QrCancel', encodeAnswer(answer, WIRE), EXPECT), answer);
});

test('random bytes give a WireFormatError, never a crash or a success', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      try {
        decodeAnswer('QrState', text, EXPECT);
        return false;
      } catch (error) {
        return error instanceof WireFormatError;
      }
    }),
  );
});

test('mutilated real answers give a WireFormatError or a valid answer, nothing else', () => {
  const xml = answerXml('<state>PAID</state><amount>150.05</amount>');
  fc.assert(
    fc.property(fc.nat(xml.length), fc.nat(xml.length), fc.string({ maxLength: 5 }), (a, b, s) => {
      const mutated = xml.slice(0, Math.min(a, b)) + s + xml.slice(Math.max(a, b));
      try {
        const answer = decodeAnswer('QrState', mutated, EXPECT);
        assert.equal(answer.reqn, EXPECT.reqn);
      } catch (error) {
        if (!(error instanceof WireFormatError)) throw error;
      }
    }),
  );
});
