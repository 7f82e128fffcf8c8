/**
 * Why a PKCS#12 file could not be read. Internal to the certificate module: the loader and
 * the converter turn it into a CertificateError that names the file and what to do.
 * Messages never hold the password or key material.
 */
export type Pkcs12ErrorKind =
  /** Not PKCS#12, or damaged. */
  | 'malformed'
  /** The integrity check (MAC) failed: the password is wrong. */
  | 'wrong-password'
  /** An algorithm or layout this reader does not implement. */
  | 'unsupported'
  /** The MAC passed but a part did not decrypt: the parts use another password encoding. */
  | 'undecryptable';

export class Pkcs12Error extends Error {
  constructor(
    readonly kind: Pkcs12ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'Pkcs12Error';
  }
}

export function isPkcs12Error(error: unknown, kind?: Pkcs12ErrorKind): error is Pkcs12Error {
  return error instanceof Pkcs12Error && (kind === undefined || error.kind === kind);
}
