import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { describe, it } from 'node:test';
import {
  opensslExtractKey,
  opensslReadsPfx,
  type OpensslIdentity,
} from '../../../../certs-test/openssl-pfx';
import { useOpensslIdentities } from '../testing/openssl-identities';
import { parseElement } from './der';
import { OID } from './password-based-encryption';
import { decryptPkcs12, readPkcs12Algorithms } from './read-pkcs12';
import { MODERN_PROTECTION, writePkcs12, type Pkcs12Input } from './write-pkcs12';

const PASSWORD = 'correct horse 7';
const NON_ASCII_PASSWORD = 'пароль-Ünï 🔑';

const pkcs8 = (key: crypto.KeyObject) => key.export({ type: 'pkcs8', format: 'der' });
const sha1Hex = (bytes: Buffer) => crypto.createHash('sha1').update(bytes).digest('hex');

/** The identity as a writer input: its certificate and key paired by a localKeyId. */
function inputFor(identity: OpensslIdentity, friendlyName?: string): Pkcs12Input {
  const localKeyId = sha1Hex(identity.certificate.raw);
  const names = friendlyName !== undefined ? { friendlyName } : {};
  return {
    certificates: [{ der: identity.certificate.raw, localKeyId, ...names }],
    keys: [{ pkcs8Der: pkcs8(identity.key), localKeyId, ...names }],
  };
}

describe('writePkcs12', () => {
  const pki = useOpensslIdentities('wmqr-write-pkcs12-', {
    rsa: { keyType: 'rsa', commonName: 'Точка RSA' },
    ec: { keyType: 'ec', commonName: 'Точка EC' },
    ca: { keyType: 'ec', commonName: 'Test CA' },
  });
  let fileCount = 0;

  const save = (pfx: Buffer): string => {
    const file = path.join(pki.dir, `written-${++fileCount}.pfx`);
    fs.writeFileSync(file, pfx);
    return file;
  };

  it("writes RSA and EC files Node's TLS opens with the password, and only with it", () => {
    for (const identity of [pki.rsa, pki.ec]) {
      for (const password of [PASSWORD, NON_ASCII_PASSWORD, '']) {
        const pfx = writePkcs12(inputFor(identity), password);

        const context = tls.createSecureContext({ pfx, passphrase: password });

        assert.ok(context, `${identity.keyType}, ${JSON.stringify(password)}`);
        assert.throws(() => tls.createSecureContext({ pfx, passphrase: 'wrong' }));
      }
    }
  });

  it('writes files the openssl command opens: MAC, certificates and key', () => {
    for (const identity of [pki.rsa, pki.ec]) {
      for (const password of [PASSWORD, NON_ASCII_PASSWORD]) {
        const file = save(writePkcs12(inputFor(identity, 'Точка №1'), password));

        const info = opensslReadsPfx(file, password);
        const key = opensslExtractKey(file, password);

        assert.match(info, /MAC: sha256, Iteration 2048/);
        assert.match(info, /Encrypted data: PBES2, PBKDF2, AES-256-CBC, .*hmacWithSHA256/);
        assert.match(info, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, .*hmacWithSHA256/);
        assert.ok(info.includes(identity.certificate.toString().trim()));
        assert.deepEqual(pkcs8(key), pkcs8(identity.key));
        assert.throws(() => opensslReadsPfx(file, 'wrong'), /Mac verify error/);
      }
    }
  });

  it('writes a SHA-1 or SHA-512 MAC when asked to, which the openssl command verifies', () => {
    for (const digest of ['sha1', 'sha512'] as const) {
      const protection = { ...MODERN_PROTECTION, mac: { digest, iterations: 1000 } };
      const file = save(writePkcs12(inputFor(pki.ec), PASSWORD, protection));

      const info = opensslReadsPfx(file, PASSWORD);

      assert.match(info, new RegExp(`MAC: ${digest}, Iteration 1000`));
      assert.throws(() => opensslReadsPfx(file, 'wrong'), /Mac verify error/);
    }
  });

  it('reads back byte for byte: certificate, PKCS#8 key, localKeyId, Cyrillic friendlyName', () => {
    const input = inputFor(pki.rsa, 'Точка №1 — касса');

    const contents = decryptPkcs12(writePkcs12(input, NON_ASCII_PASSWORD), NON_ASCII_PASSWORD);

    assert.equal(contents.certificates.length, 1);
    assert.equal(contents.keys.length, 1);
    assert.deepEqual(contents.certificates[0]!.der, pki.rsa.certificate.raw);
    assert.equal(contents.certificates[0]!.localKeyId, input.certificates[0]!.localKeyId);
    assert.equal(contents.certificates[0]!.friendlyName, 'Точка №1 — касса');
    assert.deepEqual(contents.keys[0]!.pkcs8Der, input.keys[0]!.pkcs8Der);
    assert.deepEqual(pkcs8(contents.keys[0]!.key), pkcs8(pki.rsa.key));
    assert.equal(contents.keys[0]!.localKeyId, input.keys[0]!.localKeyId);
    assert.equal(contents.keys[0]!.friendlyName, 'Точка №1 — касса');
  });

  it('stores a certificate exactly as given, even one not in DER', () => {
    // The same certificate with its outer length in five bytes (30 84 xx xx xx xx): BER.
    const raw = pki.ec.certificate.raw;
    const body = parseElement(raw, 'test').content;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const ber = Buffer.concat([Buffer.from([0x30, 0x84]), length, body]);

    const contents = decryptPkcs12(
      writePkcs12({ certificates: [{ der: ber }], keys: [] }, PASSWORD),
      PASSWORD,
    );

    assert.notDeepEqual(ber, raw);
    assert.deepEqual(contents.certificates[0]!.der, ber);
  });

  it('keeps several keys and certificates in order, with their own labels', () => {
    const input: Pkcs12Input = {
      certificates: [
        { der: pki.ec.certificate.raw, localKeyId: '01', friendlyName: 'ec' },
        { der: pki.rsa.certificate.raw, localKeyId: '02', friendlyName: 'rsa' },
        { der: pki.ca.certificate.raw },
      ],
      keys: [
        { pkcs8Der: pkcs8(pki.ec.key), localKeyId: '01', friendlyName: 'ec' },
        { pkcs8Der: pkcs8(pki.rsa.key), localKeyId: '02', friendlyName: 'rsa' },
      ],
    };

    const contents = decryptPkcs12(writePkcs12(input, PASSWORD), PASSWORD);

    assert.deepEqual(
      contents.certificates.map(({ der, localKeyId, friendlyName }) => ({
        der,
        localKeyId,
        friendlyName,
      })),
      [
        { der: pki.ec.certificate.raw, localKeyId: '01', friendlyName: 'ec' },
        { der: pki.rsa.certificate.raw, localKeyId: '02', friendlyName: 'rsa' },
        { der: pki.ca.certificate.raw, localKeyId: undefined, friendlyName: undefined },
      ],
    );
    assert.deepEqual(
      contents.keys.map(({ pkcs8Der, localKeyId, friendlyName }) => ({
        pkcs8Der,
        localKeyId,
        friendlyName,
      })),
      input.keys,
    );
  });

  it('protects both parts with AES-256 and nothing legacy', () => {
    const input: Pkcs12Input = {
      certificates: [{ der: pki.ec.certificate.raw }],
      keys: [{ pkcs8Der: pkcs8(pki.ec.key) }, { pkcs8Der: pkcs8(pki.rsa.key) }],
    };

    const algorithms = readPkcs12Algorithms(writePkcs12(input, PASSWORD));

    const aes256 = { oid: OID.aes256Cbc, name: 'AES-256-CBC (PBES2)', legacy: false };
    assert.deepEqual(algorithms, [
      { protects: 'certificates', ...aes256 },
      { protects: 'private key', ...aes256 },
      { protects: 'private key', ...aes256 },
    ]);
  });

  it('writes the certificates as plain data when told not to encrypt them', () => {
    const protection = { ...MODERN_PROTECTION, encryptCertificates: null };

    const pfx = writePkcs12(inputFor(pki.ec), PASSWORD, protection);

    const aes256 = { oid: OID.aes256Cbc, name: 'AES-256-CBC (PBES2)', legacy: false };
    assert.deepEqual(readPkcs12Algorithms(pfx), [{ protects: 'private key', ...aes256 }]);
    assert.deepEqual(decryptPkcs12(pfx, PASSWORD).certificates[0]!.der, pki.ec.certificate.raw);
    assert.doesNotThrow(() => tls.createSecureContext({ pfx, passphrase: PASSWORD }));
  });
});
