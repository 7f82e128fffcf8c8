/** The WebMoney gateway side of the driver: client, errors, wire format, certificates. */
export {
  WebMoneyGatewayClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_DELAY_MS,
  type WebMoneyGatewayClientOptions,
} from './webmoney-gateway-client';
export { GatewayError, type CashierLanguage, type GatewayErrorOptions } from './gateway-error';
export { GATEWAY_FAILURES, RETVAL_CODE, type GatewayErrorCode } from './gateway-error-codes';
export type { PointTlsCertificate } from './https-transport';
export { RequestCounters } from './request-counters';
export * as wire from './wire';
export * from './certificate';
