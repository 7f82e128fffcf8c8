/**
 * What is inside a PKCS#12 (.pfx) file, read with node-forge: which encryption algorithms
 * protect it (visible without the password) and, with the password, its certificates and
 * private keys. forge reads the legacy algorithms OpenSSL 3 refuses (RC2-40, 3DES), which
 * is what lets us explain such a file and re-wrap it.
 *
 * Layout (RFC 7292): PFX { version, authSafe ContentInfo, macData } where authSafe holds a
 * list of ContentInfo, each either plain `data` or `encryptedData` (its algorithm in clear),
 * wrapping SafeBags; a key bag is usually a shrouded (encrypted) PKCS#8 key.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;

/** Algorithm names by OID; `legacy` marks what OpenSSL 3's default provider lacks. */
const ALGORITHMS: Record<string, { name: string; legacy: boolean }> = {
  '1.2.840.113549.1.12.1.1': { name: 'RC4-128 (pbeWithSHAAnd128BitRC4)', legacy: true },
  '1.2.840.113549.1.12.1.2': { name: 'RC4-40 (pbeWithSHAAnd40BitRC4)', legacy: true },
  '1.2.840.113549.1.12.1.3': { name: '3DES (pbeWithSHAAnd3-KeyTripleDES-CBC)', legacy: false },
  '1.2.840.113549.1.12.1.4': {
    name: '2-key 3DES (pbeWithSHAAnd2-KeyTripleDES-CBC)',
    legacy: false,
  },
  '1.2.840.113549.1.12.1.5': { name: 'RC2-128 (pbeWithSHAAnd128BitRC2-CBC)', legacy: true },
  '1.2.840.113549.1.12.1.6': { name: 'RC2-40 (pbeWithSHAAnd40BitRC2-CBC)', legacy: true },
  '1.2.840.113549.1.5.1': { name: 'DES (pbeWithMD2AndDES-CBC)', legacy: true },
  '1.2.840.113549.1.5.3': { name: 'DES (pbeWithMD5AndDES-CBC)', legacy: true },
  '1.2.840.113549.1.5.4': { name: 'RC2 (pbeWithMD2AndRC2-CBC)', legacy: true },
  '1.2.840.113549.1.5.6': { name: 'RC2 (pbeWithMD5AndRC2-CBC)', legacy: true },
  '1.2.840.113549.1.5.10': { name: 'DES (pbeWithSHA1AndDES-CBC)', legacy: true },
  '1.2.840.113549.1.5.11': { name: 'RC2 (pbeWithSHA1AndRC2-CBC)', legacy: true },
  // Ciphers inside PBES2 (1.2.840.113549.1.5.13)
  '2.16.840.1.101.3.4.1.2': { name: 'AES-128-CBC (PBES2)', legacy: false },
  '2.16.840.1.101.3.4.1.22': { name: 'AES-192-CBC (PBES2)', legacy: false },
  '2.16.840.1.101.3.4.1.42': { name: 'AES-256-CBC (PBES2)', legacy: false },
  '1.2.840.113549.3.7': { name: '3DES (PBES2 des-ede3-cbc)', legacy: false },
  '1.3.14.3.2.7': { name: 'DES (PBES2 des-cbc)', legacy: true },
  '1.2.840.113549.3.2': { name: 'RC2 (PBES2 rc2-cbc)', legacy: true },
};
const PBES2 = '1.2.840.113549.1.5.13';
const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
} as const;

export interface AlgorithmUse {
  /** What it protects. */
  protects: 'certificates' | 'private key';
  oid: string;
  name: string;
  /** OpenSSL 3 refuses it without its legacy provider. */
  legacy: boolean;
}

/** Throws when the bytes are not a PKCS#12 structure. Needs no password. */
export function readPkcs12Algorithms(pfx: Buffer): AlgorithmUse[] {
  const root = asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
  const authSafe = child(root, 1);
  const authSafeBytes = octetStringBytes(child(child(authSafe, 1), 0));
  const contentInfos = asn1.fromDer(forge.util.createBuffer(authSafeBytes));

  const uses: AlgorithmUse[] = [];
  for (const info of children(contentInfos)) {
    const type = oidOf(child(info, 0));
    const content = child(child(info, 1), 0);
    if (type === OID.encryptedData) {
      // EncryptedData { version, EncryptedContentInfo { contentType, algorithm, ... } }
      const algorithm = child(child(content, 1), 1);
      uses.push(describeAlgorithm('certificates', algorithm));
    } else if (type === OID.data) {
      const bags = asn1.fromDer(forge.util.createBuffer(octetStringBytes(content)));
      for (const bag of children(bags)) {
        if (oidOf(child(bag, 0)) !== OID.pkcs8ShroudedKeyBag) continue;
        // EncryptedPrivateKeyInfo { algorithm, encryptedData }
        const algorithm = child(child(child(bag, 1), 0), 0);
        uses.push(describeAlgorithm('private key', algorithm));
      }
    }
  }
  return uses;
}

function describeAlgorithm(protects: AlgorithmUse['protects'], id: forge.asn1.Asn1): AlgorithmUse {
  let oid = oidOf(child(id, 0));
  if (oid === PBES2) {
    // PBES2-params { keyDerivationFunc, encryptionScheme { oid, iv } }
    oid = oidOf(child(child(child(id, 1), 1), 0));
  }
  const known = ALGORITHMS[oid];
  return {
    protects,
    oid,
    name: known?.name ?? `unknown algorithm ${oid}`,
    legacy: known?.legacy ?? false,
  };
}

export interface Pkcs12Contents {
  /** DER of every certificate, in file order. */
  certificates: { der: Buffer; localKeyId?: string; friendlyName?: string }[];
  /** Every private key as a Node KeyObject, with the PKCS#8 DER forge decrypted. */
  keys: { key: crypto.KeyObject; pkcs8Der: Buffer; localKeyId?: string }[];
}

/**
 * Opens the file with the password. Throws forge's error on a wrong password ("MAC could
 * not be verified") or an algorithm forge cannot read; callers classify it.
 */
export function decryptPkcs12(pfx: Buffer, password: string): Pkcs12Contents {
  // TODO(#3): forge feeds PBKDF2 (AES files) the password's UTF-16 code units, OpenSSL its
  // UTF-8 bytes; a non-ASCII password may open the file in TLS but fail here (untested).
  const der = asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
  const p12 = forge.pkcs12.pkcs12FromAsn1(der, true, password);

  const contents: Pkcs12Contents = { certificates: [], keys: [] };
  for (const safe of p12.safeContents) {
    for (const bag of safe.safeBags) {
      const localKeyId = attribute(bag, 'localKeyId', (v) => forge.util.bytesToHex(v));
      if (bag.type === forge.pki.oids.certBag) {
        // forge leaves `cert` null for key types it cannot model (e.g. EC) but keeps the ASN.1.
        const certAsn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        if (!certAsn1) continue;
        const friendlyName = attribute(bag, 'friendlyName', (v) => v);
        contents.certificates.push({ der: toBuffer(certAsn1), localKeyId, friendlyName });
      } else if (
        bag.type === forge.pki.oids.pkcs8ShroudedKeyBag ||
        bag.type === forge.pki.oids.keyBag
      ) {
        const infoAsn1 = bag.key
          ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))
          : bag.asn1;
        if (!infoAsn1) continue;
        const pkcs8Der = toBuffer(infoAsn1);
        const key = crypto.createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
        contents.keys.push({ key, pkcs8Der, localKeyId });
      }
    }
  }
  return contents;
}

/** True when forge's error says the MAC (hence the password) did not match. */
export function isWrongPasswordError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /MAC could not be verified|wrong password|Invalid password/i.test(message);
}

/** True when forge cannot read one of the algorithms (not a damaged file). */
export function isUnsupportedAlgorithmError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /Unsupported OID|unsupported.*algorithm|Cannot read encrypted PBE/i.test(message);
}

function attribute<T>(
  bag: forge.pkcs12.Bag,
  name: string,
  convert: (value: string) => T,
): T | undefined {
  const values = (bag.attributes as Record<string, string[] | undefined>)[name];
  return values && values.length > 0 ? convert(values[0]!) : undefined;
}

function toBuffer(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

function children(node: forge.asn1.Asn1): forge.asn1.Asn1[] {
  if (!Array.isArray(node.value)) throw new Error('expected a constructed ASN.1 value');
  return node.value;
}

function child(node: forge.asn1.Asn1, index: number): forge.asn1.Asn1 {
  const found = children(node)[index];
  if (!found) throw new Error(`ASN.1 element ${index} missing`);
  return found;
}

function oidOf(node: forge.asn1.Asn1): string {
  if (node.type !== asn1.Type.OID || typeof node.value !== 'string') {
    throw new Error('expected an OID');
  }
  return asn1.derToOid(node.value);
}

/** An OCTET STRING's bytes, also when BER splits it into constructed chunks. */
function octetStringBytes(node: forge.asn1.Asn1): string {
  if (typeof node.value === 'string') return node.value;
  return children(node)
    .map((part) => octetStringBytes(part))
    .join('');
}
