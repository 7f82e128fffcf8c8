/**
 * Errors of the local HTTP service and the HTTP status each error code is answered with.
 * Payment-core codes (PAYMENT_*, BAD_AMOUNT) keep their own code on the wire; the service
 * adds its own under HTTP_* and SERVICE_*. docs/http-api.md lists them all.
 */
import { WmqrError } from '../core/errors';

/** A request the service refuses; `field` names the bad part of the input, when there is one. */
export class ServiceRequestError extends WmqrError {
  readonly field?: string;

  constructor(
    code: string,
    message: string,
    options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, {
      cause: options.cause,
      details: { ...options.details, ...(options.field ? { field: options.field } : {}) },
    });
    this.field = options.field;
  }
}

/** HTTP status per error code; any code not listed is a 500. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  // The request itself.
  HTTP_BAD_JSON: 400,
  HTTP_FIELD_MISSING: 400,
  HTTP_FIELD_INVALID: 400,
  HTTP_UNKNOWN_FIELD: 400,
  HTTP_BAD_QUERY: 400,
  HTTP_UNAUTHORIZED: 401,
  HTTP_FORBIDDEN_ORIGIN: 403,
  HTTP_FORBIDDEN_HOST: 403,
  HTTP_NOT_FOUND: 404,
  HTTP_METHOD_NOT_ALLOWED: 405,
  HTTP_BODY_TOO_LARGE: 413,
  HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  HTTP_IDEMPOTENCY_KEY_REUSED: 422,
  // Payment input checked by the payment core (src/payment/controller/payment-request.ts).
  BAD_AMOUNT: 400,
  PAYMENT_BAD_AMOUNT: 400,
  PAYMENT_BAD_ITEM: 400,
  PAYMENT_ITEMS_TOTAL_MISMATCH: 400,
  PAYMENT_UNKNOWN_SYSTEM: 400,
  PAYMENT_SYSTEM_NOT_ENABLED: 400,
  // The state of the till.
  PAYMENT_NOT_FOUND: 404,
  PAYMENT_NONE_YET: 404,
  PAYMENT_NO_QR: 404,
  JOURNAL_NO_SUCH_PAYMENT: 404,
  PAYMENT_BUSY: 409,
  PAYMENT_ALREADY_FINISHED: 409,
  SERVICE_STOPPING: 503,
};

export function httpStatusFor(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}
