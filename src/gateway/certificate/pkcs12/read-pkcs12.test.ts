import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import forge from 'node-forge';
import { buildLegacyRc2Pfx } from '../../../../certs-test/legacy-pfx';
import {
  exportOpensslPfx,
  type OpensslIdentity,
  type OpensslPfxOptions,
} from '../../../../certs-test/openssl-pfx';
import { useOpensslIdentities } from '../testing/openssl-identities';
import {
  childAt,
  childrenOf,
  der,
  encode,
  explicitContent,
  parseElement,
  readOctets,
  TAG_CLASS,
} from './der';
import { decrypt, OID, type Encrypted } from './password-based-encryption';
import { Pkcs12Error, type Pkcs12ErrorKind } from './pkcs12-error';
import {
  decryptPkcs12,
  PKCS12_OID,
  readPkcs12Algorithms,
  type AlgorithmUse,
  type Pkcs12Contents,
} from './read-pkcs12';
import { MODERN_PROTECTION, writePkcs12, type Pkcs12Protection } from './write-pkcs12';

const PASSWORD = 'correct horse 7';
const WRONG = 'wrong-Пароль-42';
const NON_ASCII = 'пароль-Ünï';

const AES_256 = { oid: OID.aes256Cbc, name: 'AES-256-CBC (PBES2)', legacy: false };
const RC2_40 = {
  oid: '1.2.840.113549.1.12.1.6',
  name: 'RC2-40 (pbeWithSHAAnd40BitRC2-CBC)',
  legacy: true,
};
const PKCS12_3DES = {
  oid: '1.2.840.113549.1.12.1.3',
  name: '3DES (pbeWithSHAAnd3-KeyTripleDES-CBC)',
  legacy: false,
};
const uses = (
  certificates: Omit<AlgorithmUse, 'protects'> | null,
  key: Omit<AlgorithmUse, 'protects'> | null,
): AlgorithmUse[] => [
  ...(certificates ? [{ protects: 'certificates' as const, ...certificates }] : []),
  ...(key ? [{ protects: 'private key' as const, ...key }] : []),
];

/** Checks the kind, and that no message down the cause chain holds the password. */
function assertKind(
  run: () => unknown,
  kind: Pkcs12ErrorKind,
  options: { password?: string; messageIncludes?: string } = {},
): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof Pkcs12Error, `expected a Pkcs12Error, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (options.messageIncludes !== undefined) {
      assert.ok(error.message.includes(options.messageIncludes), error.message);
    }
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
      if (options.password) assert.ok(!cause.message.includes(options.password), cause.message);
    }
    return true;
  });
}

const sha1Hex = (bytes: Buffer) => crypto.createHash('sha1').update(bytes).digest('hex');
const pkcs8 = (key: crypto.KeyObject) => key.export({ type: 'pkcs8', format: 'der' });

/** The identity's certificate byte for byte, its key, paired by OpenSSL's localKeyId. */
function assertHoldsIdentity(
  contents: Pkcs12Contents,
  identity: OpensslIdentity,
  friendlyName?: string,
): void {
  assert.equal(contents.keys.length, 1);
  const [certificate] = contents.certificates;
  const [key] = contents.keys;
  assert.deepEqual(certificate!.der, identity.certificate.raw);
  assert.deepEqual(pkcs8(key!.key), pkcs8(identity.key));
  assert.deepEqual(
    pkcs8(crypto.createPrivateKey({ key: key!.pkcs8Der, format: 'der', type: 'pkcs8' })),
    pkcs8(identity.key),
  );
  assert.ok(identity.certificate.checkPrivateKey(key!.key));
  // OpenSSL's localKeyId is the SHA-1 of the certificate.
  assert.equal(certificate!.localKeyId, sha1Hex(identity.certificate.raw));
  assert.equal(key!.localKeyId, certificate!.localKeyId);
  assert.equal(certificate!.friendlyName, friendlyName);
  assert.equal(key!.friendlyName, friendlyName);
}

/** A stand-in certificate: the reader keeps certificate bytes without parsing them. */
const FAKE_CERTIFICATE = der.sequence([
  der.octetString(Buffer.from('not a certificate: a fixed test payload')),
]);
const FIXED_SALT = Buffer.alloc(16, 0x5a);
const FIXED_IV = Buffer.alloc(16, 0xa5);
/**
 * FAKE_CERTIFICATE alone, written with protectionWithPartsUnder('right'), decrypts under this
 * wrong password with valid padding (found by trying wrong-0, wrong-1...; about 1 in 256 does).
 */
const LUCKY_WRONG = 'wrong-410';

function fixedPbes2(plaintext: Buffer, password: string): Encrypted {
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), FIXED_SALT, 1, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, FIXED_IV);
  const kdf = der.sequence([
    der.oid(OID.pbkdf2),
    der.sequence([
      der.octetString(FIXED_SALT),
      der.integer(1),
      der.sequence([der.oid(OID.hmacWithSHA256), der.null()]),
    ]),
  ]);
  const scheme = der.sequence([der.oid(OID.aes256Cbc), der.octetString(FIXED_IV)]);
  return {
    algorithm: der.sequence([der.oid(OID.pbes2), der.sequence([kdf, scheme])]),
    ciphertext: Buffer.concat([cipher.update(plaintext), cipher.final()]),
  };
}

/** Parts encrypted under `partsPassword`, whatever password the MAC is made with. */
function protectionWithPartsUnder(partsPassword: string): Pkcs12Protection {
  return {
    encryptCertificates: (plaintext) => fixedPbes2(plaintext, partsPassword),
    encryptKeys: (plaintext) => fixedPbes2(plaintext, partsPassword),
    mac: { digest: 'sha256', iterations: 1 },
  };
}

function withoutMac(pfx: Buffer): Buffer {
  const [version, authSafe] = childrenOf(parseElement(pfx, 'test'), 'test');
  return der.sequence([version!.whole, authSafe!.whole]);
}

/** The algorithm and ciphertext of the first part of the authSafe, an encryptedData. */
function firstEncryptedPart(pfx: Buffer) {
  const authSafe = childAt(parseElement(pfx, 'test'), 1, 'test');
  const content = readOctets(explicitContent(childAt(authSafe, 1, 'test'), 0, 'test'), 'test');
  const encryptedData = explicitContent(
    childAt(childAt(parseElement(content, 'test'), 0, 'test'), 1, 'test'),
    0,
    'test',
  );
  const encryptedContentInfo = childAt(encryptedData, 1, 'test');
  return {
    algorithm: childAt(encryptedContentInfo, 1, 'test'),
    ciphertext: readOctets(childAt(encryptedContentInfo, 2, 'test'), 'test', 0, TAG_CLASS.context),
  };
}

function dataInfo(content: Buffer): Buffer {
  return der.sequence([der.oid(PKCS12_OID.data), der.explicit(0, der.octetString(content))]);
}

function pfxOf(authSafeContent: Buffer, options: { version?: number; mac?: Buffer } = {}) {
  return der.sequence([
    der.integer(options.version ?? 3),
    dataInfo(authSafeContent),
    ...(options.mac ? [options.mac] : []),
  ]);
}

/** The DER header of an element of `length` content bytes. */
function header(tagByte: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tagByte, length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([tagByte, 0x80 | bytes.length, ...bytes]);
}

/** Safe contents holding a safe contents bag holding... `levels` deep, built in linear time. */
function nestedSafeContents(levels: number): Buffer {
  const bagType = der.oid(PKCS12_OID.safeContentsBag);
  const prefixes: Buffer[] = [];
  let inner = 2; // the innermost, empty, safe contents: 30 00
  for (let level = 0; level < levels; level++) {
    const explicitHeader = header(0xa0, inner);
    const bagLength = bagType.length + explicitHeader.length + inner;
    const bagHeader = header(0x30, bagLength);
    const contentsHeader = header(0x30, bagHeader.length + bagLength);
    prefixes.push(Buffer.concat([contentsHeader, bagHeader, bagType, explicitHeader]));
    inner = contentsHeader.length + bagHeader.length + bagLength;
  }
  return Buffer.concat([...prefixes.reverse(), Buffer.from([0x30, 0x00])]);
}

describe('readPkcs12Algorithms and decryptPkcs12', () => {
  const pki = useOpensslIdentities('wmqr-read-pkcs12-', {
    rsa: { keyType: 'rsa', commonName: 'Точка RSA' },
    ec: { keyType: 'ec', commonName: 'Точка EC' },
    ca: { keyType: 'ec', commonName: 'Test CA' },
  });
  let fileCount = 0;

  /** `openssl pkcs12 -export` of the identity, with PASSWORD unless told otherwise. */
  const opensslPfx = (
    identity: OpensslIdentity,
    options: Partial<OpensslPfxOptions> & { args?: string[] } = {},
  ): Buffer => {
    const name = `file-${++fileCount}`;
    const file = exportOpensslPfx(identity, pki.dir, name, { password: PASSWORD, ...options });
    return fs.readFileSync(file);
  };

  describe('files made by the openssl command', () => {
    it('opens an OpenSSL 3 default file: AES-256 certificates and key, SHA-256 MAC', () => {
      const pfx = opensslPfx(pki.rsa);

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.deepEqual(algorithms, uses(AES_256, AES_256));
      assert.equal(contents.certificates.length, 1);
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('opens an OpenSSL -legacy file: RC2-40 certificates, 3DES key, SHA-1 MAC', () => {
      const pfx = opensslPfx(pki.rsa, { args: ['-legacy'] });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.deepEqual(algorithms, uses(RC2_40, PKCS12_3DES));
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('opens an unencrypted file (-keypbe NONE -certpbe NONE): a plain key bag', () => {
      const pfx = opensslPfx(pki.rsa, { args: ['-keypbe', 'NONE', '-certpbe', 'NONE'] });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.deepEqual(algorithms, []);
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('finds only the key encrypted in a -nomac file: OpenSSL leaves its certificates plain', () => {
      // `openssl pkcs12 -info -nomacver` of such a file: "PKCS7 Data, Certificate bag, PKCS7
      // Data, Shrouded Keybag: PBES2 ... AES-256-CBC": -nomac also drops the cert encryption.
      const pfx = opensslPfx(pki.rsa, { args: ['-nomac'] });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.deepEqual(algorithms, uses(null, AES_256));
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('finds both algorithms in a -nomac file whose certificates are encrypted on request', () => {
      const pfx = opensslPfx(pki.rsa, { args: ['-nomac', '-certpbe', 'AES-256-CBC'] });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.deepEqual(algorithms, uses(AES_256, AES_256));
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('checks a SHA-1, SHA-256 or SHA-512 MAC with the matching PKCS#12 key derivation', () => {
      for (const digest of ['sha1', 'sha256', 'sha512']) {
        const pfx = opensslPfx(pki.ec, { args: ['-macalg', digest] });

        const contents = decryptPkcs12(pfx, PASSWORD);

        assertHoldsIdentity(contents, pki.ec);
        assertKind(() => decryptPkcs12(pfx, WRONG), 'wrong-password', { password: WRONG });
      }
    });

    it('opens a file without iteration counts (-noiter -nomaciter: MAC iterations DEFAULT 1)', () => {
      const pfx = opensslPfx(pki.ec, { args: ['-noiter', '-nomaciter'] });

      const macData = childAt(parseElement(pfx, 'test'), 2, 'test');
      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.equal(childrenOf(macData, 'test').length, 2, 'no iterations INTEGER');
      assertHoldsIdentity(contents, pki.ec);
    });

    it('opens PBES2 3DES (-keypbe DES-EDE3-CBC -certpbe DES-EDE3-CBC)', () => {
      const pfx = opensslPfx(pki.rsa, {
        args: ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC'],
      });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      const pbes2Des3 = {
        oid: '1.2.840.113549.3.7',
        name: '3DES (PBES2 des-ede3-cbc)',
        legacy: false,
      };
      assert.deepEqual(algorithms, uses(pbes2Des3, pbes2Des3));
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('opens PKCS#12 PBE 2-key 3DES certificates and a 3-key 3DES key', () => {
      const pfx = opensslPfx(pki.rsa, {
        args: ['-certpbe', 'PBE-SHA1-2DES', '-keypbe', 'PBE-SHA1-3DES'],
      });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      const twoKey = {
        oid: '1.2.840.113549.1.12.1.4',
        name: '2-key 3DES (pbeWithSHAAnd2-KeyTripleDES-CBC)',
        legacy: false,
      };
      assert.deepEqual(algorithms, uses(twoKey, PKCS12_3DES));
      assertHoldsIdentity(contents, pki.rsa);
    });

    it('opens an RC2-128 key (-legacy -keypbe PBE-SHA1-RC2-128)', () => {
      const pfx = opensslPfx(pki.ec, {
        args: ['-legacy', '-certpbe', 'NONE', '-keypbe', 'PBE-SHA1-RC2-128'],
      });

      const algorithms = readPkcs12Algorithms(pfx);
      const contents = decryptPkcs12(pfx, PASSWORD);

      const rc2 = {
        oid: '1.2.840.113549.1.12.1.5',
        name: 'RC2-128 (pbeWithSHAAnd128BitRC2-CBC)',
        legacy: true,
      };
      assert.deepEqual(algorithms, uses(null, rc2));
      assertHoldsIdentity(contents, pki.ec);
    });

    it("names RC4 certificates and refuses to open them as 'unsupported'", () => {
      const pfx = opensslPfx(pki.ec, { args: ['-legacy', '-certpbe', 'PBE-SHA1-RC4-128'] });

      const algorithms = readPkcs12Algorithms(pfx);

      const rc4 = {
        oid: '1.2.840.113549.1.12.1.1',
        name: 'RC4-128 (pbeWithSHAAnd128BitRC4)',
        legacy: true,
      };
      assert.deepEqual(algorithms, uses(rc4, PKCS12_3DES));
      assertKind(() => decryptPkcs12(pfx, PASSWORD), 'unsupported', {
        password: PASSWORD,
        messageIncludes: 'RC4',
      });
    });

    it('opens an EC key', () => {
      const pfx = opensslPfx(pki.ec);

      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.equal(contents.keys[0]!.key.asymmetricKeyType, 'ec');
      assertHoldsIdentity(contents, pki.ec);
    });

    it('returns a chain in file order, the extra CA certificate without a localKeyId', () => {
      const pfx = opensslPfx(pki.rsa, {
        extraCertificateFiles: [pki.ca.certificateFile],
        friendlyName: 'Точка №1 — касса',
      });

      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.equal(contents.certificates.length, 2);
      assertHoldsIdentity(contents, pki.rsa, 'Точка №1 — касса');
      assert.deepEqual(contents.certificates[1]!.der, pki.ca.certificate.raw);
      assert.equal(contents.certificates[1]!.localKeyId, undefined);
      assert.equal(contents.certificates[1]!.friendlyName, undefined);
    });

    it('opens files with non-ASCII passwords, emoji included, modern and -legacy', () => {
      for (const password of [NON_ASCII, 'ключ 🔑 key']) {
        for (const args of [[], ['-legacy']]) {
          const pfx = opensslPfx(pki.ec, { password, args });

          const contents = decryptPkcs12(pfx, password);

          assertHoldsIdentity(contents, pki.ec);
          assertKind(() => decryptPkcs12(pfx, PASSWORD), 'wrong-password');
        }
      }
    });

    it("opens an empty-password file (-passout pass:) with '', modern and -legacy", () => {
      for (const args of [[], ['-legacy']]) {
        const pfx = opensslPfx(pki.ec, { password: '', args });

        const contents = decryptPkcs12(pfx, '');

        assertHoldsIdentity(contents, pki.ec);
        assertKind(() => decryptPkcs12(pfx, WRONG), 'wrong-password', { password: WRONG });
      }
    });

    it("reports a wrong password as 'wrong-password', never naming it", () => {
      const layouts = [[], ['-legacy'], ['-keypbe', 'NONE', '-certpbe', 'NONE']];

      for (const args of layouts) {
        const pfx = opensslPfx(pki.rsa, { args });

        assertKind(() => decryptPkcs12(pfx, WRONG), 'wrong-password', { password: WRONG });
      }
    });

    it("reports a wrong password on -nomac files as 'wrong-password': a part fails to decrypt", () => {
      const layouts = [['-nomac'], ['-nomac', '-legacy'], ['-nomac', '-certpbe', 'AES-256-CBC']];

      for (const args of layouts) {
        const pfx = opensslPfx(pki.rsa, { args });

        assertKind(() => decryptPkcs12(pfx, WRONG), 'wrong-password', { password: WRONG });
      }
    });

    it('opens a file with neither MAC nor encryption with any password', () => {
      const pfx = opensslPfx(pki.ec, { args: ['-nomac', '-keypbe', 'NONE', '-certpbe', 'NONE'] });

      const contents = decryptPkcs12(pfx, WRONG);

      assertHoldsIdentity(contents, pki.ec);
    });

    it('opens a BER file: indefinite lengths and a chunked authSafe OCTET STRING', () => {
      const pfx = opensslPfx(pki.rsa, { friendlyName: 'ber' });
      const [version, authSafe, mac] = childrenOf(parseElement(pfx, 'test'), 'test');
      const content = readOctets(explicitContent(childAt(authSafe!, 1, 't'), 0, 't'), 't');
      const chunks: Buffer[] = [];
      for (let at = 0; at < content.length; at += 500) {
        chunks.push(encode(0x04, content.subarray(at, at + 500)));
      }
      const indefinite = (tagByte: number, ...children: Buffer[]) =>
        Buffer.concat([Buffer.from([tagByte, 0x80]), ...children, Buffer.alloc(2)]);
      const ber = indefinite(
        0x30,
        version!.whole,
        indefinite(
          0x30,
          childAt(authSafe!, 0, 't').whole,
          indefinite(0xa0, indefinite(0x24, ...chunks)),
        ),
        mac!.whole,
      );

      const algorithms = readPkcs12Algorithms(ber);
      const contents = decryptPkcs12(ber, PASSWORD);

      assert.ok(chunks.length > 2);
      assert.deepEqual(algorithms, uses(AES_256, AES_256));
      assertHoldsIdentity(contents, pki.rsa, 'ber');
    });
  });

  describe('files made by node-forge', () => {
    const forgeIdentity = (identity: OpensslIdentity) => ({
      key: forge.pki.privateKeyFromPem(
        identity.key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ) as forge.pki.rsa.PrivateKey,
      certificate: forge.pki.certificateFromPem(identity.certificate.toString()),
    });

    it("opens with '' a file whose MAC was made with no password at all (a NULL password)", () => {
      const { key, certificate } = forgeIdentity(pki.rsa);
      const asn1 = forge.pkcs12.toPkcs12Asn1(key, [certificate], null, { useMac: true });
      const pfx = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');

      const contents = decryptPkcs12(pfx, '');

      assert.deepEqual(readPkcs12Algorithms(pfx), []);
      assert.deepEqual(contents.certificates[0]!.der, pki.rsa.certificate.raw);
      assert.deepEqual(pkcs8(contents.keys[0]!.key), pkcs8(pki.rsa.key));
      assertKind(() => decryptPkcs12(pfx, WRONG), 'wrong-password', { password: WRONG });
    });

    it('opens the legacy RC2-40 layout that certs-test builds for the converter tests', () => {
      const { key, certificate } = forgeIdentity(pki.rsa);
      const pfx = buildLegacyRc2Pfx({
        key,
        chain: [certificate],
        password: NON_ASCII,
        friendlyName: 'Точка',
      });

      const contents = decryptPkcs12(pfx, NON_ASCII);

      assert.deepEqual(readPkcs12Algorithms(pfx), uses(RC2_40, PKCS12_3DES));
      assertHoldsIdentity(contents, pki.rsa, 'Точка');
    });
  });

  describe('files that are not PKCS#12 or not what this reader opens', () => {
    it("refuses what is not a pfx as 'malformed'", () => {
      const real = opensslPfx(pki.ec);
      const notPfx: [string, Buffer][] = [
        ['nothing', Buffer.alloc(0)],
        ['random bytes', crypto.createHash('sha512').update('not a pfx').digest()],
        ['a PEM certificate', fs.readFileSync(pki.ec.certificateFile)],
        ['a DER certificate', pki.ec.certificate.raw],
        ['half a pfx', real.subarray(0, real.length / 2)],
        ['a pfx with a byte after it', Buffer.concat([real, Buffer.from([0])])],
      ];

      for (const [, bytes] of notPfx) {
        assertKind(() => readPkcs12Algorithms(bytes), 'malformed');
        assertKind(() => decryptPkcs12(bytes, PASSWORD), 'malformed', { password: PASSWORD });
      }
    });

    it("refuses public-key privacy or integrity modes as 'unsupported', naming them", () => {
      const envelopedPart = der.sequence([
        der.oid(PKCS12_OID.envelopedData),
        der.explicit(0, der.sequence([der.integer(0)])),
      ]);
      const signedPart = der.sequence([
        der.oid(PKCS12_OID.signedData),
        der.explicit(0, der.sequence([der.integer(1)])),
      ]);
      const signedAuthSafe = der.sequence([
        der.integer(3),
        der.sequence([der.oid(PKCS12_OID.signedData), der.explicit(0, der.sequence([]))]),
      ]);
      const cases: [Buffer, string][] = [
        [pfxOf(der.sequence([envelopedPart])), 'envelopedData'],
        [pfxOf(der.sequence([signedPart])), 'signedData'],
        [signedAuthSafe, PKCS12_OID.signedData],
      ];

      for (const [pfx, name] of cases) {
        assertKind(() => readPkcs12Algorithms(pfx), 'unsupported', { messageIncludes: name });
        assertKind(() => decryptPkcs12(pfx, PASSWORD), 'unsupported', { messageIncludes: name });
      }
    });

    it("refuses a PBMAC1 (RFC 9579) or unknown-digest MAC as 'unsupported'", () => {
      const macWith = (algorithm: Buffer) =>
        der.sequence([
          der.sequence([algorithm, der.octetString(Buffer.alloc(32))]),
          der.octetString(Buffer.alloc(16)),
          der.integer(1),
        ]);
      const pbmac1 = der.sequence([
        der.oid(PKCS12_OID.pbmac1),
        der.sequence([
          der.sequence([der.oid(OID.pbkdf2)]),
          der.sequence([der.oid('1.2.840.113549.2.9')]),
        ]),
      ]);
      const md5 = der.sequence([der.oid('1.2.840.113549.2.5'), der.null()]);
      const authSafe = der.sequence([dataInfo(der.sequence([]))]);

      const run = (mac: Buffer) => () => decryptPkcs12(pfxOf(authSafe, { mac }), PASSWORD);

      assertKind(run(macWith(pbmac1)), 'unsupported', { messageIncludes: 'PBMAC1' });
      assertKind(run(macWith(md5)), 'unsupported', { messageIncludes: '1.2.840.113549.2.5' });
    });

    it("refuses a PKCS#12 version other than 3 as 'unsupported'", () => {
      const pfx = pfxOf(der.sequence([]), { version: 2 });

      assertKind(() => readPkcs12Algorithms(pfx), 'unsupported');
    });

    it("refuses safe contents nested absurdly deep as 'malformed', not a stack overflow", () => {
      const pfx = pfxOf(der.sequence([dataInfo(nestedSafeContents(10_000))]));

      assertKind(() => readPkcs12Algorithms(pfx), 'malformed');
      assertKind(() => decryptPkcs12(pfx, PASSWORD), 'malformed');
    });

    it('opens safe contents nested a few levels deep', () => {
      const pfx = pfxOf(der.sequence([dataInfo(nestedSafeContents(3))]));

      const contents = decryptPkcs12(pfx, PASSWORD);

      assert.deepEqual(contents, { certificates: [], keys: [] });
    });
  });

  describe('a wrong key that passes the padding check', () => {
    const certificatesOnly = { certificates: [{ der: FAKE_CERTIFICATE }], keys: [] };

    it("still reports 'wrong-password' for a file without a MAC", () => {
      const pfx = withoutMac(
        writePkcs12(certificatesOnly, 'right', protectionWithPartsUnder('right')),
      );
      const { algorithm, ciphertext } = firstEncryptedPart(pfx);
      // The fixture holds: LUCKY_WRONG gets past the padding check, to garbage.
      const garbage = decrypt(algorithm, ciphertext, LUCKY_WRONG, 'test');
      assert.notDeepEqual(garbage, decrypt(algorithm, ciphertext, 'right', 'test'));

      const run = () => decryptPkcs12(pfx, LUCKY_WRONG);

      assertKind(run, 'wrong-password', { password: LUCKY_WRONG });
      assert.deepEqual(decryptPkcs12(pfx, 'right').certificates[0]!.der, FAKE_CERTIFICATE);
    });

    it("reports 'undecryptable' when the MAC accepts the password but the parts do not", () => {
      // The MAC is made with one password, the parts encrypted under another, as by a writer
      // that encodes the password differently for each; LUCKY_WRONG decrypts to garbage.
      for (const macPassword of [LUCKY_WRONG, 'wrong-0']) {
        const pfx = writePkcs12(certificatesOnly, macPassword, protectionWithPartsUnder('right'));

        assertKind(() => decryptPkcs12(pfx, macPassword), 'undecryptable', {
          password: macPassword,
        });
      }
    });

    it("reports a key that does not decrypt under the MAC's password as 'undecryptable'", () => {
      const input = { certificates: [], keys: [{ pkcs8Der: pkcs8(pki.ec.key) }] };
      const pfx = writePkcs12(input, PASSWORD, {
        ...MODERN_PROTECTION,
        encryptKeys: (plaintext) => fixedPbes2(plaintext, 'another password'),
      });

      assertKind(() => decryptPkcs12(pfx, PASSWORD), 'undecryptable', { password: PASSWORD });
    });
  });
});
