/**
 * Building blocks of the TEST-ONLY public key infrastructure: RSA keys, X.509 certificates
 * and PKCS#12 (.pfx) files made with node-forge. Nothing made here may ever be used for real
 * payments: the keys sit unencrypted in a git-ignored folder and the password is public.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';

/** Every subject made here says what it is, so a leaked file explains itself. */
export const TEST_ORGANIZATION = 'webmoney-qr-pos TEST ONLY';
export const TEST_ORG_UNIT = 'TEST-ONLY key - never use for real payments';

export interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

/**
 * A 2048-bit RSA key. Node's OpenSSL makes it in milliseconds on the libuv thread pool (so
 * several run in parallel); forge's pure-JS generator would take seconds each, so only the
 * finished key is handed to forge.
 */
export async function newRsaKeyPair(): Promise<KeyPair> {
  const pem = await new Promise<string>((resolve, reject) =>
    crypto.generateKeyPair(
      'rsa',
      {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      },
      (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey)),
    ),
  );
  const forgeKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

export type CertificateRole = 'ca' | 'server' | 'client';

export interface CertificateSpec {
  role: CertificateRole;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: forge.pki.rsa.PublicKey;
  /** The signer; omitted for a self-signed CA (then `selfKey` signs). */
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  selfKey?: forge.pki.rsa.PrivateKey;
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Hex; default a fresh random one. Tests pin it to check how a serial is encoded. */
  serialNumber?: string;
}

export function buildCertificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  cert.serialNumber = spec.serialNumber ?? randomSerial();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject([
    { shortName: 'CN', value: spec.commonName },
    { shortName: 'O', value: TEST_ORGANIZATION },
    { shortName: 'OU', value: TEST_ORG_UNIT },
  ]);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : cert.subject.attributes);
  cert.setExtensions(extensionsFor(spec));

  const signingKey = spec.issuer?.key ?? spec.selfKey;
  if (!signingKey) throw new Error(`certificate ${spec.commonName}: no issuer and no selfKey`);
  cert.sign(signingKey, forge.md.sha256.create());
  assertOpenSslReads(cert, spec.commonName);
  return cert;
}

/**
 * forge writes whatever it is given, OpenSSL is strict: a certificate OpenSSL refuses must
 * fail here, naming itself, not later as a bare "illegal padding" from a TLS call in some
 * test, or worse, be cached in certs-test/out and break every run until it is remade. PEM,
 * because Node reports a refused DER certificate as the misleading "no start line".
 */
function assertOpenSslReads(cert: forge.pki.Certificate, commonName: string): void {
  try {
    new crypto.X509Certificate(forge.pki.certificateToPem(cert));
  } catch (error) {
    throw new Error(
      `certificate ${commonName} (serial ${cert.serialNumber}): OpenSSL refuses what forge ` +
        `built (${error instanceof Error ? error.message : String(error)}); a bug in ` +
        `certs-test/test-pki.ts`,
      { cause: error },
    );
  }
}

function extensionsFor(spec: CertificateSpec): object[] {
  if (spec.role === 'ca') {
    return [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ];
  }
  const altNames = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(spec.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: spec.role === 'server', clientAuth: spec.role === 'client' },
    { name: 'subjectKeyIdentifier' },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
  ];
}

function randomSerial(): string {
  return serialFromRandomBytes(crypto.randomBytes(SERIAL_BYTES));
}

/** 16 octets: RFC 5280 4.1.2.2 allows up to 20, positive; 126 random bits are plenty. */
export const SERIAL_BYTES = 16;

/**
 * A serial in hex whose DER INTEGER is exactly these 16 octets: the first one is forced
 * into 0x40..0x7f, so its top bit is clear (positive) and it is never zero (minimal).
 * Clearing only the top bit, as before, let random bytes 00 00 0x.. through (1 in 65,536):
 * forge's encoder drops just ONE leading zero, the certificate kept a padded INTEGER, and
 * OpenSSL refused it as "illegal padding" (ASN1_R_ILLEGAL_PADDING, a flaky test).
 */
export function serialFromRandomBytes(random: Uint8Array): string {
  if (random.length !== SERIAL_BYTES) {
    throw new Error(`serialFromRandomBytes: need ${SERIAL_BYTES} bytes, got ${random.length}`);
  }
  const bytes = Buffer.from(random);
  bytes[0] = 0x40 | (bytes[0]! & 0x3f);
  return bytes.toString('hex');
}

/**
 * A password-protected PKCS#12 that OpenSSL 3 (and so Node's TLS) accepts: the key is
 * encrypted with AES-256 (PBES2, PBKDF2 with HMAC-SHA256); `key` null makes a pfx without
 * a private key (one of the bad files the loader must explain).
 */
export function buildModernPfx(options: {
  key: forge.pki.rsa.PrivateKey | null;
  chain: forge.pki.Certificate[];
  password: string;
  friendlyName: string;
}): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(options.key, options.chain, options.password, {
    algorithm: 'aes256',
    friendlyName: options.friendlyName,
    generateLocalKeyId: true,
    // forge takes it (it passes the options to encryptPrivateKeyInfo); its types lack it.
    ...({ prfAlgorithm: 'sha256' } as object),
  });
  return derToBuffer(asn1);
}

export function derToBuffer(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export function certificateToDer(cert: forge.pki.Certificate): Buffer {
  return derToBuffer(forge.pki.certificateToAsn1(cert));
}

/** SHA-256 of the certificate's DER, hex: how the manifest names an issuing CA. */
export function certificateFingerprint(cert: forge.pki.Certificate): string {
  return crypto.createHash('sha256').update(certificateToDer(cert)).digest('hex');
}
