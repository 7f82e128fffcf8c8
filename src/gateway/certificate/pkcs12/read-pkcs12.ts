/**
 * Reads a PKCS#12 (.pfx) file (RFC 7292) the way OpenSSL reads it, so that what we show and
 * convert is what Node's TLS would use:
 *
 *   PFX         ::= SEQUENCE { version 3, authSafe ContentInfo, macData MacData OPTIONAL }
 *   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
 *   authSafe is `data` whose OCTET STRING holds SEQUENCE OF ContentInfo, each either plain
 *   `data` or `encryptedData` (its algorithm in clear), wrapping a SEQUENCE OF SafeBag:
 *   SafeBag     ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, attributes SET OPTIONAL }
 *
 * The MAC is checked first: it proves the password before anything is decrypted. Each
 * certificate comes out as the exact bytes stored in the file, never re-encoded.
 */
import crypto from 'node:crypto';
import {
  childAt,
  childrenOf,
  explicitContent,
  expectTag,
  parseElement,
  readBmpString,
  readOctets,
  readOid,
  readSmallInteger,
  TAG,
  TAG_CLASS,
  type Element,
} from './der';
import {
  bmpPassword,
  decrypt,
  DIGEST_BY_OID,
  KDF_PURPOSE,
  nameAlgorithm,
  pkcs12Kdf,
} from './password-based-encryption';
import { isPkcs12Error, Pkcs12Error } from './pkcs12-error';

export const PKCS12_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

export interface AlgorithmUse {
  /** What it protects. */
  protects: 'certificates' | 'private key';
  /** For PBES2, the OID of the cipher inside it. */
  oid: string;
  name: string;
  /** OpenSSL 3 refuses it without its legacy provider. */
  legacy: boolean;
}

export interface Pkcs12Certificate {
  /** The certificate exactly as stored in the file. */
  der: Buffer;
  /** Hex; pairs a certificate with its key. */
  localKeyId?: string;
  friendlyName?: string;
}

export interface Pkcs12Key {
  key: crypto.KeyObject;
  /** The decrypted PKCS#8 PrivateKeyInfo. */
  pkcs8Der: Buffer;
  localKeyId?: string;
  friendlyName?: string;
}

export interface Pkcs12Contents {
  /** Every X.509 certificate, in file order. */
  certificates: Pkcs12Certificate[];
  keys: Pkcs12Key[];
}

/** The algorithms protecting the file's parts; needs no password. Throws Pkcs12Error. */
export function readPkcs12Algorithms(pfx: Buffer): AlgorithmUse[] {
  const uses: AlgorithmUse[] = [];
  for (const part of readParts(pfx).parts) {
    if (part.type === 'encrypted') {
      uses.push({ protects: 'certificates', ...nameAlgorithm(part.algorithm, 'certificates') });
      continue;
    }
    forEachBag(part.safeContents, 'safe contents', (bag) => {
      if (bag.type !== PKCS12_OID.pkcs8ShroudedKeyBag) return;
      const algorithm = childAt(bag.value, 0, 'shrouded key');
      uses.push({ protects: 'private key', ...nameAlgorithm(algorithm, 'private key') });
    });
  }
  return uses;
}

/**
 * Opens the file with the password. Throws Pkcs12Error: 'wrong-password' when the MAC does
 * not match, 'unsupported' for an algorithm or layout not implemented here, 'undecryptable'
 * when the MAC passed but a part did not decrypt, 'malformed' for damaged files.
 */
export function decryptPkcs12(pfx: Buffer, password: string): Pkcs12Contents {
  const { parts, mac, authSafeContent } = readParts(pfx);
  const macVerified = mac !== undefined;
  if (mac) verifyMac(mac, authSafeContent, password);

  const contents: Pkcs12Contents = { certificates: [], keys: [] };
  try {
    for (const part of parts) {
      const safeContents =
        part.type === 'plain'
          ? part.safeContents
          : parseDecrypted(decrypt(part.algorithm, part.ciphertext, password, 'the certificates'));
      collectBags(safeContents, password, contents);
    }
  } catch (error) {
    // Without a MAC, a part that does not decrypt is the only sign of a wrong password.
    if (!macVerified && isPkcs12Error(error, 'undecryptable')) {
      throw new Pkcs12Error('wrong-password', `${error.message} (the file has no MAC)`, {
        cause: error,
      });
    }
    throw error;
  }
  return contents;
}

/**
 * A wrong key passes the padding check about once in 256 tries: bytes that then do not parse
 * only looked decrypted, which is 'undecryptable' (a wrong password without a MAC), not damage.
 */
function parseDecrypted(plaintext: Buffer): Element {
  try {
    return parseElement(plaintext, 'decrypted safe contents');
  } catch (error) {
    if (!isPkcs12Error(error, 'malformed')) throw error;
    throw new Pkcs12Error('undecryptable', 'the certificates did not decrypt with this password', {
      cause: error,
    });
  }
}

type Part =
  | { type: 'plain'; safeContents: Element }
  | { type: 'encrypted'; algorithm: Element; ciphertext: Buffer };

interface MacData {
  digestOid: string;
  digest: Buffer;
  salt: Buffer;
  iterations: number;
}

function readParts(pfx: Buffer): { parts: Part[]; mac?: MacData; authSafeContent: Buffer } {
  const root = expectTag(parseElement(pfx, 'PKCS#12 file'), TAG.SEQUENCE, 'PKCS#12 file');
  const [version, authSafe, macData] = childrenOf(root, 'PKCS#12 file');
  if (!version || !authSafe) throw malformed('PKCS#12 file: version or content missing');
  const versionNumber = readSmallInteger(version, 'PKCS#12 version');
  if (versionNumber !== 3) {
    throw new Pkcs12Error('unsupported', `PKCS#12 version ${versionNumber} (expected 3)`);
  }

  const authSafeContent = dataContent(authSafe, 'authenticated safe');
  const infos = childrenOf(
    expectTag(parseElement(authSafeContent, 'authenticated safe'), TAG.SEQUENCE, 'safe list'),
    'safe list',
  );
  const parts = infos.map((info): Part => {
    const type = readOid(childAt(info, 0, 'content info'), 'content type');
    if (type === PKCS12_OID.data) {
      const bytes = dataContent(info, 'safe contents');
      return { type: 'plain', safeContents: parseElement(bytes, 'safe contents') };
    }
    if (type === PKCS12_OID.encryptedData) return readEncryptedData(info);
    const layout =
      type === PKCS12_OID.envelopedData
        ? 'public-key encryption (envelopedData)'
        : type === PKCS12_OID.signedData
          ? 'public-key integrity (signedData)'
          : `content type ${type}`;
    throw new Pkcs12Error('unsupported', `the file uses ${layout}, not password protection`);
  });
  return { parts, authSafeContent, ...(macData ? { mac: readMacData(macData) } : {}) };
}

/** The OCTET STRING inside a `data` ContentInfo. */
function dataContent(info: Element, what: string): Buffer {
  const type = readOid(childAt(info, 0, what), what);
  if (type !== PKCS12_OID.data) {
    throw new Pkcs12Error('unsupported', `${what}: content type ${type} is not plain data`);
  }
  return readOctets(explicitContent(childAt(info, 1, what), 0, what), what);
}

/**
 * EncryptedData ::= SEQUENCE { version, EncryptedContentInfo ::= SEQUENCE { contentType,
 * contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING } }
 */
function readEncryptedData(info: Element): Part {
  const what = 'encrypted certificates';
  const encryptedData = explicitContent(childAt(info, 1, what), 0, what);
  const contentInfo = childAt(encryptedData, 1, what);
  const algorithm = childAt(contentInfo, 1, what);
  const content = childAt(contentInfo, 2, what);
  const ciphertext = readOctets(content, what, 0, TAG_CLASS.context);
  return { type: 'encrypted', algorithm, ciphertext };
}

/** MacData ::= SEQUENCE { DigestInfo { algorithm, digest }, macSalt, iterations DEFAULT 1 } */
function readMacData(macData: Element): MacData {
  const what = 'MAC';
  const digestInfo = childAt(macData, 0, what);
  const digestOid = readOid(childAt(childAt(digestInfo, 0, what), 0, what), what);
  const digest = readOctets(childAt(digestInfo, 1, what), what);
  const salt = readOctets(childAt(macData, 1, what), what);
  const count = childrenOf(macData, what)[2];
  const iterations = count ? readSmallInteger(count, 'MAC iterations') : 1;
  if (iterations < 1 || iterations > 10_000_000) {
    throw malformed(`MAC iteration count ${iterations} is out of range`);
  }
  return { digestOid, digest, salt, iterations };
}

function verifyMac(mac: MacData, authSafeContent: Buffer, password: string): void {
  if (mac.digestOid === PKCS12_OID.pbmac1) {
    throw new Pkcs12Error('unsupported', 'the file is protected with PBMAC1 (RFC 9579)');
  }
  const digest = DIGEST_BY_OID[mac.digestOid];
  if (!digest) throw new Pkcs12Error('unsupported', `MAC digest ${mac.digestOid}`);

  // OpenSSL also accepts an empty password given as "no password" (no terminator).
  const secrets = password === '' ? [bmpPassword(''), Buffer.alloc(0)] : [bmpPassword(password)];
  const matches = secrets.some((secret) => {
    const length = crypto.createHash(digest).digest().length;
    const key = pkcs12Kdf(secret, mac.salt, KDF_PURPOSE.mac, mac.iterations, length, digest);
    const expected = crypto.createHmac(digest, key).update(authSafeContent).digest();
    return expected.length === mac.digest.length && crypto.timingSafeEqual(expected, mac.digest);
  });
  if (!matches) {
    throw new Pkcs12Error('wrong-password', 'the MAC does not match: the password is wrong');
  }
}

interface Bag {
  type: string;
  /** The element inside bagValue's [0] EXPLICIT wrapper. */
  value: Element;
  attributes: { localKeyId?: string; friendlyName?: string };
}

function forEachBag(
  safeContents: Element,
  what: string,
  visit: (bag: Bag) => void,
  depth = 0,
): void {
  // Real files nest safe contents once if at all; a crafted file must not overflow the stack.
  if (depth > 16) throw malformed(`${what}: safe contents nested too deeply`);
  for (const bagElement of childrenOf(expectTag(safeContents, TAG.SEQUENCE, what), what)) {
    const type = readOid(childAt(bagElement, 0, 'safe bag'), 'safe bag type');
    const value = explicitContent(childAt(bagElement, 1, 'safe bag'), 0, 'safe bag value');
    const attributes = readAttributes(childrenOf(bagElement, 'safe bag')[2]);
    if (type === PKCS12_OID.safeContentsBag) {
      forEachBag(value, 'nested safe contents', visit, depth + 1);
    } else {
      visit({ type, value, attributes });
    }
  }
}

function readAttributes(set: Element | undefined): Bag['attributes'] {
  const found: Bag['attributes'] = {};
  if (!set) return found;
  for (const attribute of childrenOf(expectTag(set, TAG.SET, 'attributes'), 'attributes')) {
    const type = readOid(childAt(attribute, 0, 'attribute'), 'attribute type');
    const first = childAt(childAt(attribute, 1, 'attribute values'), 0, 'attribute value');
    if (type === PKCS12_OID.localKeyId) {
      found.localKeyId = readOctets(first, 'localKeyId').toString('hex');
    } else if (type === PKCS12_OID.friendlyName) {
      found.friendlyName = readBmpString(first, 'friendlyName');
    }
  }
  return found;
}

function collectBags(safeContents: Element, password: string, into: Pkcs12Contents): void {
  forEachBag(safeContents, 'safe contents', (bag) => {
    const { localKeyId, friendlyName } = bag.attributes;
    const labels = {
      ...(localKeyId !== undefined ? { localKeyId } : {}),
      ...(friendlyName !== undefined ? { friendlyName } : {}),
    };
    if (bag.type === PKCS12_OID.certBag) {
      // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING }
      const certType = readOid(childAt(bag.value, 0, 'certificate bag'), 'certificate type');
      if (certType !== PKCS12_OID.x509Certificate) return;
      const certValue = explicitContent(childAt(bag.value, 1, 'certificate'), 0, 'certificate');
      into.certificates.push({ der: readOctets(certValue, 'certificate'), ...labels });
    } else if (bag.type === PKCS12_OID.keyBag) {
      into.keys.push({ ...privateKey(bag.value.whole), ...labels });
    } else if (bag.type === PKCS12_OID.pkcs8ShroudedKeyBag) {
      // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
      const algorithm = childAt(bag.value, 0, 'private key');
      const ciphertext = readOctets(childAt(bag.value, 1, 'private key'), 'private key');
      into.keys.push({
        ...privateKey(decrypt(algorithm, ciphertext, password, 'the private key')),
        ...labels,
      });
    }
    // CRL and secret bags are not needed for a TLS client identity.
  });
}

function privateKey(pkcs8Der: Buffer): { key: crypto.KeyObject; pkcs8Der: Buffer } {
  try {
    return {
      key: crypto.createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' }),
      pkcs8Der,
    };
  } catch (error) {
    // A PrivateKeyInfo that parses but Node refuses is a key type it lacks (e.g. GOST);
    // anything else is bytes that only looked decrypted.
    let keyAlgorithm: string | undefined;
    try {
      keyAlgorithm = readOid(
        childAt(childAt(parseElement(pkcs8Der, 'key'), 1, 'key'), 0, 'key'),
        'key',
      );
    } catch {
      throw new Pkcs12Error('undecryptable', 'the private key did not decrypt to a key', {
        cause: error,
      });
    }
    throw new Pkcs12Error(
      'unsupported',
      `the private key is of type ${keyAlgorithm}, which Node.js cannot use`,
      {
        cause: error,
      },
    );
  }
}

function malformed(message: string): Pkcs12Error {
  return new Pkcs12Error('malformed', message);
}
