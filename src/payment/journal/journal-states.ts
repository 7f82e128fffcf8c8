/**
 * The states a payment goes through in the journal. Each is written BEFORE the step it names
 * leaves the process, so after a crash the last state says what may have happened outside:
 * e.g. CREATING_QR means "QrCreate may or may not have reached the gateway".
 */
export const JOURNAL_STATES = {
  /** An id is reserved and QrCreate is about to be sent. */
  CREATING_QR: { final: false },
  /** The gateway issued the QR; the customer may pay it. */
  QR_ISSUED: { final: false },
  /** QrCancel is about to be sent (deadline, cashier abort, or failure). */
  CANCELLING: { final: false },
  /** The gateway said the payment arrived; the receipt is not started yet. */
  PAID: { final: false },
  /** The fiscal receipt is about to be printed; `docBefore` holds the device's last number. */
  PRINTING_RECEIPT: { final: false },
  /** Paid, the receipt could not be closed: recovery must print it. */
  RECEIPT_OWED: { final: false },
  /** The gateway could not say how the payment ended: recovery must ask again. */
  UNRESOLVED: { final: false },
  RECEIPT_CLOSED: { final: true },
  DECLINED: { final: true },
  EXPIRED: { final: true },
  CANCELLED: { final: true },
  /** The gateway never created the payment (refused, or unknown to it). */
  NOT_CREATED: { final: true },
  /** Paid a sum other than asked: no receipt, a person must resolve it. */
  AMOUNT_MISMATCH: { final: true },
} as const;

export type JournalState = keyof typeof JOURNAL_STATES;

export const UNFINISHED_STATES = (Object.keys(JOURNAL_STATES) as JournalState[]).filter(
  (s) => !JOURNAL_STATES[s].final,
);

export function isFinalState(state: JournalState): boolean {
  return JOURNAL_STATES[state].final;
}

/** Steps recorded in the event log, each with the time it was written. */
export const JOURNAL_STEPS = [
  'creating-qr',
  'qr-issued',
  'printing-qr',
  'qr-printed',
  'qr-print-failed',
  'gateway-state',
  'gateway-error',
  'cancelling',
  'cancelled',
  'declined',
  'expired',
  'not-created',
  'unresolved',
  'paid',
  'amount-mismatch',
  'cancelling-open-receipt',
  'printing-receipt',
  'receipt-print-failed',
  'receipt-closed',
  'receipt-found-closed',
  'receipt-owed',
  'recovery',
] as const;
export type JournalStep = (typeof JOURNAL_STEPS)[number];
