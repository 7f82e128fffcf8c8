/**
 * Whether this Node's OpenSSL takes the pfx as a TLS client identity: the final word, since
 * the gateway client hands exactly these bytes and password to `https`. The OpenSSL error
 * is classified so the loader can say what is wrong in words.
 */
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
