/** Shift: E0h open shift (p. 38). Closing a shift (Z report) is the cashier's own business. */
import { ANSWER_TIMEOUT_MS, CMD } from '../protocol/shtrih-constants';
import { defineCommand, encodePassword, type PasswordRequest } from './command-spec';

/**
 * E0h: password. The vendor text gives the answer as the operator byte only (LEN 2); devices
 * send `E0 ERR op`, so the operator is read when present.
 */
export const openShift = defineCommand<PasswordRequest, { operator?: number }>({
  code: CMD.OPEN_SHIFT,
  name: 'open shift',
  page: 38,
  answerTimeoutMs: ANSWER_TIMEOUT_MS.OPEN_SHIFT,
  encode: encodePassword,
  decode: (r) => (r.remaining > 0 ? { operator: r.u8('operator') } : {}),
});
