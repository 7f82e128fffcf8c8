/**
 * A loaded point certificate: the pfx bytes and password for the TLS options, plus the facts
 * people need in messages. The password is a non-enumerable property, so util.inspect,
 * JSON.stringify, loggers and object spread never carry it; read it as `cert.passphrase`.
 */
import util from 'node:util';

export interface PointCertificate {
  /** The file's bytes, as-is: pass with `passphrase` to `https`/`tls` options. */
  readonly pfx: Buffer;
  /** Hidden from inspect/JSON/spread on purpose; read it explicitly. */
  readonly passphrase: string;
  readonly subjectCN: string;
  readonly issuerCN: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Absolute path of the file it came from. */
  readonly file: string;
  /** Full subject and issuer ("CN=100200300, O=..."). */
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly fingerprintSha256: string;
}

export function createPointCertificate(
  facts: Omit<PointCertificate, 'passphrase'>,
  passphrase: string,
): PointCertificate {
  const certificate = { ...facts } as PointCertificate;
  Object.defineProperty(certificate, 'passphrase', { value: passphrase, enumerable: false });
  Object.defineProperty(certificate, 'toJSON', { value: () => summary(facts), enumerable: false });
  Object.defineProperty(certificate, util.inspect.custom, {
    value: () => `PointCertificate ${util.inspect(summary(facts))}`,
    enumerable: false,
  });
  return Object.freeze(certificate);
}

function summary(facts: Omit<PointCertificate, 'passphrase'>) {
  return {
    file: facts.file,
    subjectCN: facts.subjectCN,
    issuerCN: facts.issuerCN,
    notBefore: facts.notBefore.toISOString(),
    notAfter: facts.notAfter.toISOString(),
    fingerprintSha256: facts.fingerprintSha256,
    pfx: `<${facts.pfx.length} bytes>`,
    passphrase: '[hidden]',
  };
}
