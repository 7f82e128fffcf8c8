import { WmqrError } from '../core/errors';
import { GATEWAY_FAILURES, type GatewayErrorCode } from './gateway-error-codes';

export type CashierLanguage = 'ru' | 'en';

export interface GatewayErrorOptions {
  operation?: string;
  paymentId?: string;
  retval?: number;
  retdesc?: string;
  httpStatus?: number;
  /** Overrides the code's default (e.g. unparseable XML is retried, a bad field is not). */
  retryable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

/**
 * A failed gateway call. `code` is stable (see GATEWAY_FAILURES); `retryable` says whether the
 * same request may be sent again; `cashierMessage` is what the till shows. Never carries the
 * agent key, the certificate password or key material.
 */
export class GatewayError extends WmqrError {
  override readonly code: GatewayErrorCode;
  readonly operation?: string;
  readonly paymentId?: string;
  readonly retval?: number;
  readonly retdesc?: string;
  readonly httpStatus?: number;
  readonly retryable: boolean;

  constructor(code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(code, message, {
      cause: options.cause,
      details: {
        operation: options.operation,
        paymentId: options.paymentId,
        retval: options.retval,
        retdesc: options.retdesc,
        httpStatus: options.httpStatus,
        ...options.details,
      },
    });
    this.code = code;
    this.operation = options.operation;
    this.paymentId = options.paymentId;
    this.retval = options.retval;
    this.retdesc = options.retdesc;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable ?? GATEWAY_FAILURES[code].retryable;
  }

  /** What the cashier is told, in Russian. */
  get cashierMessage(): string {
    return this.cashierMessageIn('ru');
  }

  cashierMessageIn(language: CashierLanguage): string {
    return GATEWAY_FAILURES[this.code].cashier[language];
  }
}
