import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import {
  ensureTestCertificates,
  RENEW_MARGIN_DAYS,
  TEST_PFX_PASSWORD,
  TEST_POINT,
  WRONG_CN,
  type TestCertificates,
} from './make-certs';
import { newRsaKeyPair } from './test-pki';
import { decryptPkcs12 } from '../src/gateway/certificate/pkcs12/read-pkcs12';

const DAY = 86_400_000;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-certs-'));
}

function pointPfx(certs: TestCertificates, point = TEST_POINT): Buffer {
  return fs.readFileSync(path.join(certs.pointFolder, `${point}.pfx`));
}

/** The point certificate inside a pfx, after checking that Node's TLS accepts the file. */
function pfxLeaf(pfx: Buffer, passphrase = TEST_PFX_PASSWORD): crypto.X509Certificate {
  tls.createSecureContext({ pfx, passphrase });
  const [first] = decryptPkcs12(pfx, passphrase).certificates;
  assert.ok(first, 'the pfx holds a certificate');
  return new crypto.X509Certificate(first.der);
}

/**
 * After the first, real generation, regenerations recycle a few keys: RSA key generation is
 * the only slow step, and what these tests check is which files get remade.
 */
function keyRecycler(count: number) {
  const pool = Array.from({ length: count }, () => newRsaKeyPair());
  let next = 0;
  return () => pool[next++ % count]!;
}

describe('ensureTestCertificates', () => {
  const dir = tempDir();
  let first: TestCertificates;
  const realNow = Date.now();
  const newKey = keyRecycler(3);
  const ensure = (options: Parameters<typeof ensureTestCertificates>[0] = {}) =>
    ensureTestCertificates({ dir, newKey, ...options });

  before(async () => {
    first = await ensureTestCertificates({ dir, now: realNow });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes a CA, a localhost server certificate and a point pfx Node TLS accepts', () => {
    const ca = new crypto.X509Certificate(first.caCertPem);
    const server = new crypto.X509Certificate(first.serverCertPem);
    const point = pfxLeaf(pointPfx(first));

    assert.equal(ca.ca, true);
    assert.ok(server.verify(ca.publicKey), 'server certificate signed by the test CA');
    assert.ok(point.verify(ca.publicKey), 'point certificate signed by the test CA');
    assert.match(server.subjectAltName ?? '', /DNS:localhost/);
    assert.match(server.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.match(point.subject, new RegExp(`^CN=${TEST_POINT}$`, 'm'));
    assert.match(point.subject, /TEST-ONLY/);
    assert.ok(server.checkPrivateKey(crypto.createPrivateKey(first.serverKeyPem)));
  });

  it('says TEST-ONLY in every key file and in the folder README', () => {
    assert.match(first.serverKeyPem, /TEST-ONLY/);
    assert.match(fs.readFileSync(path.join(dir, 'ca', 'test-ca.key.pem'), 'utf8'), /TEST-ONLY/);
    assert.match(fs.readFileSync(path.join(dir, 'README.txt'), 'utf8'), /TEST-ONLY/);
  });

  it('makes each bad certificate with its one defect', () => {
    const ca = new crypto.X509Certificate(first.caCertPem);
    const read = (folder: string) => fs.readFileSync(path.join(folder, `${TEST_POINT}.pfx`));

    const expired = pfxLeaf(read(first.bad.expired));
    const future = pfxLeaf(read(first.bad.notYetValid));
    const otherCa = pfxLeaf(read(first.bad.otherCa));
    const wrongCn = pfxLeaf(read(first.bad.wrongCn));

    assert.ok(Date.parse(expired.validTo) < realNow);
    assert.ok(Date.parse(future.validFrom) > realNow);
    assert.equal(otherCa.verify(ca.publicKey), false);
    assert.ok(otherCa.verify(new crypto.X509Certificate(first.otherCaCertPem).publicKey));
    assert.match(wrongCn.subject, new RegExp(`^CN=${WRONG_CN}$`, 'm'));
    assert.throws(
      () => tls.createSecureContext({ pfx: read(first.bad.legacyRc2), passphrase: first.password }),
      /unsupported/i,
    );
    assert.throws(
      () => tls.createSecureContext({ pfx: read(first.bad.noKey), passphrase: first.password }),
      /private key/i,
    );
  });

  it('reuses everything on the next call', async () => {
    const again = await ensure({ now: realNow + DAY });

    assert.equal(again.caCertPem, first.caCertPem);
    assert.equal(again.serverCertPem, first.serverCertPem);
    assert.deepEqual(pointPfx(again), pointPfx(first));
  });

  it('remakes a missing or damaged file and keeps the rest', async () => {
    fs.rmSync(path.join(first.pointFolder, `${TEST_POINT}.pfx`));
    fs.writeFileSync(first.serverKeyFile, 'damaged');

    const again = await ensure({ now: realNow });

    assert.equal(again.caCertPem, first.caCertPem);
    assert.ok(
      pfxLeaf(pointPfx(again)).verify(new crypto.X509Certificate(again.caCertPem).publicKey),
    );
    assert.notEqual(again.serverKeyPem, 'damaged');
    const server = new crypto.X509Certificate(again.serverCertPem);
    assert.ok(server.checkPrivateKey(crypto.createPrivateKey(again.serverKeyPem)));
  });

  it('makes pfx files for extra points and for another password', async () => {
    const again = await ensure({
      now: realNow,
      points: [TEST_POINT, '700800900'],
      password: 'another test password',
    });

    assert.match(
      pfxLeaf(pointPfx(again, '700800900'), 'another test password').subject,
      /CN=700800900/,
    );
    assert.ok(pfxLeaf(pointPfx(again), 'another test password'));
    assert.equal(again.caCertPem, first.caCertPem);
  });

  it('remakes point certificates close to expiry, keeping a CA that is still good', async () => {
    const before = await ensure({ now: realNow });
    const oldLeaf = pfxLeaf(pointPfx(before));
    const nearEnd = Date.parse(oldLeaf.validTo) - (RENEW_MARGIN_DAYS - 1) * DAY;

    const later = await ensure({ now: nearEnd });

    const newLeaf = pfxLeaf(pointPfx(later));
    assert.equal(later.caCertPem, before.caCertPem);
    assert.notEqual(newLeaf.serialNumber, oldLeaf.serialNumber);
    assert.ok(Date.parse(newLeaf.validTo) - nearEnd > RENEW_MARGIN_DAYS * DAY);
  });

  it('remakes everything when the CA has expired, with validity from `now`', async () => {
    const farFuture = realNow + 20 * 365 * DAY;

    const later = await ensure({ now: farFuture });

    const ca = new crypto.X509Certificate(later.caCertPem);
    const point = pfxLeaf(pointPfx(later));
    const expired = pfxLeaf(fs.readFileSync(path.join(later.bad.expired, `${TEST_POINT}.pfx`)));
    assert.notEqual(later.caCertPem, first.caCertPem);
    assert.ok(Date.parse(ca.validFrom) <= farFuture && Date.parse(ca.validTo) > farFuture);
    assert.ok(point.verify(ca.publicKey), 'leaf re-signed by the new CA');
    assert.ok(Date.parse(expired.validTo) < farFuture);
  });
});

describe('ensureTestCertificates from several callers at once', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates once and gives every caller the same consistent set', async () => {
    const recycle = keyRecycler(2);
    let keysMade = 0;
    const newKey = () => (keysMade++, recycle());

    const results = await Promise.all([1, 2, 3].map(() => ensureTestCertificates({ dir, newKey })));

    const [a, b, c] = results;
    assert.equal(a!.caCertPem, b!.caCertPem);
    assert.equal(b!.caCertPem, c!.caCertPem);
    const ca = new crypto.X509Certificate(a!.caCertPem);
    assert.ok(pfxLeaf(pointPfx(c!)).verify(ca.publicKey));
    assert.equal(keysMade, 5, 'one generation: CA, other CA, server, point, bad');
    assert.equal(fs.existsSync(path.join(dir, '.lock')), false, 'lock released');
    assert.deepEqual(
      fs.readdirSync(path.join(dir, 'points')).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('refuses a point that cannot be a file name', async () => {
    await assert.rejects(ensureTestCertificates({ dir, points: ['../x'] }), /file name/);
  });
});
