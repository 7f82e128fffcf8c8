/**
 * Writes a PKCS#12 (.pfx) file in the layout OpenSSL 3 writes by default, so that every
 * OpenSSL and Windows since 2016 opens it: the certificates in an encryptedData part, each
 * key in a shrouded key bag, both PBES2/AES-256-CBC, and an HMAC-SHA256 MAC over the whole.
 * Certificates go in byte for byte as given; keys as PKCS#8, so RSA and EC alike.
 */
import crypto from 'node:crypto';
import { der } from './der';
import {
  bmpPassword,
  encryptPbes2Aes256,
  KDF_PURPOSE,
  pkcs12Kdf,
  type Digest,
  type Encrypted,
} from './password-based-encryption';
import { PKCS12_OID } from './read-pkcs12';

export interface Pkcs12Entry {
  /** Hex; the same value on a key and its certificate pairs them. */
  localKeyId?: string;
  friendlyName?: string;
}

export interface Pkcs12Input {
  certificates: (Pkcs12Entry & { der: Buffer })[];
  keys: (Pkcs12Entry & { pkcs8Der: Buffer })[];
}

export type Encrypter = (plaintext: Buffer, password: string) => Encrypted;

export interface Pkcs12Protection {
  /** null writes the certificates unencrypted (as `data`). */
  encryptCertificates: Encrypter | null;
  encryptKeys: Encrypter;
  mac: { digest: Digest; iterations: number };
}

/** OpenSSL 3's defaults (`openssl pkcs12 -export`). */
export const MODERN_PROTECTION: Pkcs12Protection = {
  encryptCertificates: encryptPbes2Aes256,
  encryptKeys: encryptPbes2Aes256,
  mac: { digest: 'sha256', iterations: 2048 },
};

const DIGEST_OID: Record<Digest, string> = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

export function writePkcs12(
  input: Pkcs12Input,
  password: string,
  protection: Pkcs12Protection = MODERN_PROTECTION,
): Buffer {
  const certBags = input.certificates.map((certificate) =>
    safeBag(
      PKCS12_OID.certBag,
      der.sequence([
        der.oid(PKCS12_OID.x509Certificate),
        der.explicit(0, der.octetString(certificate.der)),
      ]),
      certificate,
    ),
  );
  const keyBags = input.keys.map((key) => {
    const { algorithm, ciphertext } = protection.encryptKeys(key.pkcs8Der, password);
    return safeBag(
      PKCS12_OID.pkcs8ShroudedKeyBag,
      der.sequence([algorithm, der.octetString(ciphertext)]),
      key,
    );
  });

  const certificatePart = protection.encryptCertificates
    ? encryptedDataInfo(protection.encryptCertificates(der.sequence(certBags), password))
    : dataInfo(der.sequence(certBags));
  const authSafeContent = der.sequence([certificatePart, dataInfo(der.sequence(keyBags))]);

  return der.sequence([
    der.integer(3),
    dataInfo(authSafeContent),
    macData(authSafeContent, password, protection.mac),
  ]);
}

function safeBag(type: string, value: Buffer, entry: Pkcs12Entry): Buffer {
  const attributes: Buffer[] = [];
  if (entry.friendlyName !== undefined) {
    attributes.push(
      der.sequence([
        der.oid(PKCS12_OID.friendlyName),
        der.set([der.bmpString(entry.friendlyName)]),
      ]),
    );
  }
  if (entry.localKeyId !== undefined) {
    attributes.push(
      der.sequence([
        der.oid(PKCS12_OID.localKeyId),
        der.set([der.octetString(Buffer.from(entry.localKeyId, 'hex'))]),
      ]),
    );
  }
  return der.sequence([
    der.oid(type),
    der.explicit(0, value),
    ...(attributes.length > 0 ? [der.set(attributes)] : []),
  ]);
}

function dataInfo(content: Buffer): Buffer {
  return der.sequence([der.oid(PKCS12_OID.data), der.explicit(0, der.octetString(content))]);
}

function encryptedDataInfo({ algorithm, ciphertext }: Encrypted): Buffer {
  const encryptedData = der.sequence([
    der.integer(0),
    der.sequence([der.oid(PKCS12_OID.data), algorithm, der.implicitPrimitive(0, ciphertext)]),
  ]);
  return der.sequence([der.oid(PKCS12_OID.encryptedData), der.explicit(0, encryptedData)]);
}

function macData(authSafeContent: Buffer, password: string, mac: Pkcs12Protection['mac']): Buffer {
  const salt = crypto.randomBytes(mac.digest === 'sha1' ? 8 : 16);
  const length = crypto.createHash(mac.digest).digest().length;
  const key = pkcs12Kdf(
    bmpPassword(password),
    salt,
    KDF_PURPOSE.mac,
    mac.iterations,
    length,
    mac.digest,
  );
  const digest = crypto.createHmac(mac.digest, key).update(authSafeContent).digest();
  return der.sequence([
    der.sequence([
      der.sequence([der.oid(DIGEST_OID[mac.digest]), der.null()]),
      der.octetString(digest),
    ]),
    der.octetString(salt),
    der.integer(mac.iterations),
  ]);
}
