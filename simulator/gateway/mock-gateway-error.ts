import { WmqrError } from '../../src/core/errors';

/** A misuse of the mock gateway's controls: unknown payment, payment no longer pending. */
export class MockGatewayError extends WmqrError {}
