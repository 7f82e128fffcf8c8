/**
 * Node's errors from a failed exchange → GatewayError. Connection trouble is worth retrying
 * with the same request; a certificate problem or a wrong host name is not.
 */
import { GatewayError } from './gateway-error';

/** Connection failures that can heal by themselves within a payment's minutes. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EAI_AGAIN',
]);

/** OpenSSL and Node TLS codes: a certificate was refused on one side or the other. */
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_)|CERT|SIGNATURE|ISSUER/;

export function networkError(
  error: unknown,
  context: { operation: string; paymentId: string; url: string },
): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const reason = error instanceof Error ? error.message : String(error);
  const where = `${context.operation} to ${context.url}`;
  const options = { operation: context.operation, paymentId: context.paymentId, cause: error };

  if (TRANSIENT_CODES.has(code) || reason === 'socket hang up') {
    return new GatewayError('GATEWAY_CONNECTION', `${where} failed: ${reason} (${code})`, {
      ...options,
      details: { networkCode: code },
    });
  }
  if (code === 'ENOTFOUND') {
    return new GatewayError(
      'GATEWAY_CONNECTION',
      `${where} failed: the host name is not known; check the gateway URL`,
      { ...options, retryable: false, details: { networkCode: code } },
    );
  }
  if (TLS_CODE.test(code)) {
    return new GatewayError(
      'GATEWAY_TLS',
      `${where} failed in TLS: ${reason} (${code}); check the gateway URL, the CA file and ` +
        "the point's certificate",
      { ...options, details: { networkCode: code } },
    );
  }
  return new GatewayError('GATEWAY_CONNECTION', `${where} failed: ${reason}`, {
    ...options,
    retryable: false,
    details: { networkCode: code },
  });
}
