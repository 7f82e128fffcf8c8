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
}

export function buildCertificate(spec: CertificateSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  cert.serialNumber = randomSerial();
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
  return cert;
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

/** A positive 128-bit serial in hex (a clear top bit keeps the DER integer positive). */
function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
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
