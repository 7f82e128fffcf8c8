import assert from 'node:assert/strict';
import { CertificateError } from '../certificate-error';

/** The CertificateError a promise rejects with; fails the test if it resolves or throws else. */
export async function certificateRefusal(promise: Promise<unknown>): Promise<CertificateError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CertificateError, `expected a CertificateError, got ${error}`);
    return error;
  }
  assert.fail('expected a CertificateError, but the call succeeded');
}
