/**
 * Whether this Node's OpenSSL takes the pfx as a TLS client identity: the final word, since
 * the gateway client hands exactly these bytes and password to `https`. The OpenSSL error
 * is classified so the loader can say what is wrong in words.
 */
import crypto from 'node:crypto';
import tls from 'node:tls';

export type TlsVerdict =
  | { accepted: true }
  | {
      accepted: false;
      reason: 'bad-password' | 'unsupported-algorithm' | 'no-key' | 'key-mismatch' | 'other';
      /** OpenSSL's own text (never holds the password). */
      opensslMessage: string;
      error: Error;
    };

export function probeTlsAcceptance(pfx: Buffer, passphrase: string): TlsVerdict {
  try {
    tls.createSecureContext({ pfx, passphrase });
    return { accepted: true };
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    return { accepted: false, reason: classify(error), opensslMessage: error.message, error };
  }
}

/**
 * The certificate OpenSSL would present from this pfx, read through the secure context's
 * native handle (present on Node 20 and later, though not in Node's typings); undefined when
 * OpenSSL does not take the file or this Node lacks the call. OpenSSL has already checked
 * that the key belongs to it.
 */
export function readTlsLeafCertificate(
  pfx: Buffer,
  passphrase: string,
): crypto.X509Certificate | undefined {
  try {
    const { context } = tls.createSecureContext({ pfx, passphrase }) as tls.SecureContext & {
      context: { getCertificate?: () => Buffer | null };
    };
    const der = context.getCertificate?.();
    return der ? new crypto.X509Certificate(der) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Measured on Node 20 / OpenSSL 3.0: a wrong password gives "mac verify failure"; RC2/RC4/DES
 * give ERR_CRYPTO_UNSUPPORTED_OPERATION "Unsupported PKCS12 PFX data" (or an
 * "unsupported" fetch error); a pfx without a key gives "Unable to load private key".
 */
function classify(error: Error): Exclude<TlsVerdict, { accepted: true }>['reason'] {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const text = error.message;
  if (/mac verify failure/i.test(text)) return 'bad-password';
  if (code === 'ERR_CRYPTO_UNSUPPORTED_OPERATION' || /unsupported/i.test(text)) {
    return 'unsupported-algorithm';
  }
  if (/key values mismatch/i.test(text)) return 'key-mismatch';
  if (/private key/i.test(text)) return 'no-key';
  return 'other';
}
