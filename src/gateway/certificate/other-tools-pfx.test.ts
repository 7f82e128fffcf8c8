/**
 * Point certificates as other tools write them (the openssl command, and legacy layouts with
 * several keys or unusual encodings): what `loadPointCertificate` says of them and what
 * `convertLegacyPfx` makes of them.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LEGACY_PROTECTION } from '../../../certs-test/legacy-pfx';
import { TEST_POINT } from '../../../certs-test/make-certs';
import {
  exportOpensslPfx,
  opensslReadsPfx,
  type OpensslIdentity,
} from '../../../certs-test/openssl-pfx';
import { CERT_ERROR } from './certificate-error';
import { convertLegacyPfx } from './convert-legacy-pfx';
import { inspectPointCertificate } from './inspect-point-certificate';
import { loadPointCertificate } from './load-point-certificate';
import { decryptPkcs12 } from './pkcs12/read-pkcs12';
import { writePkcs12, type Pkcs12Input } from './pkcs12/write-pkcs12';
import { certificateRefusal, useOpensslIdentities } from './testing';

const PASSWORD = 'test-only-password';
/** Cyrillic, Latin-1 and a character outside the BMP (a UTF-16 surrogate pair). */
const NON_ASCII_PASSWORD = 'пароль-Ünï-🔑';
const OTHER_POINT = '999000111';

const pki = useOpensslIdentities('wmqr-other-tools-', {
  point: { commonName: TEST_POINT },
  pointEc: { keyType: 'ec', commonName: TEST_POINT },
  otherPoint: { keyType: 'ec', commonName: OTHER_POINT },
});

/** A new folder holding `<TEST_POINT>.pfx` made by `openssl pkcs12 -export`. */
function opensslFolder(identity: OpensslIdentity, password: string, args: string[] = []) {
  const folder = fs.mkdtempSync(path.join(pki.dir, 'case-'));
  const file = exportOpensslPfx(identity, folder, TEST_POINT, { password, args });
  return { folder, file, original: fs.readFileSync(file) };
}

/** A new folder holding `<TEST_POINT>.pfx` in the legacy layout, written from parts. */
function legacyFolder(input: Pkcs12Input, password = PASSWORD) {
  const folder = fs.mkdtempSync(path.join(pki.dir, 'case-'));
  const file = path.join(folder, `${TEST_POINT}.pfx`);
  fs.writeFileSync(file, writePkcs12(input, password, LEGACY_PROTECTION));
  // OpenSSL, with its legacy provider, must read the file: it is a real legacy pfx.
  opensslReadsPfx(file, password, ['-legacy']);
  return { folder, file, original: fs.readFileSync(file) };
}

function pkcs8(identity: OpensslIdentity): Buffer {
  return identity.key.export({ type: 'pkcs8', format: 'der' });
}

describe('loadPointCertificate on files the openssl command made', () => {
  it('loads an OpenSSL 3 pfx whose password is not ASCII', async () => {
    const { folder } = opensslFolder(pki.point, NON_ASCII_PASSWORD);

    const cert = await loadPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: NON_ASCII_PASSWORD,
    });

    assert.equal(cert.subjectCN, TEST_POINT);
    assert.equal(cert.fingerprintSha256, pki.point.certificate.fingerprint256);
  });

  it('refuses the same file with the password typed in another case', async () => {
    const { folder } = opensslFolder(pki.point, NON_ASCII_PASSWORD);

    const error = await certificateRefusal(
      loadPointCertificate({
        folder,
        posNumber: TEST_POINT,
        password: NON_ASCII_PASSWORD.toUpperCase(),
      }),
    );

    assert.equal(error.code, CERT_ERROR.BAD_PASSWORD);
  });

  it('loads an EC point certificate', async () => {
    const { folder } = opensslFolder(pki.pointEc, PASSWORD);

    const report = await inspectPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: PASSWORD,
    });

    assert.deepEqual(report.problems, []);
    assert.equal(report.keyMatchesCertificate, true);
    assert.equal(report.fingerprintSha256, pki.pointEc.certificate.fingerprint256);
  });

  it('loads a layout only OpenSSL reads (Camellia), showing the certificate it presents', async () => {
    const args = ['-keypbe', 'CAMELLIA-256-CBC', '-certpbe', 'CAMELLIA-256-CBC'];
    const { folder } = opensslFolder(pki.point, PASSWORD, args);

    const report = await inspectPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: PASSWORD,
    });

    assert.equal(report.readThroughTls, true);
    assert.deepEqual(report.problems, []);
    assert.equal(report.subjectCN, TEST_POINT);
    assert.equal(report.fingerprintSha256, pki.point.certificate.fingerprint256);
    assert.equal(report.hasPrivateKey && report.keyMatchesCertificate, true);
  });

  it('reads a pfx with a wrong password as CERT_BAD_PASSWORD, also without a MAC', async () => {
    const { folder } = opensslFolder(pki.point, PASSWORD, ['-nomac']);

    const error = await certificateRefusal(
      loadPointCertificate({ folder, posNumber: TEST_POINT, password: 'not-the-password' }),
    );

    assert.equal(error.code, CERT_ERROR.BAD_PASSWORD);
  });

  it('points a pfx without a MAC, which OpenSSL refuses, to cert convert', async () => {
    const { folder } = opensslFolder(pki.point, PASSWORD, ['-nomac']);

    const report = await inspectPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: PASSWORD,
    });

    assert.equal(report.acceptedByTls, false);
    assert.deepEqual(
      report.problems.map((p) => p.code),
      [CERT_ERROR.UNREADABLE],
    );
    assert.match(report.problems[0]!.message, /wmqr cert convert --folder .* --pos 100200300/);
  });

  it('says an RC4 file needs the openssl tool, since cert convert cannot read RC4', async () => {
    const rc4 = ['-legacy', '-certpbe', 'PBE-SHA1-RC4-128', '-keypbe', 'PBE-SHA1-RC4-128'];
    const { folder } = opensslFolder(pki.point, PASSWORD, rc4);

    const error = await certificateRefusal(
      loadPointCertificate({ folder, posNumber: TEST_POINT, password: PASSWORD }),
    );

    assert.equal(error.code, CERT_ERROR.LEGACY_ENCRYPTION);
    assert.equal(error.details?.convertible, false);
    assert.match(error.message, /RC4/);
    assert.match(error.message, /docs\/certificates\.md/);
  });
});

describe('convertLegacyPfx on files other tools made', () => {
  it('converts an openssl -legacy file with an EC key, keeping the key', async () => {
    const { folder, file } = opensslFolder(pki.pointEc, PASSWORD, ['-legacy']);
    const before = await certificateRefusal(
      loadPointCertificate({ folder, posNumber: TEST_POINT, password: PASSWORD }),
    );

    const result = await convertLegacyPfx({ file, password: PASSWORD });

    assert.equal(before.code, CERT_ERROR.LEGACY_ENCRYPTION);
    assert.ok(result.converted);
    const loaded = await loadPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: PASSWORD,
    });
    assert.equal(loaded.fingerprintSha256, pki.pointEc.certificate.fingerprint256);
    const [key] = decryptPkcs12(fs.readFileSync(file), PASSWORD).keys;
    assert.equal(key?.key.asymmetricKeyType, 'ec');
    assert.deepEqual(key?.pkcs8Der, pkcs8(pki.pointEc));
  });

  it('converts a legacy file whose password is not ASCII, under the same password', async () => {
    const { folder, file } = opensslFolder(pki.point, NON_ASCII_PASSWORD, ['-legacy']);

    const result = await convertLegacyPfx({ file, password: NON_ASCII_PASSWORD });

    assert.ok(result.converted);
    const loaded = await loadPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: NON_ASCII_PASSWORD,
    });
    assert.equal(loaded.fingerprintSha256, pki.point.certificate.fingerprint256);
  });

  it("keeps the point's own key out of several, and every certificate", async () => {
    const orphanKey = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const { folder, file } = legacyFolder({
      keys: [
        { pkcs8Der: pkcs8(pki.otherPoint), localKeyId: '01' },
        { pkcs8Der: orphanKey.export({ type: 'pkcs8', format: 'der' }) },
        { pkcs8Der: pkcs8(pki.point), localKeyId: '02' },
      ],
      certificates: [
        { der: pki.otherPoint.certificate.raw, localKeyId: '01' },
        { der: pki.point.certificate.raw, localKeyId: '02', friendlyName: 'касса 1' },
      ],
    });

    const result = await convertLegacyPfx({ file, password: PASSWORD, posNumber: TEST_POINT });

    assert.ok(result.converted);
    assert.equal(result.subjectCN, TEST_POINT);
    assert.equal(result.droppedKeys, 2);
    const after = decryptPkcs12(fs.readFileSync(file), PASSWORD);
    assert.deepEqual(
      after.keys.map((k) => k.pkcs8Der),
      [pkcs8(pki.point)],
    );
    assert.deepEqual(
      after.certificates.map((c) => c.der),
      [pki.point.certificate.raw, pki.otherPoint.certificate.raw],
    );
    assert.equal(after.certificates[0]?.friendlyName, 'касса 1');
    assert.equal(after.certificates[0]?.localKeyId, after.keys[0]?.localKeyId);
    await loadPointCertificate({ folder, posNumber: TEST_POINT, password: PASSWORD });
  });

  it('refuses, changing nothing, when no identity in the file is the POS number', async () => {
    const { folder, file, original } = legacyFolder({
      keys: [{ pkcs8Der: pkcs8(pki.otherPoint) }, { pkcs8Der: pkcs8(pki.pointEc) }],
      certificates: [{ der: pki.otherPoint.certificate.raw }, { der: pki.pointEc.certificate.raw }],
    });

    const error = await certificateRefusal(
      convertLegacyPfx({ file, password: PASSWORD, posNumber: '123123123' }),
    );

    assert.equal(error.code, CERT_ERROR.CN_MISMATCH);
    assert.match(error.message, new RegExp(`CN=${OTHER_POINT}`));
    assert.deepEqual(fs.readFileSync(file), original);
    assert.deepEqual(fs.readdirSync(folder), [`${TEST_POINT}.pfx`]);
  });

  it('keeps each certificate byte for byte, also one not in strict DER', async () => {
    // The same certificate with its outer length in three bytes instead of two (BER): a
    // reader that re-encodes certificates would silently write the two-byte form.
    const strict = pki.otherPoint.certificate.raw;
    assert.equal(strict[1], 0x82);
    const loose = Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), strict.subarray(2)]);
    const { file } = legacyFolder({
      keys: [{ pkcs8Der: pkcs8(pki.point) }],
      certificates: [{ der: pki.point.certificate.raw }, { der: loose }],
    });

    await convertLegacyPfx({ file, password: PASSWORD });

    const after = decryptPkcs12(fs.readFileSync(file), PASSWORD);
    assert.deepEqual(after.certificates[1]?.der, loose);
  });

  it('re-writes a pfx without a MAC so that OpenSSL accepts it', async () => {
    const { folder, file } = opensslFolder(pki.point, PASSWORD, ['-nomac']);

    const result = await convertLegacyPfx({ file, password: PASSWORD });

    assert.ok(result.converted);
    const loaded = await loadPointCertificate({
      folder,
      posNumber: TEST_POINT,
      password: PASSWORD,
    });
    assert.equal(loaded.fingerprintSha256, pki.point.certificate.fingerprint256);
  });

  it('refuses RC4 with CERT_CONVERT_UNSUPPORTED and leaves the file alone', async () => {
    const rc4 = ['-legacy', '-certpbe', 'PBE-SHA1-RC4-128', '-keypbe', 'PBE-SHA1-RC4-128'];
    const { folder, file, original } = opensslFolder(pki.point, PASSWORD, rc4);

    const error = await certificateRefusal(convertLegacyPfx({ file, password: PASSWORD }));

    assert.equal(error.code, CERT_ERROR.CONVERT_UNSUPPORTED);
    assert.match(error.message, /RC4/);
    assert.deepEqual(fs.readFileSync(file), original);
    assert.deepEqual(fs.readdirSync(folder), [`${TEST_POINT}.pfx`]);
  });
});
