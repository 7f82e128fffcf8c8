/**
 * How one payment ended, as a stable code for programs (the CLI maps it to an exit code,
 * a POS maps it to what the cashier sees). The journal stores it too.
 */
export const PAYMENT_OUTCOMES = [
  /** Paid, and the fiscal receipt is closed. */
  'PAID_RECEIPT_CLOSED',
  /** The gateway declined the payment (reason given); no receipt. */
  'DECLINED',
  /** The customer did not pay within the wait time; the QR was cancelled; no receipt. */
  'TIMED_OUT',
  /** The cashier aborted; the QR was cancelled; no receipt. */
  'CANCELLED_BY_CASHIER',
  /** Paid, but the receipt could not be closed: the journal holds a "receipt owed" record. */
  'PAID_RECEIPT_OWED',
  /** Paid a different sum than asked: no receipt printed, a person must decide. */
  'PAID_AMOUNT_MISMATCH',
  /** The gateway could not be asked how it ended: recovery will find out. Hand over nothing. */
  'UNRESOLVED',
  /** Nothing was charged: bad state of the printer or a refusal by the gateway. */
  'FAILED',
] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

/** Outcomes after which the cashier or an engineer has to act. */
export const ATTENTION_OUTCOMES: readonly PaymentOutcome[] = [
  'PAID_RECEIPT_OWED',
  'PAID_AMOUNT_MISMATCH',
  'UNRESOLVED',
];
