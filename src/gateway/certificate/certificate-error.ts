/**
 * Errors of loading, checking and converting a point certificate `<POS number>.pfx`.
 * Messages name the file and what to do; they never contain the password or key material.
 */
import { WmqrError } from '../../core/errors';

export const CERT_ERROR = {
  /** No `<POS number>.pfx` in the folder (or no folder). */
  NOT_FOUND: 'CERT_NOT_FOUND',
  /** The file exists but is not a PKCS#12 file we can read, or cannot be opened. */
  UNREADABLE: 'CERT_UNREADABLE',
  /** The password does not open the file (PKCS#12 MAC check failed). */
  BAD_PASSWORD: 'CERT_BAD_PASSWORD',
  /** Encrypted with an algorithm OpenSSL 3 refuses (RC2, RC4, DES): `wmqr cert convert`. */
  LEGACY_ENCRYPTION: 'CERT_LEGACY_ENCRYPTION',
  EXPIRED: 'CERT_EXPIRED',
  NOT_YET_VALID: 'CERT_NOT_YET_VALID',
  /** The subject CN is not the configured POS number. */
  CN_MISMATCH: 'CERT_CN_MISMATCH',
  /** The file holds certificates but no private key. */
  NO_KEY: 'CERT_NO_KEY',
  /** The private key does not belong to the certificate. */
  KEY_MISMATCH: 'CERT_KEY_MISMATCH',
  /** `wmqr cert convert` cannot re-wrap this file (an algorithm or key type it cannot read). */
  CONVERT_UNSUPPORTED: 'CERT_CONVERT_UNSUPPORTED',
  /** `wmqr cert convert --out FILE`: FILE exists already (never overwritten). */
  CONVERT_TARGET_EXISTS: 'CERT_CONVERT_TARGET_EXISTS',
} as const;

export type CertificateErrorCode = (typeof CERT_ERROR)[keyof typeof CERT_ERROR];

export class CertificateError extends WmqrError {
  declare readonly code: CertificateErrorCode;

  constructor(
    code: CertificateErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}
