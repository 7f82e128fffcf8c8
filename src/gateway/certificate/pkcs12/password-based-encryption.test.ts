import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import forge from 'node-forge';
import {
  childAt,
  childrenOf,
  der,
  parseElement,
  readOctets,
  readOid,
  readSmallInteger,
  type Element,
} from './der';
import {
  bmpPassword,
  decrypt,
  encryptPbes2Aes256,
  KDF_PURPOSE,
  nameAlgorithm,
  OID,
  pkcs12Kdf,
} from './password-based-encryption';
import { Pkcs12Error, type Pkcs12ErrorKind } from './pkcs12-error';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const element = (bytes: Buffer) => parseElement(bytes, 'test');

/** node-forge's PKCS#12 key derivation: an implementation independent of ours. */
function forgeKdf(
  password: string | null,
  salt: Buffer,
  id: number,
  iterations: number,
  length: number,
  digest: 'sha1' | 'sha256' | 'sha512' = 'sha1',
): Buffer {
  const generateKey = (
    forge.pkcs12 as unknown as {
      generateKey(
        password: string | null,
        salt: forge.util.ByteBuffer,
        id: number,
        iterations: number,
        length: number,
        md: forge.md.MessageDigest,
      ): forge.util.ByteBuffer;
    }
  ).generateKey;
  const md = forge.md[digest].create();
  const saltBuffer = forge.util.createBuffer(salt.toString('binary'));
  const key = generateKey(password, saltBuffer, id, iterations, length, md);
  return Buffer.from(key.getBytes(), 'binary');
}

/** forge's encryptPrivateKeyInfo of `plaintext` (as an OCTET STRING): algorithm, ciphertext. */
function forgeEncrypt(plaintext: Buffer, password: string, options: forge.pki.EncryptionOptions) {
  const { asn1 } = forge;
  const value = asn1.create(
    asn1.Class.UNIVERSAL,
    asn1.Type.OCTETSTRING,
    false,
    plaintext.toString('binary'),
  );
  const encrypted = forge.pki.encryptPrivateKeyInfo(value, password, options);
  const info = element(Buffer.from(asn1.toDer(encrypted).getBytes(), 'binary'));
  return {
    algorithm: childAt(info, 0, 'test'),
    ciphertext: readOctets(childAt(info, 1, 'test'), 'test'),
    plaintextDer: der.octetString(plaintext),
  };
}

const FIXED_SALT = Buffer.alloc(16, 0x5a);
const FIXED_IV = Buffer.alloc(16, 0xa5);
const FIXED_PLAINTEXT = Buffer.from('a fixed plaintext, longer than one AES block');

/** PBES2 (PBKDF2-HMAC-SHA256, 1 iteration, AES-256-CBC) with a fixed salt and IV. */
function fixedPbes2(password: string) {
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), FIXED_SALT, 1, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, FIXED_IV);
  const ciphertext = Buffer.concat([cipher.update(FIXED_PLAINTEXT), cipher.final()]);
  const algorithm = pbes2Algorithm({
    kdfParams: [
      der.octetString(FIXED_SALT),
      der.integer(1),
      der.sequence([der.oid(OID.hmacWithSHA256), der.null()]),
    ],
    cipherOid: OID.aes256Cbc,
    iv: FIXED_IV,
  });
  return { algorithm: element(algorithm), ciphertext };
}

function pbes2Algorithm(options: {
  kdfOid?: string;
  kdfParams: Buffer[];
  cipherOid: string;
  iv: Buffer;
}): Buffer {
  const kdf = der.sequence([
    der.oid(options.kdfOid ?? OID.pbkdf2),
    der.sequence(options.kdfParams),
  ]);
  const scheme = der.sequence([der.oid(options.cipherOid), der.octetString(options.iv)]);
  return der.sequence([der.oid(OID.pbes2), der.sequence([kdf, scheme])]);
}

/** PBES2-params.keyDerivationFunc.parameters: salt, iterationCount, keyLength?, prf? */
function pbkdf2Params(algorithm: Element): Element[] {
  const kdf = childAt(childAt(algorithm, 1, 'test'), 0, 'test');
  return childrenOf(childAt(kdf, 1, 'test'), 'test');
}

/** pkcs-12PbeParams or PBES1 parameters: { salt, iterations }. */
function pbeAlgorithm(oid: string, iterations = 2048): Buffer {
  return der.sequence([
    der.oid(oid),
    der.sequence([der.octetString(Buffer.alloc(8, 1)), der.integer(iterations)]),
  ]);
}

function assertKind(run: () => unknown, kind: Pkcs12ErrorKind, messageIncludes?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof Pkcs12Error, `expected a Pkcs12Error, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (messageIncludes !== undefined) assert.ok(error.message.includes(messageIncludes));
    return true;
  });
}

describe('pkcs12Kdf', () => {
  it('gives the published PKCS#12 key derivation test vectors (SHA-1)', () => {
    const vectors = [
      // password, salt, id, iterations, expected: Bouncy Castle's PKCS#12 KDF vectors
      ['smeg', '0a58cf64530d823f', 1, 1, '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3'],
      ['smeg', '0a58cf64530d823f', 2, 1, '79993dfe048d3b76'],
      ['smeg', '3d83c0e4546ac140', 3, 1, '8d967d88f6caa9d714800ab3d48051d63f73a312'],
      ['queeg', '1682c0fc5b3f7ec5', 1, 1000, '483dd6e919d7de2e8e648ba8f862f3fbfbdc2bcb2c02957f'],
      ['queeg', '1682c0fc5b3f7ec5', 2, 1000, '9d461d1b00355c50'],
    ] as const;

    for (const [password, salt, id, iterations, expected] of vectors) {
      const key = pkcs12Kdf(
        bmpPassword(password),
        hex(salt),
        id,
        iterations,
        expected.length / 2,
        'sha1',
      );

      assert.equal(key.toString('hex'), expected, `${password} id ${id}`);
    }
  });

  it('matches node-forge for SHA-1 at every length, purpose and password size', () => {
    const passwords = [
      'a',
      'secret',
      'a password far longer than one 64-byte block once in UTF-16',
    ];
    const salts = [hex('0102030405060708'), crypto.createHash('sha1').update('salt').digest()];

    for (const password of passwords) {
      for (const salt of salts) {
        for (const id of [KDF_PURPOSE.key, KDF_PURPOSE.iv, KDF_PURPOSE.mac]) {
          for (const length of [5, 8, 16, 20, 24, 32, 40]) {
            const ours = pkcs12Kdf(bmpPassword(password), salt, id, 1, length, 'sha1');

            const label = `${password.length}-char password, ${salt.length}-byte salt, id ${id}`;
            assert.deepEqual(ours, forgeKdf(password, salt, id, 1, length), `${label}, ${length}`);
          }
        }
      }
    }
  });

  it('matches node-forge for SHA-1 with 2048 iterations, past one output block', () => {
    const salt = hex('a1a2a3a4a5a6a7a8');

    for (const id of [KDF_PURPOSE.key, KDF_PURPOSE.iv, KDF_PURPOSE.mac]) {
      for (const length of [20, 40]) {
        const ours = pkcs12Kdf(bmpPassword('password'), salt, id, 2048, length, 'sha1');

        assert.deepEqual(ours, forgeKdf('password', salt, id, 2048, length), `id ${id}, ${length}`);
      }
    }
  });

  it('matches node-forge for SHA-256 (64-byte blocks) and SHA-512 (128-byte blocks)', () => {
    const salt = crypto.createHash('sha256').update('salt').digest().subarray(0, 16);
    const cases: ['sha256' | 'sha512', number, number][] = [
      ['sha256', 1, 32],
      ['sha256', 1, 70],
      ['sha256', 2048, 32],
      ['sha512', 1, 64],
      ['sha512', 1, 130],
      ['sha512', 2048, 64],
    ];

    for (const [digest, iterations, length] of cases) {
      const ours = pkcs12Kdf(bmpPassword('secret'), salt, 3, iterations, length, digest);

      const theirs = forgeKdf('secret', salt, 3, iterations, length, digest);
      assert.deepEqual(ours, theirs, `${digest}, ${iterations} iterations, ${length} bytes`);
    }
  });

  it('matches node-forge for a non-ASCII password and for no password at all', () => {
    const salt = hex('0102030405060708');

    const cyrillic = pkcs12Kdf(bmpPassword('пароль'), salt, 1, 3, 24, 'sha1');
    const none = pkcs12Kdf(Buffer.alloc(0), salt, 3, 3, 20, 'sha1');

    assert.deepEqual(cyrillic, forgeKdf('пароль', salt, 1, 3, 24));
    assert.deepEqual(none, forgeKdf(null, salt, 3, 3, 20));
    assert.notDeepEqual(none, pkcs12Kdf(bmpPassword(''), salt, 3, 3, 20, 'sha1'));
  });
});

describe('bmpPassword', () => {
  it('is big-endian UTF-16 with a two-byte terminator', () => {
    const cases: [string, string][] = [
      ['', '00 00'],
      // 00 61: a | 00 62: b | 00 00
      ['ab', '00 61  00 62  00 00'],
      // 04 4f: я (U+044F) | 00 00
      ['я', '04 4f  00 00'],
      // d8 3d de 00: U+1F600 as a surrogate pair | 00 00
      ['😀', 'd8 3d de 00  00 00'],
    ];

    for (const [password, bytes] of cases) {
      assert.deepEqual(bmpPassword(password), hex(bytes), JSON.stringify(password));
    }
  });
});

describe('encryptPbes2Aes256 and decrypt', () => {
  it('round-trips with a non-ASCII password', () => {
    const plaintext = crypto.randomBytes(100);
    const password = 'пароль-Ünï-😀';

    const { algorithm, ciphertext } = encryptPbes2Aes256(plaintext, password);

    assert.deepEqual(decrypt(element(algorithm), ciphertext, password, 'test'), plaintext);
  });

  it("writes OpenSSL 3's PBES2: PBKDF2-HMAC-SHA256, 2048 iterations, AES-256-CBC", () => {
    const first = encryptPbes2Aes256(Buffer.from('x'), 'pw');
    const second = encryptPbes2Aes256(Buffer.from('x'), 'pw');

    const algorithm = element(first.algorithm);
    const [kdf, scheme] = childrenOf(childAt(algorithm, 1, 't'), 't');
    const [salt, iterations, prf] = pbkdf2Params(algorithm);
    assert.equal(readOid(childAt(algorithm, 0, 't'), 't'), OID.pbes2);
    assert.equal(readOid(childAt(kdf!, 0, 't'), 't'), OID.pbkdf2);
    assert.equal(readOctets(salt!, 't').length, 16);
    assert.equal(readSmallInteger(iterations!, 't'), 2048);
    assert.equal(readOid(childAt(prf!, 0, 't'), 't'), OID.hmacWithSHA256);
    assert.equal(readOid(childAt(scheme!, 0, 't'), 't'), OID.aes256Cbc);
    assert.equal(readOctets(childAt(scheme!, 1, 't'), 't').length, 16);
    assert.equal(first.ciphertext.length, 16);
    assert.notDeepEqual(first.algorithm, second.algorithm, 'a fresh salt and IV each time');
    assert.notDeepEqual(first.ciphertext, second.ciphertext);
  });

  it('takes the iteration count it is given', () => {
    const { algorithm, ciphertext } = encryptPbes2Aes256(Buffer.from('x'), 'pw', 3);

    const [, count] = pbkdf2Params(element(algorithm));

    assert.equal(readSmallInteger(count!, 'test'), 3);
    assert.deepEqual(decrypt(element(algorithm), ciphertext, 'pw', 'test'), Buffer.from('x'));
  });

  it("reports a wrong password's bad padding as 'undecryptable'", () => {
    const { algorithm, ciphertext } = fixedPbes2('right');

    const run = () => decrypt(algorithm, ciphertext, 'wrong-0', 'the test part');

    assertKind(run, 'undecryptable');
  });

  it('can return garbage for a wrong password: padding is no proof of the password', () => {
    // Found by trying 'wrong-0', 'wrong-1'...: about one wrong key in 256 leaves valid padding.
    const { algorithm, ciphertext } = fixedPbes2('right');

    const output = decrypt(algorithm, ciphertext, 'wrong-430', 'test');

    assert.notDeepEqual(output, FIXED_PLAINTEXT);
    assert.deepEqual(decrypt(algorithm, ciphertext, 'right', 'test'), FIXED_PLAINTEXT);
  });

  it('decrypts node-forge PBES2 with the default PRF (HMAC-SHA1) and with a keyLength', () => {
    const plaintext = Buffer.from('forge wrote this');
    const password = 'пароль';
    // forge hands PBKDF2 the password as a byte string: give it the UTF-8 bytes, as OpenSSL does.
    const utf8 = forge.util.encodeUtf8(password);
    const sha1 = forgeEncrypt(plaintext, utf8, { algorithm: 'aes256', count: 7 });
    const sha256 = forgeEncrypt(plaintext, utf8, {
      algorithm: 'aes128',
      count: 7,
      prfAlgorithm: 'sha256',
    });

    const fromSha1 = decrypt(sha1.algorithm, sha1.ciphertext, password, 'test');
    const fromSha256 = decrypt(sha256.algorithm, sha256.ciphertext, password, 'test');

    assert.equal(
      childrenOf(childAt(childAt(childAt(sha1.algorithm, 1, 't'), 0, 't'), 1, 't'), 't').length,
      2,
    );
    assert.deepEqual(fromSha1, sha1.plaintextDer);
    assert.deepEqual(fromSha256, sha256.plaintextDer);
  });

  it('decrypts node-forge PKCS#12 PBE 3DES over the BMP password, non-ASCII included', () => {
    const plaintext = Buffer.from('forge wrote this too');
    const encrypted = forgeEncrypt(plaintext, 'пароль', { algorithm: '3des', count: 2048 });

    const output = decrypt(encrypted.algorithm, encrypted.ciphertext, 'пароль', 'test');

    assert.equal(readOid(childAt(encrypted.algorithm, 0, 't'), 't'), '1.2.840.113549.1.12.1.3');
    assert.deepEqual(output, encrypted.plaintextDer);
  });

  it("refuses RC4, PBES1 DES and PBES2 single DES as 'unsupported', naming them", () => {
    const cases: [Buffer, string][] = [
      [pbeAlgorithm('1.2.840.113549.1.12.1.1'), 'RC4-128'],
      [pbeAlgorithm('1.2.840.113549.1.12.1.2'), 'RC4-40'],
      [pbeAlgorithm('1.2.840.113549.1.5.3'), 'pbeWithMD5AndDES-CBC'],
      [pbeAlgorithm('1.2.840.113549.1.5.10'), 'pbeWithSHA1AndDES-CBC'],
      [pbeAlgorithm('1.2.3.4.5'), '1.2.3.4.5'],
      [
        pbes2Algorithm({
          kdfParams: [der.octetString(FIXED_SALT), der.integer(1)],
          cipherOid: '1.3.14.3.2.7',
          iv: Buffer.alloc(8),
        }),
        'des-cbc',
      ],
    ];

    for (const [algorithm, name] of cases) {
      assertKind(
        () => decrypt(element(algorithm), Buffer.alloc(16), 'pw', 'test'),
        'unsupported',
        name,
      );
    }
  });

  it("refuses PBES2 with another key derivation or PRF as 'unsupported'", () => {
    const scrypt = pbes2Algorithm({
      kdfOid: '1.3.6.1.4.1.11591.4.11',
      kdfParams: [der.octetString(FIXED_SALT), der.integer(16384)],
      cipherOid: OID.aes256Cbc,
      iv: FIXED_IV,
    });
    const md5Prf = pbes2Algorithm({
      kdfParams: [
        der.octetString(FIXED_SALT),
        der.integer(1),
        der.sequence([der.oid('1.2.840.113549.2.6'), der.null()]),
      ],
      cipherOid: OID.aes256Cbc,
      iv: FIXED_IV,
    });

    assertKind(() => decrypt(element(scrypt), Buffer.alloc(16), 'pw', 'test'), 'unsupported');
    assertKind(() => decrypt(element(md5Prf), Buffer.alloc(16), 'pw', 'test'), 'unsupported');
  });

  it("refuses an iteration count of 0 or an absurd one as 'malformed', without hashing", () => {
    const zero = pbeAlgorithm('1.2.840.113549.1.12.1.3', 0);
    const absurd = pbes2Algorithm({
      kdfParams: [der.octetString(FIXED_SALT), der.integer(2 ** 40)],
      cipherOid: OID.aes256Cbc,
      iv: FIXED_IV,
    });

    assertKind(() => decrypt(element(zero), Buffer.alloc(16), 'pw', 'test'), 'malformed');
    assertKind(() => decrypt(element(absurd), Buffer.alloc(16), 'pw', 'test'), 'malformed');
  });
});

describe('nameAlgorithm', () => {
  it('names PBES2 by its cipher and PKCS#12 PBE schemes, flagging what OpenSSL 3 calls legacy', () => {
    const cases: [Buffer, { oid: string; name: string; legacy: boolean }][] = [
      [
        encryptPbes2Aes256(Buffer.from('x'), 'pw').algorithm,
        { oid: OID.aes256Cbc, name: 'AES-256-CBC (PBES2)', legacy: false },
      ],
      [
        pbeAlgorithm('1.2.840.113549.1.12.1.6'),
        {
          oid: '1.2.840.113549.1.12.1.6',
          name: 'RC2-40 (pbeWithSHAAnd40BitRC2-CBC)',
          legacy: true,
        },
      ],
      [
        pbeAlgorithm('1.2.840.113549.1.12.1.3'),
        {
          oid: '1.2.840.113549.1.12.1.3',
          name: '3DES (pbeWithSHAAnd3-KeyTripleDES-CBC)',
          legacy: false,
        },
      ],
      [
        pbeAlgorithm('1.2.840.113549.1.12.1.1'),
        { oid: '1.2.840.113549.1.12.1.1', name: 'RC4-128 (pbeWithSHAAnd128BitRC4)', legacy: true },
      ],
      [
        pbeAlgorithm('1.2.840.113549.1.5.3'),
        { oid: '1.2.840.113549.1.5.3', name: 'DES (pbeWithMD5AndDES-CBC)', legacy: true },
      ],
    ];

    for (const [algorithm, expected] of cases) {
      assert.deepEqual(nameAlgorithm(element(algorithm), 'test'), expected);
    }
  });

  it('names an unknown algorithm or PBES2 cipher by its OID instead of throwing', () => {
    const unknown = pbeAlgorithm('1.2.3.4.5');
    const unknownCipher = pbes2Algorithm({
      kdfParams: [der.octetString(FIXED_SALT), der.integer(1)],
      cipherOid: '1.2.3.4.6',
      iv: FIXED_IV,
    });

    assert.deepEqual(nameAlgorithm(element(unknown), 'test'), {
      oid: '1.2.3.4.5',
      name: 'unknown algorithm 1.2.3.4.5',
      legacy: false,
    });
    assert.deepEqual(nameAlgorithm(element(unknownCipher), 'test'), {
      oid: '1.2.3.4.6',
      name: 'unknown PBES2 cipher 1.2.3.4.6',
      legacy: false,
    });
  });
});
