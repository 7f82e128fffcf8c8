/** Exit codes of `wmqr`, stable for scripts that call it. */
export const EXIT = {
  OK: 0,
  /** Any error that is not one of the payment outcomes below. */
  ERROR: 1,
  /** Bad command line or settings. */
  USAGE: 2,
  /** The customer's payment was declined. */
  DECLINED: 3,
  /** The customer did not pay in time; the QR was cancelled. */
  TIMED_OUT: 4,
  /** The cashier cancelled (Ctrl+C). */
  CANCELLED: 5,
  /** Paid, but the receipt could not be closed: a "receipt owed" record was kept. */
  NEEDS_ATTENTION: 6,
} as const;
