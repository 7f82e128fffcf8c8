/**
 * How the controller reads gateway failures. It relies only on the stable `code` and
 * `retryable` fields every gateway error carries (src/gateway/gateway-error-codes.ts), so a
 * test fake or another gateway implementation can speak the same language.
 */

/** The gateway answered that it does not know the payment (retval -6). */
export function isPaymentNotFound(error: unknown): boolean {
  return codeOf(error) === 'GATEWAY_NOT_FOUND';
}

/** Repeating the same request may help (5xx, resets, timeouts, retval -100). */
export function isRetryable(error: unknown): boolean {
  return (error as { retryable?: unknown } | undefined)?.retryable === true;
}

/**
 * Refusals after which the payment surely does not exist at the gateway: it answered with a
 * definite "no", or the request never left (configuration, TLS handshake, local state).
 * Anything else after QrCreate (timeouts, garbled answers) may hide a created payment.
 */
const NOTHING_CREATED = new Set([
  'GATEWAY_CONFIG',
  'GATEWAY_REQUEST_INVALID',
  'GATEWAY_SIGNATURE',
  'GATEWAY_REQN',
  'GATEWAY_UNKNOWN_POINT',
  'GATEWAY_ID_CONFLICT',
  'GATEWAY_PAYSYSTEM_DISABLED',
  'GATEWAY_AMOUNT_LIMITS',
  'GATEWAY_TLS',
  'GATEWAY_STATE_STORE',
]);

export function createSurelyRefused(error: unknown): boolean {
  return NOTHING_CREATED.has(codeOf(error) ?? '');
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
