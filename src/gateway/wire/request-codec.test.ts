import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeRequest, encodeRequest, peekRequest, type GatewayRequest } from './request-codec';
import { signText, verifySignature } from './signature';
import { decodeXmlBody } from './xml-document';

const WIRE = { timeZone: 'Europe/Moscow' };
const KEY = 'unit-test-key';
const HEADER = { reqn: '1796288400000', wmid: '0', agent: '50001', point: '100200300', crsId: '0' };

const CREATE: GatewayRequest = {
  op: 'QrCreate',
  header: HEADER,
  payment: {
    id: '1796288400000000',
    paySystem: 'sbp',
    amountKopecks: 15050,
    currency: 'RUB',
    test: true,
    date: Date.UTC(2026, 11, 3, 9, 0, 0),
    description: 'Чек 12 & <ко>',
    ttlSeconds: 180,
  },
};

test('QrCreate is written as the documented XML, signed over its fields', () => {
  const xml = encodeRequest(CREATE, KEY, WIRE);

  const signed =
    '17962884000000' +
    '50001' +
    '100200300' +
    '0' +
    '1796288400000000' +
    'sbp' +
    '150.5' +
    'RUB' +
    '20261203 12:00:00';
  const expected = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<w3s.request>',
    '<reqn>1796288400000</reqn>',
    '<wmid>0</wmid>',
    '<agent>50001</agent>',
    '<point>100200300</point>',
    '<crsid>0</crsid>',
    `<sign type="hmac-sha256">${signText(KEY, signed)}</sign>`,
    '<payment id="1796288400000000" currency="RUB" test="1" paytype="sbp">',
    '<amount>150.5</amount>', // rubles, no trailing zero
    '<date>20261203 12:00:00</date>', // 09:00 UTC in Moscow time
    '<desc>Чек 12 &amp; &lt;ко&gt;</desc>',
    '<ttl>180</ttl>',
    '</payment>',
    '</w3s.request>',
  ].join('');
  assert.equal(xml, expected);
});

test('QrState and QrCancel carry only the payment id', () => {
  for (const op of ['QrState', 'QrCancel'] as const) {
    const xml = encodeRequest({ op, header: HEADER, payment: { id: '42' } }, KEY, WIRE);

    assert.match(xml, /<payment id="42"\/><\/w3s\.request>$/);
    assert.doesNotMatch(xml, /amount|paytype/);
  }
});

test('what the client writes, the gateway reads back field for field, signature valid', () => {
  const decoded = decodeRequest('QrCreate', encodeRequest(CREATE, KEY, WIRE), WIRE);

  assert.deepEqual(decoded.request, CREATE);
  assert.equal(decoded.signType, 'hmac-sha256');
  assert.equal(verifySignature(KEY, decoded.signedString, decoded.sign), true);
  assert.equal(verifySignature('another-key', decoded.signedString, decoded.sign), false);
});

test('a changed amount no longer matches the signature', () => {
  const xml = encodeRequest(CREATE, KEY, WIRE).replace('<amount>150.5<', '<amount>1.5<');

  const decoded = decodeRequest('QrCreate', xml, WIRE);

  assert.equal(verifySignature(KEY, decoded.signedString, decoded.sign), false);
});

test('reading refuses bad requests, naming the field', () => {
  const good = encodeRequest(CREATE, KEY, WIRE);
  const cases: Array<[string, string, RegExp]> = [
    ['no reqn', good.replace(/<reqn>\d+<\/reqn>/, ''), /reqn is missing/],
    ['16-digit reqn', good.replace('<reqn>1796288400000', '<reqn>1234567890123456'), /reqn/],
    ['unknown paytype', good.replace('paytype="sbp"', 'paytype="visa"'), /paytype "visa"/],
    ['other currency', good.replace('currency="RUB"', 'currency="USD"'), /currency/],
    ['comma amount', good.replace('150.5', '150,5'), /payment\/amount/],
    ['bad date', good.replace('20261203 12:00:00', '2026-12-03'), /payment\/date/],
    ['zero ttl', good.replace('<ttl>180', '<ttl>0'), /payment\/ttl/],
    ['id with a letter', good.replace('id="1796288400000000"', 'id="17x"'), /payment\/@id/],
    ['other sign type', good.replace('hmac-sha256', 'md5'), /sign\/@type/],
    ['two amounts', good.replace('<ttl>', '<amount>1</amount><ttl>'), /appears more than once/],
    ['unclosed tag', good.replace('</payment>', ''), /malformed XML/],
    [
      'a DTD',
      good.replace('<w3s.request>', '<!DOCTYPE x [<!ENTITY a "b">]><w3s.request>'),
      /DOCTYPE/,
    ],
    ['other root', good.replace(/w3s\.request/g, 'request'), /<w3s\.request> root/],
  ];
  for (const [name, xml, message] of cases) {
    assert.throws(
      () => decodeRequest('QrCreate', xml, WIRE),
      { code: 'WIRE_FORMAT', message },
      name,
    );
  }
});

test('writing refuses what the gateway would refuse, before anything is sent', () => {
  const bad = { ...CREATE, payment: { ...CREATE.payment, description: 'я'.repeat(256) } };

  assert.throws(() => encodeRequest(bad as GatewayRequest, KEY, WIRE), /desc is longer than 255/);
  assert.throws(
    () => encodeRequest({ ...CREATE, header: { ...HEADER, wmid: '123' } }, KEY, WIRE),
    /wmid/,
  );
});

test('a windows-1251 body that declares it is read like UTF-8', () => {
  const xml = encodeRequest(CREATE, KEY, WIRE).replace(
    'encoding="utf-8"',
    'encoding="windows-1251"',
  );
  const bytes = iconv.encode(xml, 'win1251');

  const text = decodeXmlBody(bytes);

  assert.equal(decodeRequest('QrCreate', text, WIRE).request.payment.id, CREATE.payment.id);
  assert.match(text, /Чек 12/);
});

test('an undeclared non-UTF-8 body is refused, not garbled', () => {
  assert.throws(() => decodeXmlBody(iconv.encode('<a>Чек</a>', 'win1251')), /not valid UTF-8/);
  assert.throws(() => decodeXmlBody(Buffer.from('<a/>'), 'text/xml; charset=koi8-r'), /koi8-r/);
});

test('peekRequest gets reqn and id out of a request that fails to decode', () => {
  const xml = encodeRequest(CREATE, KEY, WIRE).replace('paytype="sbp"', 'paytype="visa"');

  assert.deepEqual(peekRequest(xml), {
    reqn: '1796288400000',
    id: '1796288400000000',
    point: '100200300',
  });
  assert.deepEqual(peekRequest('not xml'), {});
});
