import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { redactSignature, signText, signedString, verifySignature } from './signature';

const HEADER = { reqn: '1796288400000', wmid: '0', agent: '50001', point: '100200300', crsid: '0' };

test(
  'QrCreate signs reqn wmid agent point crsid id paytype amount currency date, ' + 'unseparated',
  () => {
    const values = {
      ...HEADER,
      id: '1796288400000000',
      paytype: 'sbp',
      amount: '150.5',
      currency: 'RUB',
      date: '20261203 12:00:00',
    };

    // reqn | wmid | agent | point | crsid | id | paytype | amount | currency | date
    const expected =
      '1796288400000|0|50001|100200300|0|1796288400000000|sbp|150.5|RUB|20261203 12:00:00';
    assert.equal(signedString('QrCreate', values), expected.replace(/\|/g, ''));
  },
);

test('QrState and QrCancel sign the header and the id only', () => {
  const values = { ...HEADER, id: '42', amount: 'ignored' };

  assert.equal(
    signedString('QrState', values),
    '1796288400000|0|50001|100200300|0|42'.replace(/\|/g, ''),
  );
  assert.equal(signedString('QrCancel', values), signedString('QrState', values));
});

test('a missing signed field is an error naming it', () => {
  assert.throws(() => signedString('QrState', { ...HEADER }), /QrState: id is missing/);
});

test('the signature is lowercase hex HMAC-SHA256 keyed with the agent key', () => {
  const expected = createHmac('sha256', 'k3y').update('abc').digest('hex');

  assert.equal(signText('k3y', 'abc'), expected);
  assert.match(signText('k3y', 'abc'), /^[0-9a-f]{64}$/);
  assert.notEqual(signText('other', 'abc'), expected);
});

test('verification accepts the right signature and refuses a changed one', () => {
  const sign = signText('k3y', 'text');

  assert.equal(verifySignature('k3y', 'text', sign), true);
  assert.equal(verifySignature('k3y', 'text2', sign), false);
  assert.equal(verifySignature('k3y', 'text', sign.toUpperCase()), false);
  assert.equal(verifySignature('k3y', 'text', 'abc'), false);
});

test('debug logs get the XML with the signature value blanked', () => {
  const xml = '<w3s.request><sign type="hmac-sha256">abcdef0123</sign></w3s.request>';

  assert.equal(
    redactSignature(xml),
    '<w3s.request><sign type="hmac-sha256">[redacted]</sign></w3s.request>',
  );
});
