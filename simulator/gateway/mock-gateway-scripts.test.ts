/**
 * The mock gateway's scripts and controls over real TLS: scripted failures, slow answers,
 * expiry and the customer control over HTTP. The mock runs on a VirtualClock; the client on
 * the system clock with tiny retry delays (nothing here waits on real time).
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import path from 'node:path';
import iconv from 'iconv-lite';
import { VirtualClock, settle } from '../../src/core/clock';
import { TEST_AGENT, TEST_AGENT_KEY, TEST_POINT } from '../../certs-test/make-certs';
import { useTestCertificates } from '../../src/gateway/certificate/testing';
import { rejection, until } from '../../src/gateway/testing';
import { WebMoneyGatewayClient } from '../../src/gateway';
import { decodeAnswer, encodeRequest } from '../../src/gateway/wire';
import type { MockGateway } from './mock-gateway';
import { startTestPointGateway } from './test-point-gateway';

const WIRE = { timeZone: 'Europe/Moscow' };
const SALE = {
  paySystem: 'wm' as const,
  amountKopecks: 990,
  description: 'script',
  ttlSeconds: 120,
};

const fixture = useTestCertificates('wmqr-scripts-', { pointCertificate: true });
let clock: VirtualClock;
let gateway: MockGateway;
let client: WebMoneyGatewayClient;

before(async () => {
  await fixture.ready();
  clock = new VirtualClock();
  ({ gateway } = await startTestPointGateway({ certificates: fixture.certs, clock }));
  client = new WebMoneyGatewayClient({
    baseUrl: gateway.url,
    agent: TEST_AGENT,
    point: TEST_POINT,
    agentKey: TEST_AGENT_KEY,
    certificate: fixture.certificate,
    caPem: fixture.certs.caCertPem,
    stateDir: fixture.scratch,
    retryDelayMs: 1,
  });
});

after(async () => {
  client.close();
  await gateway.close();
});

beforeEach(() => gateway.clearRequests());

const soon = () => ({ deadline: Date.now() + 10_000 });

function customerHttp(method: string, route: string, body?: string) {
  return new Promise<{ status: number; json: Record<string, any> }>((resolve, reject) => {
    const request = https.request(`${gateway.url}/customer/${route}`, {
      method,
      ca: fixture.certs.caCertPem,
      agent: false,
      headers: body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString()),
        }),
      );
    });
    request.end(body);
  });
}

for (const kind of ['http-500', 'retval-100', 'reset', 'malformed-xml'] as const) {
  test(`${kind} twice: the client retries the same QrCreate and gets its QR`, async () => {
    gateway.scriptNext({ fail: { kind, times: 2, ops: ['QrCreate'] } });
    const id = await client.newPaymentId();

    const payment = await client.createQr({ id, ...SALE }, soon());

    const creates = gateway.requestsFor('QrCreate', id);
    assert.equal(payment.state, 'NEW');
    assert.deepEqual(
      creates.map((r) => r.failure),
      [kind, kind, undefined],
    );
    assert.equal(creates[2].answeredRetval, 0);
  });
}

test(
  'an answer lost after the gateway acted: ' + 'the retry gets the same QR, one payment',
  async () => {
    gateway.scriptNext({ fail: { kind: 'reset', times: 1, ops: ['QrCreate'], when: 'after' } });
    const id = await client.newPaymentId();

    const payment = await client.createQr({ id, ...SALE }, soon());

    assert.equal(gateway.requestsFor('QrCreate', id).length, 2);
    assert.equal(payment.qr, gateway.payment(id)?.qr);
    assert.equal(gateway.payments().filter((p) => p.id === id).length, 1);
  },
);

test('a slow answer is held for slowMs on the mock clock', async () => {
  const id = await client.newPaymentId();
  await client.createQr({ id, ...SALE }, soon());
  gateway.script(id, { slowMs: 4_000, slowOps: ['QrState'] });
  let answered = false;

  const call = client.getState(id, soon()).finally(() => (answered = true));
  await until(() => gateway.requestsFor('QrState', id).length === 1, 'the poll');
  await settle(20);
  const heldBefore = !answered;
  await clock.advance(4_000);
  await call;

  const [poll] = gateway.requestsFor('QrState', id);
  assert.equal(heldBefore, true);
  assert.equal((poll.answeredAt ?? 0) - poll.at, 4_000);
});

test('a QR nobody pays expires at its ttl', async () => {
  const id = await client.newPaymentId();
  await client.createQr({ id, ...SALE, ttlSeconds: 30 }, soon());

  await clock.advance(29_000);
  const before = await client.getState(id, soon());
  await clock.advance(1_000);
  const after = await client.getState(id, soon());

  assert.equal(before.state, 'NEW');
  assert.equal(after.state, 'EXPIRED');
});

test('payAfterMs: paid on the mock clock without any poll', async () => {
  gateway.scriptNext({ payAfterMs: 15_000 });
  const id = await client.newPaymentId();
  await client.createQr({ id, ...SALE }, soon());

  await clock.advance(15_000);

  assert.equal(gateway.payment(id)?.state, 'PAID');
  assert.equal((await client.getState(id, soon())).paidKopecks, 990);
});

test('the customer control over HTTP lists, pays and rejects pending QRs', async () => {
  const paidId = await client.newPaymentId();
  const rejectedId = await client.newPaymentId();
  await client.createQr({ id: paidId, ...SALE }, soon());
  await client.createQr({ id: rejectedId, ...SALE }, soon());

  const pending = await customerHttp('GET', 'pending');
  const paid = await customerHttp('POST', 'pay', `id=${paidId}`);
  const rejected = await customerHttp('POST', 'reject', `id=${rejectedId}&reason=no+money`);
  const again = await customerHttp('POST', 'pay', `id=${paidId}`);
  const unknown = await customerHttp('POST', 'pay', 'id=42');

  const ids = pending.json.payments.map((p: { id: string }) => p.id);
  assert.ok(ids.includes(paidId) && ids.includes(rejectedId));
  assert.equal(paid.json.payment.state, 'PAID');
  assert.equal(rejected.json.payment.reason, 'no money');
  assert.equal((await client.getState(rejectedId, soon())).reason, 'no money');
  assert.equal(again.status, 409);
  assert.equal(unknown.status, 404);
});

test(
  'a payment system not enabled for the point is -7; ' + 'an amount over its limit is -8',
  async (t) => {
    gateway.updatePoint(TEST_POINT, { paySystems: ['sbp'], maxKopecks: 1000 });
    t.after(() =>
      gateway.updatePoint(TEST_POINT, { paySystems: undefined, maxKopecks: undefined }),
    );
    const id = await client.newPaymentId();

    const disabled = await rejection(client.createQr({ id, ...SALE }, soon()));
    const tooMuch = await rejection(
      client.createQr({ id, ...SALE, paySystem: 'sbp', amountKopecks: 1001 }, soon()),
    );

    assert.equal(disabled.code, 'GATEWAY_PAYSYSTEM_DISABLED');
    assert.equal(tooMuch.code, 'GATEWAY_AMOUNT_LIMITS');
    assert.equal(gateway.payment(id), undefined);
  },
);

test('an agent or point the gateway does not know is -4', async () => {
  const stranger = new WebMoneyGatewayClient({
    baseUrl: gateway.url,
    agent: '99999',
    point: TEST_POINT,
    agentKey: TEST_AGENT_KEY,
    certificate: fixture.certificate,
    caPem: fixture.certs.caCertPem,
    // Its own folder: `client` holds the point's state lock in fixture.scratch.
    stateDir: path.join(fixture.scratch, 'stranger'),
  });

  const error = await rejection(stranger.getState('1', soon()));
  stranger.close();

  assert.equal(error.code, 'GATEWAY_UNKNOWN_POINT');
  assert.equal(error.retval, -4);
});

test('an unknown payment id is -6 for QrState and QrCancel', async () => {
  await assert.rejects(client.getState('123456', soon()), {
    code: 'GATEWAY_NOT_FOUND',
    retval: -6,
  });
  await assert.rejects(client.cancel('123456', soon()), { code: 'GATEWAY_NOT_FOUND' });
});

test('a windows-1251 request that declares its encoding is accepted', async () => {
  const reqn = String(BigInt(gateway.lastReqnOf(TEST_POINT) ?? '0') + 1n);
  const id = '9000000000000001';
  const xml = encodeRequest(
    {
      op: 'QrCreate',
      header: { reqn, wmid: '0', agent: TEST_AGENT, point: TEST_POINT, crsId: '0' },
      payment: { id, ...SALE, currency: 'RUB', test: true, date: clock.now(), description: 'Чек' },
    },
    TEST_AGENT_KEY,
    WIRE,
  ).replace('encoding="utf-8"', 'encoding="windows-1251"');

  const text = await new Promise<string>((resolve, reject) => {
    const request = https.request(`${gateway.url}/QrCreate`, {
      method: 'POST',
      ca: fixture.certs.caCertPem,
      pfx: fixture.certificate.pfx,
      passphrase: fixture.certificate.passphrase,
      agent: false,
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    request.end(iconv.encode(xml, 'win1251'));
  });

  assert.equal(decodeAnswer('QrCreate', text, { reqn, id, ...WIRE }).retval, 0);
  assert.equal(gateway.payment(id)?.description, 'Чек');
});
