/** The mock WebMoney QR gateway: a real HTTPS server speaking the client's wire format. */
export {
  MockGateway,
  MOCK_DEFAULT_MAX_KOPECKS,
  type MockGatewayOptions,
  type MockGatewayTls,
  type MockPointConfig,
} from './mock-gateway';
export { CustomerControl, DEFAULT_REJECT_REASON } from './customer-control';
export { MockGatewayError } from './mock-gateway-error';
export type { MockPayment } from './mock-payment-book';
export type { FailureKind, FailureScript, PaymentScript } from './payment-script';
export type { RecordedRequest } from './recorded-request';
export { qrTextFor, MOCK_SBP_BANK } from './qr-texts';
export {
  startTestPointGateway,
  TEST_POINT_CONFIG,
  type TestPointGateway,
  type TestPointGatewayOptions,
} from './test-point-gateway';
