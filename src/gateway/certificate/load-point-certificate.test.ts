import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import util from 'node:util';
import { describe, it } from 'node:test';
import { TEST_POINT } from '../../../certs-test/make-certs';
import { buildCertificate, buildModernPfx, newRsaKeyPair } from '../../../certs-test/test-pki';
import { CERT_ERROR } from './certificate-error';
import { inspectPointCertificate } from './inspect-point-certificate';
import { loadPointCertificate } from './load-point-certificate';
import { certificateRefusal, useTestCertificates } from './testing';

const DAY = 86_400_000;

const fixture = useTestCertificates('wmqr-load-cert-');

function loadError(options: Parameters<typeof loadPointCertificate>[0]) {
  return certificateRefusal(loadPointCertificate(options));
}

function good(overrides: Partial<Parameters<typeof loadPointCertificate>[0]> = {}) {
  return {
    folder: fixture.certs.pointFolder,
    posNumber: TEST_POINT,
    password: fixture.certs.password,
    ...overrides,
  };
}

describe('loadPointCertificate with a good certificate', () => {
  it('returns the pfx, its password and the certificate facts', async () => {
    const cert = await loadPointCertificate(good());

    assert.equal(cert.subjectCN, TEST_POINT);
    assert.match(cert.issuerCN, /TEST-ONLY CA/);
    assert.equal(cert.file, path.join(fixture.certs.pointFolder, `${TEST_POINT}.pfx`));
    assert.deepEqual(cert.pfx, fs.readFileSync(cert.file));
    assert.equal(cert.passphrase, fixture.certs.password);
    assert.ok(cert.notBefore.getTime() < Date.now() && Date.now() < cert.notAfter.getTime());
  });

  it('hides the password from util.inspect, JSON and object spread', async () => {
    const cert = await loadPointCertificate(good());

    assert.ok(!util.inspect(cert, { depth: 5 }).includes(fixture.certs.password));
    assert.ok(!JSON.stringify(cert).includes(fixture.certs.password));
    assert.ok(!JSON.stringify({ ...cert }).includes(fixture.certs.password));
    assert.ok(!util.inspect(cert).includes(cert.pfx.subarray(0, 8).toString('hex')));
  });

  it('works as the client identity of a real mutual-TLS handshake with the test CA', async () => {
    const cert = await loadPointCertificate(good());
    const server = tls.createServer({
      cert: fixture.certs.serverCertPem,
      key: fixture.certs.serverKeyPem,
      ca: fixture.certs.caCertPem,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const seenByServer = new Promise<string>((resolve) =>
      server.on('secureConnection', (socket) => {
        resolve(String(socket.getPeerCertificate().subject.CN));
        socket.end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };

    try {
      const client = tls.connect({
        host: '127.0.0.1',
        port,
        pfx: cert.pfx,
        passphrase: cert.passphrase,
        ca: fixture.certs.caCertPem,
      });
      await new Promise<void>((resolve, reject) => {
        client.once('secureConnect', resolve);
        client.once('error', reject);
      });
      assert.equal(client.authorized, true, String(client.authorizationError));
      assert.equal(await seenByServer, TEST_POINT);
      client.destroy();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('loadPointCertificate refuses with a specific code', () => {
  const cases: [string, () => string, string][] = [
    ['an expired certificate', () => fixture.certs.bad.expired, CERT_ERROR.EXPIRED],
    ['a certificate not yet valid', () => fixture.certs.bad.notYetValid, CERT_ERROR.NOT_YET_VALID],
    ['a CN other than the POS number', () => fixture.certs.bad.wrongCn, CERT_ERROR.CN_MISMATCH],
    ['legacy RC2 encryption', () => fixture.certs.bad.legacyRc2, CERT_ERROR.LEGACY_ENCRYPTION],
    ['a pfx without a private key', () => fixture.certs.bad.noKey, CERT_ERROR.NO_KEY],
  ];
  for (const [what, folder, code] of cases) {
    it(`${code} for ${what}`, async () => {
      const error = await loadError(good({ folder: folder() }));

      assert.equal(error.code, code);
      assert.equal(error.details.file, path.join(folder(), `${TEST_POINT}.pfx`));
    });
  }

  it('CERT_EXPIRED and CERT_NOT_YET_VALID carry the dates', async () => {
    const cert = await loadPointCertificate(good());
    const late = await loadError(good({ now: cert.notAfter.getTime() + DAY }));
    const early = await loadError(good({ now: cert.notBefore.getTime() - DAY }));

    assert.equal(late.code, CERT_ERROR.EXPIRED);
    assert.equal(late.details.notAfter, cert.notAfter.toISOString());
    assert.ok(late.message.includes(cert.notAfter.toISOString()));
    assert.equal(early.code, CERT_ERROR.NOT_YET_VALID);
    assert.ok(early.message.includes(cert.notBefore.toISOString()));
  });

  it('CERT_LEGACY_ENCRYPTION names the algorithm and the convert command', async () => {
    const error = await loadError(good({ folder: fixture.certs.bad.legacyRc2 }));

    assert.match(error.message, /RC2-40/);
    assert.match(error.message, /OpenSSL 3/);
    assert.match(error.message, /wmqr cert convert/);
  });

  it('CERT_BAD_PASSWORD for a wrong password, also on a legacy file', async () => {
    const modern = await loadError(good({ password: 'not the password' }));
    const legacy = await loadError(good({ folder: fixture.certs.bad.legacyRc2, password: 'nope' }));

    assert.equal(modern.code, CERT_ERROR.BAD_PASSWORD);
    assert.equal(legacy.code, CERT_ERROR.BAD_PASSWORD);
  });

  it('CERT_NOT_FOUND names the full path and the expected file name', async () => {
    const error = await loadError(good({ posNumber: '424242' }));

    assert.equal(error.code, CERT_ERROR.NOT_FOUND);
    assert.ok(error.message.includes(path.join(fixture.certs.pointFolder, '424242.pfx')));
    assert.ok(error.message.includes('<POS number>.pfx'));
    assert.ok(error.message.includes(`${TEST_POINT}.pfx`), 'lists the pfx files it did find');
  });

  it('CERT_NOT_FOUND says when the folder itself is missing', async () => {
    const missing = path.join(fixture.scratch, 'no-such-folder');
    const error = await loadError(good({ folder: missing }));

    assert.equal(error.code, CERT_ERROR.NOT_FOUND);
    assert.match(error.message, /does not exist/);
    assert.ok(error.message.includes(missing));
  });

  it('CERT_UNREADABLE for a file that is not a pfx', async () => {
    const folder = fs.mkdtempSync(path.join(fixture.scratch, 'garbage-'));
    fs.writeFileSync(path.join(folder, `${TEST_POINT}.pfx`), '-----BEGIN CERTIFICATE-----\n');

    const error = await loadError(good({ folder }));

    assert.equal(error.code, CERT_ERROR.UNREADABLE);
    assert.match(error.message, /PKCS#12/);
  });

  it('CERT_KEY_MISMATCH when the key belongs to another certificate', async () => {
    const folder = fs.mkdtempSync(path.join(fixture.scratch, 'mismatch-'));
    const [owner, stranger] = await Promise.all([newRsaKeyPair(), newRsaKeyPair()]);
    const now = Date.now();
    const cert = buildCertificate({
      role: 'client',
      commonName: TEST_POINT,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 30 * DAY),
      publicKey: owner.publicKey,
      selfKey: owner.privateKey,
    });
    const pfx = buildModernPfx({
      key: stranger.privateKey,
      chain: [cert],
      password: fixture.certs.password,
      friendlyName: TEST_POINT,
    });
    fs.writeFileSync(path.join(folder, `${TEST_POINT}.pfx`), pfx);

    const error = await loadError(good({ folder }));

    assert.equal(error.code, CERT_ERROR.KEY_MISMATCH);
  });
});

describe('inspectPointCertificate', () => {
  it('reports every fact of a good certificate and no problem', async () => {
    const report = await inspectPointCertificate(good());

    assert.deepEqual(report.problems, []);
    assert.equal(report.hasPrivateKey, true);
    assert.equal(report.keyMatchesCertificate, true);
    assert.equal(report.cnMatchesPosNumber, true);
    assert.equal(report.acceptedByTls, true);
    assert.ok(
      report.encryption.some((a) => a.protects === 'private key' && /AES-256/.test(a.name)),
    );
    assert.ok(report.daysLeft > 30);
    assert.equal(report.expiresSoon, false);
    assert.match(report.chain[0]?.subject ?? '', /TEST-ONLY CA/);
  });

  it('marks a certificate that ends within 30 days as expiring soon', async () => {
    const cert = await loadPointCertificate(good());
    const report = await inspectPointCertificate(good({ now: cert.notAfter.getTime() - 10 * DAY }));

    assert.equal(report.expiresSoon, true);
    assert.equal(report.daysLeft, 10);
    assert.deepEqual(report.problems, []);
  });

  it('still shows a legacy file and collects every problem at once', async () => {
    const cert = await loadPointCertificate(good());
    const report = await inspectPointCertificate(
      good({
        folder: fixture.certs.bad.legacyRc2,
        posNumber: TEST_POINT,
        now: cert.notAfter.getTime() + 400 * DAY,
      }),
    );

    assert.equal(report.subjectCN, TEST_POINT);
    assert.equal(report.acceptedByTls, false);
    assert.deepEqual(
      report.problems.map((p) => p.code),
      [CERT_ERROR.LEGACY_ENCRYPTION, CERT_ERROR.EXPIRED],
    );
  });
});

describe('the certificate password never leaks', () => {
  it('appears in no error message, detail or cause of any refusal', async () => {
    const secret = 'Sup3r-Secret-Passw0rd';
    const folders = [
      fixture.certs.pointFolder,
      ...Object.values(fixture.certs.bad),
      path.join(fixture.scratch, 'none'),
    ];
    const texts: string[] = [];

    for (const folder of folders) {
      for (const password of [secret, fixture.certs.password]) {
        try {
          const report = await inspectPointCertificate({ folder, posNumber: TEST_POINT, password });
          for (const p of report.problems) texts.push(describeError(p));
          texts.push(util.inspect(report, { depth: 6 }));
        } catch (error) {
          texts.push(describeError(error));
        }
      }
    }

    assert.ok(texts.length >= folders.length * 2);
    for (const text of texts) {
      assert.ok(!text.includes(secret), `leaked in: ${text.slice(0, 200)}`);
      assert.ok(!text.includes(fixture.certs.password), `leaked in: ${text.slice(0, 200)}`);
    }
  });
});

function describeError(error: unknown): string {
  const e = error as Error & { details?: unknown; cause?: unknown };
  return [e.message, JSON.stringify(e.details), util.inspect(e, { depth: 6 })].join('\n');
}
