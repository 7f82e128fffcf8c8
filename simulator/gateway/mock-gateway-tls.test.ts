/**
 * The client and the mock gateway over real mutual TLS on 127.0.0.1: every rule the gateway
 * enforces, seen from the client. One mock for the whole file; each test makes its own client.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import { VirtualClock, systemClock } from '../../src/core/clock';
import path from 'node:path';
import { TEST_AGENT, TEST_AGENT_KEY, TEST_POINT, WRONG_CN } from '../../certs-test/make-certs';
import { loadPointCertificate } from '../../src/gateway/certificate';
import { useTestCertificates } from '../../src/gateway/certificate/testing';
import { rejection } from '../../src/gateway/testing';
import { WebMoneyGatewayClient, type WebMoneyGatewayClientOptions } from '../../src/gateway';
import { decodeAnswer, encodeRequest, type GatewayRequest } from '../../src/gateway/wire';
import type { MockGateway } from './mock-gateway';
import { startTestPointGateway } from './test-point-gateway';

const WIRE = { timeZone: 'Europe/Moscow' };
const SALE = {
  paySystem: 'sbp' as const,
  amountKopecks: 15050,
  description: 'TLS',
  ttlSeconds: 180,
};

const fixture = useTestCertificates('wmqr-tls-', { pointCertificate: true });
let gateway: MockGateway;
const clients: WebMoneyGatewayClient[] = [];

before(async () => {
  await fixture.ready();
  ({ gateway } = await startTestPointGateway({ certificates: fixture.certs }));
});

after(async () => {
  for (const client of clients) client.close();
  await gateway.close();
});

/** A client of the test point; one at a time shares stateDir, so reqn keeps increasing. */
function newClient(overrides: Partial<WebMoneyGatewayClientOptions> = {}) {
  for (const old of clients.splice(0)) old.close();
  const client = new WebMoneyGatewayClient({
    baseUrl: gateway.url,
    agent: TEST_AGENT,
    point: TEST_POINT,
    agentKey: TEST_AGENT_KEY,
    certificate: fixture.certificate,
    caPem: fixture.certs.caCertPem,
    stateDir: fixture.scratch,
    retryDelayMs: 10,
    ...overrides,
  });
  clients.push(client);
  return client;
}

/** Ten seconds of real time: generous for a loaded machine, never waited out normally. */
const soon = () => ({ deadline: Date.now() + 10_000 });

/** The raw pfx of a deliberately bad certificate, bypassing loadPointCertificate's checks. */
function rawPfx(folder: string) {
  return {
    pfx: fs.readFileSync(path.join(folder, `${TEST_POINT}.pfx`)),
    passphrase: fixture.certs.password,
  };
}

/** POSTs a request built by hand, with or without a client certificate. */
function rawPost(op: string, body: string, tls: { pfx?: Buffer; passphrase?: string } = {}) {
  return new Promise<string>((resolve, reject) => {
    const request = https.request(`${gateway.url}/${op}`, {
      method: 'POST',
      ca: fixture.certs.caCertPem,
      ...tls,
      agent: false,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    request.end(body);
  });
}

function stateRequest(reqn: string, id: string): GatewayRequest {
  return {
    op: 'QrState',
    header: { reqn, wmid: '0', agent: TEST_AGENT, point: TEST_POINT, crsId: '0' },
    payment: { id },
  };
}

test(
  'a whole payment: QR, the customer pays, ' + 'the state is PAID with the exact amount',
  async () => {
    const client = newClient();
    const id = await client.newPaymentId();

    const created = await client.createQr({ id, ...SALE }, soon());
    const waiting = await client.getState(id, soon());
    gateway.customer.pay(id);
    const paid = await client.getState(id, soon());

    assert.equal(created.state, 'NEW');
    assert.match(
      created.qr ?? '',
      new RegExp(
        String.raw`^https://qr\.nspk\.ru/AD[0-9A-Z]{30}\?type=02&bank=\d{12}` +
          String.raw`&sum=15050&cur=RUB&crc=[0-9A-F]{4}$`,
      ),
    );
    assert.equal(waiting.state, 'NEW');
    assert.equal(paid.state, 'PAID');
    assert.equal(paid.paidKopecks, 15050);
    assert.match(paid.wmTranId ?? '', /^\d+$/);
    assert.equal(gateway.requestsFor('QrCreate', id)[0].certificateCN, TEST_POINT);
  },
);

test('the same QrCreate twice gives the same QR and one payment', async () => {
  const client = newClient();
  const id = await client.newPaymentId();

  const first = await client.createQr({ id, ...SALE }, soon());
  const second = await client.createQr({ id, ...SALE }, soon());

  assert.equal(second.qr, first.qr);
  assert.equal(gateway.requestsFor('QrCreate', id).length, 2);
  assert.equal(gateway.payments().filter((p) => p.id === id).length, 1);
});

test('the same id with other data is refused (-5)', async () => {
  const client = newClient();
  const id = await client.newPaymentId();
  await client.createQr({ id, ...SALE }, soon());

  const error = await rejection(client.createQr({ id, ...SALE, amountKopecks: 15051 }, soon()));

  assert.equal(error.code, 'GATEWAY_ID_CONFLICT');
  assert.equal(error.retval, -5);
  assert.equal(gateway.payment(id)?.amountKopecks, 15050);
});

test('cancelling a payment that was paid first answers PAID', async () => {
  const client = newClient();
  const id = await client.newPaymentId();
  await client.createQr({ id, ...SALE }, soon());
  gateway.customer.pay(id);

  const final = await client.cancel(id, soon());

  assert.equal(final.state, 'PAID');
  assert.equal(final.paidKopecks, 15050);
});

test(
  'cancelling an unpaid payment answers ' + 'CANCELLED and the customer can no longer pay',
  async () => {
    const client = newClient();
    const id = await client.newPaymentId();
    await client.createQr({ id, ...SALE }, soon());

    const final = await client.cancel(id, soon());

    assert.equal(final.state, 'CANCELLED');
    assert.throws(() => gateway.customer.pay(id), { code: 'MOCK_NOT_PENDING' });
  },
);

test('a client without a certificate is refused (-2)', async () => {
  const before = gateway.requests.length;
  const body = encodeRequest(stateRequest('1', '1'), TEST_AGENT_KEY, WIRE);

  const answer = decodeAnswer('QrState', await rawPost('QrState', body), {
    reqn: '1',
    id: '1',
    ...WIRE,
  });

  assert.equal(answer.retval, -2);
  assert.match(answer.retdesc, /client certificate not accepted/);
  assert.equal(gateway.requests[before].answeredRetval, -2);
});

test('a certificate from another CA is refused', async () => {
  const client = newClient({ certificate: rawPfx(fixture.certs.bad.otherCa) });
  const id = await client.newPaymentId();

  const error = await rejection(client.getState(id, soon()));

  assert.equal(error.code, 'GATEWAY_SIGNATURE');
  assert.match(error.retdesc ?? '', /client certificate not accepted/);
});

test('a certificate whose CN is not the point is refused', async () => {
  const client = newClient({ certificate: rawPfx(fixture.certs.bad.wrongCn) });
  const id = await client.newPaymentId();

  const error = await rejection(client.getState(id, soon()));

  assert.equal(error.code, 'GATEWAY_SIGNATURE');
  assert.match(
    error.retdesc ?? '',
    new RegExp(`CN ${WRONG_CN} does not match point ${TEST_POINT}`),
  );
});

test('a wrong agent key is refused', async () => {
  const client = newClient({ agentKey: 'not-the-agent-key' });
  const id = await client.newPaymentId();

  const error = await rejection(client.createQr({ id, ...SALE }, soon()));

  assert.equal(error.code, 'GATEWAY_SIGNATURE');
  assert.match(error.retdesc ?? '', /signature does not match/);
  assert.equal(gateway.payment(id), undefined);
});

test('a replayed reqn is refused (-3)', async () => {
  const reqn = String(BigInt(gateway.lastReqnOf(TEST_POINT) ?? '0') + 1n);
  const body = encodeRequest(stateRequest(reqn, '1'), TEST_AGENT_KEY, WIRE);
  const tls = { pfx: fixture.certificate.pfx, passphrase: fixture.certificate.passphrase };
  const expect = { reqn, id: '1', ...WIRE };

  const first = decodeAnswer('QrState', await rawPost('QrState', body, tls), expect);
  const replay = decodeAnswer('QrState', await rawPost('QrState', body, tls), expect);

  assert.equal(first.retval, -6, 'the first is accepted (and finds no payment 1)');
  assert.equal(replay.retval, -3);
  assert.match(replay.retdesc, /not greater than the last one/);
});

test(
  'on a self-moving virtual clock, ' + 'with real time for request timeouts, calls go through',
  async (t) => {
    const clock = new VirtualClock();
    const stop = clock.autoAdvance();
    t.after(stop);
    const client = newClient({ clock, ioClock: systemClock });
    const id = await client.newPaymentId();

    const created = await client.createQr({ id, ...SALE }, { deadline: clock.now() + 60_000 });
    gateway.customer.pay(id);
    const paid = await client.getState(id, { deadline: clock.now() + 60_000 });

    assert.equal(created.state, 'NEW');
    assert.equal(paid.state, 'PAID');
    assert.equal(gateway.requestsFor('QrCreate', id).length, 1);
  },
);

test('expired and wrong-password certificates fail on loading, before any request', async () => {
  const before = gateway.requests.length;

  await assert.rejects(
    loadPointCertificate({
      folder: fixture.certs.bad.expired,
      posNumber: TEST_POINT,
      password: fixture.certs.password,
    }),
    { code: 'CERT_EXPIRED' },
  );
  await assert.rejects(
    loadPointCertificate({
      folder: fixture.certs.pointFolder,
      posNumber: TEST_POINT,
      password: 'wrong',
    }),
    { code: 'CERT_BAD_PASSWORD' },
  );
  assert.equal(gateway.requests.length, before);
});
