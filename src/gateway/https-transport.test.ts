/**
 * The transport over real TLS on 127.0.0.1 with small local servers: the gateway's
 * certificate is verified, and the keep-alive agent reuses its connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { TEST_AGENT, TEST_AGENT_KEY, TEST_POINT } from '../../certs-test/make-certs';
import { buildCertificate, newRsaKeyPair } from '../../certs-test/test-pki';
import { useTestCertificates } from './certificate/testing';
import { GatewayError } from './gateway-error';
import { HttpsTransport } from './https-transport';
import { networkError } from './network-errors';
import { WebMoneyGatewayClient } from './webmoney-gateway-client';

const fixture = useTestCertificates('wmqr-transport-', { pointCertificate: true });

async function listen(
  t: { after(fn: () => Promise<void>): void },
  tls: https.ServerOptions,
  onRequest: (req: unknown, res: import('node:http').ServerResponse) => void,
) {
  const server = https.createServer(tls, onRequest);
  let connections = 0;
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, connections: () => connections };
}

/** A server certificate that no configured CA signed. */
async function selfSignedServer() {
  const key = await newRsaKeyPair();
  const now = Date.now();
  const cert = buildCertificate({
    role: 'server',
    commonName: 'localhost',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
    publicKey: key.publicKey,
    selfKey: key.privateKey,
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  return { key: forge.pki.privateKeyToPem(key.privateKey), cert: forge.pki.certificateToPem(cert) };
}

function clientFor(url: string, caPem?: string) {
  return new WebMoneyGatewayClient({
    baseUrl: url,
    agent: TEST_AGENT,
    point: TEST_POINT,
    agentKey: TEST_AGENT_KEY,
    certificate: fixture.certificate,
    caPem,
    stateDir: fixture.scratch,
  });
}

test(
  'a gateway certificate not signed by the configured CA is refused, ' + 'nothing is sent',
  async (t) => {
    let requests = 0;
    const server = await listen(t, await selfSignedServer(), (_req, res) => {
      requests++;
      res.end();
    });

    for (const caPem of [fixture.certs.caCertPem, undefined]) {
      const client = clientFor(server.url, caPem);
      const error = await client
        .getState('1', { deadline: Date.now() + 10_000 })
        .catch((e: GatewayError) => e);
      client.close();

      assert.ok(error instanceof GatewayError);
      assert.equal(error.code, 'GATEWAY_TLS', `caPem ${caPem ? 'set' : 'unset'}`);
      assert.equal(error.retryable, false);
    }
    assert.equal(requests, 0);
  },
);

test('the keep-alive agent sends several requests over one TLS connection', async (t) => {
  const server = await listen(
    t,
    {
      key: fixture.certs.serverKeyPem,
      cert: fixture.certs.serverCertPem,
      ca: fixture.certs.caCertPem,
      requestCert: true,
    },
    (_req, res) => res.end('ok'),
  );
  const transport = new HttpsTransport({
    certificate: fixture.certificate,
    caPem: fixture.certs.caCertPem,
  });
  t.after(() => transport.close());

  for (let i = 0; i < 3; i++) {
    const answer = await transport.post(
      new URL(`${server.url}/QrState`),
      '<x/>',
      new AbortController().signal,
    );
    assert.equal(answer.status, 200);
  }

  assert.equal(server.connections(), 1);
});

test('a refused connection is a retryable GATEWAY_CONNECTION', async () => {
  const transport = new HttpsTransport({
    certificate: fixture.certificate,
    caPem: fixture.certs.caCertPem,
  });
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const url = 'https://127.0.0.1:1/QrState';

  const raw = await transport
    .post(new URL(url), '<x/>', new AbortController().signal)
    .catch((e) => e);
  transport.close();
  const error = networkError(raw, { operation: 'QrState', paymentId: '1', url });

  assert.equal(error.code, 'GATEWAY_CONNECTION');
  assert.equal(error.retryable, true);
  assert.equal(error.details.networkCode, 'ECONNREFUSED');
});

test('an unknown host name is not retried and says to check the URL', () => {
  const raw = Object.assign(new Error('getaddrinfo ENOTFOUND gw.invalid'), { code: 'ENOTFOUND' });

  const error = networkError(raw, {
    operation: 'QrCreate',
    paymentId: '1',
    url: 'https://gw.invalid',
  });

  assert.equal(error.retryable, false);
  assert.match(error.message, /check the gateway URL/);
});
