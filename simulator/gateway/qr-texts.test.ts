import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qrTextFor } from './qr-texts';

test('each payment system gets its real-world QR text format', () => {
  const sbpLink = new RegExp(
    String.raw`^https://qr\.nspk\.ru/AD[0-9A-Z]{30}\?type=02&bank=\d{12}` +
      String.raw`&sum=15050&cur=RUB&crc=[0-9A-F]{4}$`,
  );
  const guid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  const wmLink = new RegExp(
    String.raw`^https://merchant\.webmoney\.ru/lmi/payment\.asp\?gid=${guid}$`,
  );

  assert.match(qrTextFor('sbp', 'p:1', 15050), sbpLink);
  assert.match(qrTextFor('wm', 'p:1', 15050), wmLink);
  assert.match(
    qrTextFor('wechat', 'p:1', 15050),
    /^weixin:\/\/wxpay\/bizpayurl\?pr=[0-9A-Za-z]{7}$/,
  );
  assert.match(qrTextFor('alipay', 'p:1', 15050), /^https:\/\/qr\.alipay\.com\/bax0[0-9a-z]{20}$/);
});

test('the same payment always gets the same text; another payment another text', () => {
  for (const system of ['sbp', 'wm', 'wechat', 'alipay'] as const) {
    assert.equal(qrTextFor(system, 'p:1', 100), qrTextFor(system, 'p:1', 100));
    assert.notEqual(qrTextFor(system, 'p:1', 100), qrTextFor(system, 'p:2', 100));
  }
});

test("the SBP link's crc covers the rest of the link, so the sum cannot be altered", () => {
  const text = qrTextFor('sbp', 'p:1', 15050);
  const altered = qrTextFor('sbp', 'p:1', 15051);

  assert.notEqual(text.slice(-4), altered.slice(-4));
  assert.equal(
    text.replace(/&crc=.*$/, ''),
    altered.replace(/&crc=.*$/, '').replace('15051', '15050'),
  );
});
