/**
 * The password-based encryption that protects the parts of a PKCS#12 file, decrypted the way
 * OpenSSL does it, so this reader opens exactly the files Node's TLS opens (and the legacy
 * ones it refuses):
 *
 * - PBES2 (RFC 8018): PBKDF2 over the password's UTF-8 bytes, then AES or 3DES in CBC mode.
 *   Modern files (OpenSSL 3, Windows "AES256-SHA256" export) use it.
 * - PKCS#12 PBE (RFC 7292 appendix B/C): the PKCS#12 key derivation over the password as a
 *   big-endian UTF-16 string, then 3DES or RC2. Windows and OpenSSL 1.x wrote it for years;
 *   RC2 is what OpenSSL 3 refuses (Node has no RC2, so node-forge's RC2 is used here).
 *
 * Node's own ciphers do the rest; nothing here is a home-made cipher.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { childAt, childrenOf, der, readOctets, readOid, readSmallInteger, TAG } from './der';
import type { Element } from './der';
import { Pkcs12Error } from './pkcs12-error';

export type Digest = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** Hash input block size (bytes), which the PKCS#12 key derivation needs. */
const DIGEST_BLOCK_BYTES: Record<Digest, number> = {
  sha1: 64,
  sha224: 64,
  sha256: 64,
  sha384: 128,
  sha512: 128,
};

export const DIGEST_BY_OID: Record<string, Digest> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const HMAC_PRF_BY_OID: Record<string, Digest> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

export const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

type Cipher =
  | { node: string; keyBytes: number }
  | { rc2Bits: 40 | 128; keyBytes: number }
  /** Named so it can be explained, but not decrypted here. */
  | null;

interface Scheme {
  name: string;
  /** OpenSSL 3's default provider lacks it (Node refuses the file). */
  legacy: boolean;
  cipher: Cipher;
}

/** PKCS#12 PBE schemes (RFC 7292 appendix C), all with SHA-1. */
const PKCS12_PBE: Record<string, Scheme> = {
  '1.2.840.113549.1.12.1.1': {
    name: 'RC4-128 (pbeWithSHAAnd128BitRC4)',
    legacy: true,
    cipher: null,
  },
  '1.2.840.113549.1.12.1.2': { name: 'RC4-40 (pbeWithSHAAnd40BitRC4)', legacy: true, cipher: null },
  '1.2.840.113549.1.12.1.3': {
    name: '3DES (pbeWithSHAAnd3-KeyTripleDES-CBC)',
    legacy: false,
    cipher: { node: 'des-ede3-cbc', keyBytes: 24 },
  },
  '1.2.840.113549.1.12.1.4': {
    name: '2-key 3DES (pbeWithSHAAnd2-KeyTripleDES-CBC)',
    legacy: false,
    cipher: { node: 'des-ede-cbc', keyBytes: 16 },
  },
  '1.2.840.113549.1.12.1.5': {
    name: 'RC2-128 (pbeWithSHAAnd128BitRC2-CBC)',
    legacy: true,
    cipher: { rc2Bits: 128, keyBytes: 16 },
  },
  '1.2.840.113549.1.12.1.6': {
    name: 'RC2-40 (pbeWithSHAAnd40BitRC2-CBC)',
    legacy: true,
    cipher: { rc2Bits: 40, keyBytes: 5 },
  },
};

/** PBES1 (PKCS#5 v1.5): seen in very old files; named, not decrypted. */
const PBES1: Record<string, Scheme> = {
  '1.2.840.113549.1.5.1': { name: 'DES (pbeWithMD2AndDES-CBC)', legacy: true, cipher: null },
  '1.2.840.113549.1.5.3': { name: 'DES (pbeWithMD5AndDES-CBC)', legacy: true, cipher: null },
  '1.2.840.113549.1.5.4': { name: 'RC2 (pbeWithMD2AndRC2-CBC)', legacy: true, cipher: null },
  '1.2.840.113549.1.5.6': { name: 'RC2 (pbeWithMD5AndRC2-CBC)', legacy: true, cipher: null },
  '1.2.840.113549.1.5.10': { name: 'DES (pbeWithSHA1AndDES-CBC)', legacy: true, cipher: null },
  '1.2.840.113549.1.5.11': { name: 'RC2 (pbeWithSHA1AndRC2-CBC)', legacy: true, cipher: null },
};

/** Ciphers inside PBES2. */
const PBES2_CIPHERS: Record<string, Scheme> = {
  '2.16.840.1.101.3.4.1.2': {
    name: 'AES-128-CBC (PBES2)',
    legacy: false,
    cipher: { node: 'aes-128-cbc', keyBytes: 16 },
  },
  '2.16.840.1.101.3.4.1.22': {
    name: 'AES-192-CBC (PBES2)',
    legacy: false,
    cipher: { node: 'aes-192-cbc', keyBytes: 24 },
  },
  [OID.aes256Cbc]: {
    name: 'AES-256-CBC (PBES2)',
    legacy: false,
    cipher: { node: 'aes-256-cbc', keyBytes: 32 },
  },
  '1.2.840.113549.3.7': {
    name: '3DES (PBES2 des-ede3-cbc)',
    legacy: false,
    cipher: { node: 'des-ede3-cbc', keyBytes: 24 },
  },
  '1.3.14.3.2.7': { name: 'DES (PBES2 des-cbc)', legacy: true, cipher: null },
  '1.2.840.113549.3.2': { name: 'RC2 (PBES2 rc2-cbc)', legacy: true, cipher: null },
};

/** A garbled file must not make us hash for minutes; real files use 1 to a few 100,000. */
const MAX_ITERATIONS = 10_000_000;

export interface AlgorithmName {
  /** For PBES2, the OID of the cipher inside it. */
  oid: string;
  name: string;
  legacy: boolean;
}

/** Names an AlgorithmIdentifier of password-based encryption; needs no password. */
export function nameAlgorithm(algorithm: Element, what: string): AlgorithmName {
  const oid = readOid(childAt(algorithm, 0, what), what);
  if (oid === OID.pbes2) {
    const cipherOid = readOid(childAt(pbes2Parts(algorithm, what).scheme, 0, what), what);
    const known = PBES2_CIPHERS[cipherOid];
    return {
      oid: cipherOid,
      name: known?.name ?? `unknown PBES2 cipher ${cipherOid}`,
      legacy: known?.legacy ?? false,
    };
  }
  const known = PKCS12_PBE[oid] ?? PBES1[oid];
  return { oid, name: known?.name ?? `unknown algorithm ${oid}`, legacy: known?.legacy ?? false };
}

/**
 * Decrypts `ciphertext` protected by `algorithm` (an AlgorithmIdentifier). A bad padding is
 * reported as 'undecryptable'; the caller knows whether the MAC already proved the password.
 */
export function decrypt(
  algorithm: Element,
  ciphertext: Buffer,
  password: string,
  what: string,
): Buffer {
  const oid = readOid(childAt(algorithm, 0, what), what);
  if (oid === OID.pbes2) return decryptPbes2(algorithm, ciphertext, password, what);

  const scheme = PKCS12_PBE[oid];
  if (!scheme?.cipher) {
    const name = (scheme ?? PBES1[oid])?.name ?? `algorithm ${oid}`;
    throw new Pkcs12Error('unsupported', `${what} is encrypted with ${name}, not supported here`);
  }
  // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
  const params = childAt(algorithm, 1, what);
  const salt = readOctets(childAt(params, 0, what), what);
  const iterations = checkedIterations(readSmallInteger(childAt(params, 1, what), what), what);
  const secret = bmpPassword(password);
  const key = pkcs12Kdf(secret, salt, KDF_PURPOSE.key, iterations, scheme.cipher.keyBytes, 'sha1');
  const iv = pkcs12Kdf(secret, salt, KDF_PURPOSE.iv, iterations, 8, 'sha1');
  if ('rc2Bits' in scheme.cipher)
    return decryptRc2(ciphertext, key, iv, scheme.cipher.rc2Bits, what);
  return decryptWithNode(scheme.cipher.node, key, iv, ciphertext, what);
}

function decryptPbes2(algorithm: Element, ciphertext: Buffer, password: string, what: string) {
  const { kdf, scheme } = pbes2Parts(algorithm, what);
  const kdfOid = readOid(childAt(kdf, 0, what), what);
  if (kdfOid !== OID.pbkdf2) {
    throw new Pkcs12Error('unsupported', `${what} uses key derivation ${kdfOid}, not PBKDF2`);
  }
  const cipherOid = readOid(childAt(scheme, 0, what), what);
  const cipher = PBES2_CIPHERS[cipherOid]?.cipher;
  if (!cipher || !('node' in cipher)) {
    const name = PBES2_CIPHERS[cipherOid]?.name ?? `cipher ${cipherOid}`;
    throw new Pkcs12Error('unsupported', `${what} is encrypted with ${name}, not supported here`);
  }
  const iv = readOctets(childAt(scheme, 1, what), what);

  // PBKDF2-params ::= SEQUENCE { salt, iterationCount, keyLength OPTIONAL, prf DEFAULT sha1 }
  const [saltElement, countElement, ...optional] = childrenOf(childAt(kdf, 1, what), what);
  if (!saltElement || !countElement)
    throw new Pkcs12Error('malformed', `${what}: short PBKDF2 parameters`);
  if (saltElement.tag !== TAG.OCTET_STRING) {
    throw new Pkcs12Error(
      'unsupported',
      `${what}: PBKDF2 salt from another source is not supported`,
    );
  }
  const salt = readOctets(saltElement, what);
  const iterations = checkedIterations(readSmallInteger(countElement, what), what);
  const prfElement = optional.find((element) => element.tag === TAG.SEQUENCE);
  const prfOid = prfElement ? readOid(childAt(prfElement, 0, what), what) : '1.2.840.113549.2.7';
  const digest = HMAC_PRF_BY_OID[prfOid];
  if (!digest)
    throw new Pkcs12Error('unsupported', `${what}: PBKDF2 with PRF ${prfOid} is not supported`);

  // OpenSSL feeds PBKDF2 the password bytes as given: UTF-8 from Node.
  const key = crypto.pbkdf2Sync(
    Buffer.from(password, 'utf8'),
    salt,
    iterations,
    cipher.keyBytes,
    digest,
  );
  return decryptWithNode(cipher.node, key, iv, ciphertext, what);
}

/** PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme ... } */
function pbes2Parts(algorithm: Element, what: string): { kdf: Element; scheme: Element } {
  const params = childAt(algorithm, 1, what);
  return { kdf: childAt(params, 0, what), scheme: childAt(params, 1, what) };
}

function decryptWithNode(name: string, key: Buffer, iv: Buffer, ciphertext: Buffer, what: string) {
  try {
    const decipher = crypto.createDecipheriv(name, key, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (error) {
    throw new Pkcs12Error('undecryptable', `${what} did not decrypt with this password`, {
      cause: error,
    });
  }
}

function decryptRc2(
  ciphertext: Buffer,
  key: Buffer,
  iv: Buffer,
  bits: number,
  what: string,
): Buffer {
  const cipher = forge.rc2.createDecryptionCipher(key.toString('binary'), bits);
  cipher.start(iv.toString('binary'));
  cipher.update(forge.util.createBuffer(ciphertext.toString('binary')));
  if (!cipher.finish())
    throw new Pkcs12Error('undecryptable', `${what} did not decrypt with this password`);
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

function checkedIterations(iterations: number, what: string): number {
  if (iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new Pkcs12Error('malformed', `${what}: iteration count ${iterations} is out of range`);
  }
  return iterations;
}

/** What a PKCS#12 derived key is for (RFC 7292 B.3). */
export const KDF_PURPOSE = { key: 1, iv: 2, mac: 3 } as const;

/** The password as PKCS#12 wants it: big-endian UTF-16 with a two-byte terminator. */
export function bmpPassword(password: string): Buffer {
  return Buffer.from(`${password}\0`, 'utf16le').swap16();
}

/** The PKCS#12 key derivation function, RFC 7292 appendix B.2. */
export function pkcs12Kdf(
  secret: Buffer,
  salt: Buffer,
  purpose: number,
  iterations: number,
  length: number,
  digest: Digest,
): Buffer {
  const v = DIGEST_BLOCK_BYTES[digest];
  const fill = (source: Buffer): Buffer => {
    const filled = Buffer.alloc(source.length === 0 ? 0 : v * Math.ceil(source.length / v));
    for (let i = 0; i < filled.length; i++) filled[i] = source[i % source.length]!;
    return filled;
  };
  const diversifier = Buffer.alloc(v, purpose);
  const input = Buffer.concat([fill(salt), fill(secret)]);

  const blocks: Buffer[] = [];
  for (let produced = 0; produced < length;) {
    let block = crypto.createHash(digest).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round++) {
      block = crypto.createHash(digest).update(block).digest();
    }
    blocks.push(block);
    produced += block.length;
    if (produced >= length) break;
    // Each v-byte chunk of the input becomes (chunk + B + 1) mod 2^(8v), B = block repeated.
    for (let chunk = 0; chunk < input.length; chunk += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[chunk + k]! + block[k % block.length]! + carry;
        input[chunk + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** What writers of a PKCS#12 part return: the AlgorithmIdentifier and the encrypted bytes. */
export interface Encrypted {
  algorithm: Buffer;
  ciphertext: Buffer;
}

/**
 * PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: what OpenSSL 3 writes by default, with a
 * 16-byte salt. The password goes in as UTF-8, as OpenSSL reads it.
 */
export function encryptPbes2Aes256(
  plaintext: Buffer,
  password: string,
  iterations = 2048,
): Encrypted {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(16);
  const key = crypto.pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const kdf = der.sequence([
    der.oid(OID.pbkdf2),
    der.sequence([
      der.octetString(salt),
      der.integer(iterations),
      der.sequence([der.oid(OID.hmacWithSHA256), der.null()]),
    ]),
  ]);
  const scheme = der.sequence([der.oid(OID.aes256Cbc), der.octetString(iv)]);
  return { algorithm: der.sequence([der.oid(OID.pbes2), der.sequence([kdf, scheme])]), ciphertext };
}
