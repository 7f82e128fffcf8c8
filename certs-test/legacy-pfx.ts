/**
 * A TEST-ONLY PKCS#12 in the old layout that Windows and OpenSSL 1.x wrote for years: the
 * certificates encrypted with pbeWithSHAAnd40BitRC2-CBC, the key with
 * pbeWithSHAAnd3-KeyTripleDES-CBC, a SHA-1 MAC. OpenSSL 3 refuses it (RC2 lives only in its
 * "legacy" provider), which is what the loader must explain and `wmqr cert convert` must fix.
 *
 * forge reads this layout but cannot write it, so the structure is assembled here from the
 * PKCS#12 (RFC 7292) and PKCS#7 (RFC 2315) definitions.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { der } from '../src/gateway/certificate/pkcs12/der';
import {
  bmpPassword,
  pkcs12Kdf,
  type Encrypted,
} from '../src/gateway/certificate/pkcs12/password-based-encryption';
import type { Pkcs12Protection } from '../src/gateway/certificate/pkcs12/write-pkcs12';
import { derToBuffer } from './test-pki';

const { asn1 } = forge;
const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbeWithSHAAnd40BitRC2CBC: '1.2.840.113549.1.12.1.6',
  pbeWithSHAAnd3KeyTripleDESCBC: '1.2.840.113549.1.12.1.3',
  sha1: '1.3.14.3.2.26',
} as const;

/** PKCS#12 key-derivation "ID" bytes, RFC 7292 appendix B.3. */
const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;
const ITERATIONS = 2048;

export function buildLegacyRc2Pfx(options: {
  key: forge.pki.rsa.PrivateKey;
  chain: forge.pki.Certificate[];
  password: string;
  friendlyName: string;
}): Buffer {
  const { password } = options;
  const leaf = options.chain[0];
  if (!leaf) throw new Error('buildLegacyRc2Pfx: the chain is empty');
  const localKeyId = forge.md.sha1
    .create()
    .update(asn1.toDer(forge.pki.certificateToAsn1(leaf)).getBytes())
    .digest()
    .getBytes();
  const leafAttributes = bagAttributes(options.friendlyName, localKeyId);

  const certBags = options.chain.map((cert, i) =>
    safeBag(OID.certBag, certBagValue(cert), i === 0 ? leafAttributes : undefined),
  );
  const encryptedKey = forge.pki.encryptPrivateKeyInfo(
    forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(options.key)),
    password,
    { algorithm: '3des', count: ITERATIONS },
  );
  const keyBag = safeBag(OID.pkcs8ShroudedKeyBag, encryptedKey, leafAttributes);

  const authenticatedSafe = seq([
    rc2EncryptedContentInfo(seq(certBags), password),
    dataContentInfo(seq([keyBag])),
  ]);
  const authSafeBytes = asn1.toDer(authenticatedSafe).getBytes();

  const pfx = seq([
    int(3),
    contentInfo(OID.data, octets(authSafeBytes)),
    macData(authSafeBytes, password),
  ]);
  return derToBuffer(pfx);
}

function rc2EncryptedContentInfo(safeContents: forge.asn1.Asn1, password: string) {
  const salt = forge.util.binary.raw.encode(crypto.randomBytes(8));
  const key = pkcs12Key(password, salt, KDF_ID.key, 5); // 40 bits
  const iv = pkcs12Key(password, salt, KDF_ID.iv, 8);
  const cipher = forge.rc2.createEncryptionCipher(key, 40);
  cipher.start(iv);
  cipher.update(forge.util.createBuffer(asn1.toDer(safeContents).getBytes()));
  if (!cipher.finish()) throw new Error('RC2 encryption failed');

  const encryptedData = seq([
    int(0),
    seq([
      oid(OID.data),
      seq([oid(OID.pbeWithSHAAnd40BitRC2CBC), seq([octets(salt), int(ITERATIONS)])]),
      // encryptedContent [0] IMPLICIT OCTET STRING
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, cipher.output.getBytes()),
    ]),
  ]);
  return contentInfo(OID.encryptedData, encryptedData);
}

function macData(authSafeBytes: string, password: string) {
  const salt = forge.util.binary.raw.encode(crypto.randomBytes(8));
  const macKey = pkcs12Key(password, salt, KDF_ID.mac, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', macKey);
  hmac.update(authSafeBytes);
  const digest = hmac.digest().getBytes();
  return seq([
    seq([
      seq([oid(OID.sha1), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]),
      octets(digest),
    ]),
    octets(salt),
    int(ITERATIONS),
  ]);
}

function pkcs12Key(password: string, salt: string, id: number, length: number): string {
  const derive = (
    forge.pkcs12 as unknown as {
      generateKey(
        p: string,
        s: forge.util.ByteBuffer,
        id: number,
        iter: number,
        n: number,
      ): forge.util.ByteBuffer;
    }
  ).generateKey;
  return derive(password, forge.util.createBuffer(salt), id, ITERATIONS, length).getBytes();
}

function certBagValue(cert: forge.pki.Certificate) {
  const der = asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return seq([oid(OID.x509Certificate), explicit0(octets(der))]);
}

function safeBag(bagId: string, value: forge.asn1.Asn1, attributes?: forge.asn1.Asn1) {
  return seq([oid(bagId), explicit0(value), ...(attributes ? [attributes] : [])]);
}

/** friendlyName is a BMPString; forge's encoder writes a JS string as UTF-16BE itself. */
function bagAttributes(friendlyName: string, localKeyId: string) {
  const bmp = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName);
  return set([
    seq([oid(OID.friendlyName), set([bmp])]),
    seq([oid(OID.localKeyId), set([octets(localKeyId)])]),
  ]);
}

function contentInfo(type: string, content: forge.asn1.Asn1) {
  return seq([oid(type), explicit0(content)]);
}

function dataContentInfo(safeContents: forge.asn1.Asn1) {
  return contentInfo(OID.data, octets(asn1.toDer(safeContents).getBytes()));
}

const seq = (items: forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (dotted: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
const octets = (bytes: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const int = (n: number) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const explicit0 = (inner: forge.asn1.Asn1) =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);

/**
 * The same legacy layout as `buildLegacyRc2Pfx` (RC2-40 certificates, 3DES key, SHA-1 MAC) as
 * a protection for the project's PKCS#12 writer, for files buildLegacyRc2Pfx cannot make:
 * several keys, EC keys, certificates in unusual encodings. `openssl pkcs12 -legacy` reads
 * what it writes (see openssl-pfx.ts), which is how tests know the files are real.
 */
export const LEGACY_PROTECTION: Pkcs12Protection = {
  encryptCertificates: (plaintext, password) =>
    encryptWithPkcs12Pbe(OID.pbeWithSHAAnd40BitRC2CBC, plaintext, password),
  encryptKeys: (plaintext, password) =>
    encryptWithPkcs12Pbe(OID.pbeWithSHAAnd3KeyTripleDESCBC, plaintext, password),
  mac: { digest: 'sha1', iterations: ITERATIONS },
};

function encryptWithPkcs12Pbe(oid: string, plaintext: Buffer, password: string): Encrypted {
  const salt = crypto.randomBytes(8);
  const secret = bmpPassword(password);
  const rc2 = oid === OID.pbeWithSHAAnd40BitRC2CBC;
  const key = pkcs12Kdf(secret, salt, KDF_ID.key, ITERATIONS, rc2 ? 5 : 24, 'sha1');
  const iv = pkcs12Kdf(secret, salt, KDF_ID.iv, ITERATIONS, 8, 'sha1');

  let ciphertext: Buffer;
  if (rc2) {
    const cipher = forge.rc2.createEncryptionCipher(key.toString('binary'), 40);
    cipher.start(iv.toString('binary'));
    cipher.update(forge.util.createBuffer(plaintext.toString('binary')));
    if (!cipher.finish()) throw new Error('RC2 encryption failed');
    ciphertext = Buffer.from(cipher.output.getBytes(), 'binary');
  } else {
    const cipher = crypto.createCipheriv('des-ede3-cbc', key, iv);
    ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  }
  const parameters = der.sequence([der.octetString(salt), der.integer(ITERATIONS)]);
  return { algorithm: der.sequence([der.oid(oid), parameters]), ciphertext };
}
