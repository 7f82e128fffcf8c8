/**
 * How the mock gateway's "customer" and "infrastructure" behave for one payment. Tests bind a
 * script to the next created payment (scriptNext) or to a known id (script).
 */
import type { GatewayOperation } from '../../src/gateway/wire';

/** A failure in place of a proper answer. */
export type FailureKind = 'http-500' | 'retval-100' | 'reset' | 'malformed-xml';

export interface FailureScript {
  kind: FailureKind;
  /** How many requests fail; the ones after them are answered normally. */
  times: number;
  /** Which operations fail (default: all three). */
  ops?: GatewayOperation[];
  /**
   * 'before' (default): the request fails before the gateway acts on it.
   * 'after': the gateway acts (creates, cancels), then the answer is lost — the case that
   * tests whether a client's retry with the same id is harmless.
   */
  when?: 'before' | 'after';
}

export interface PaymentScript {
  /** The first n QrState polls see the payment unpaid (WAITING); poll n + 1 sees PAID. */
  payAfterPolls?: number;
  /** Paid this many ms (on the mock's clock) after QrCreate, if not expired by then. */
  payAfterMs?: number;
  /** Like payAfterPolls, but the payment is REJECTED with `reason`. */
  rejectAfterPolls?: { polls: number; reason: string };
  /** Nothing pays it automatically: it expires at its ttl unless the customer control acts. */
  neverPay?: boolean;
  /** Fail some requests about this payment. */
  fail?: FailureScript;
  /** Hold every answer about this payment for this many ms (on the mock's clock). */
  slowMs?: number;
  /** Only this many answers are slow (default: all). */
  slowTimes?: number;
  /** Which operations are slow (default: all three). */
  slowOps?: GatewayOperation[];
}
