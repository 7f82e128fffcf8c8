import assert from 'node:assert/strict';
import type { GatewayError } from '../gateway-error';

/** The GatewayError a call fails with; fails the test if it succeeds instead. */
export async function rejection(call: Promise<unknown>): Promise<GatewayError> {
  return call.then(
    () => assert.fail('expected the call to fail'),
    (error: unknown) => error as GatewayError,
  );
}
