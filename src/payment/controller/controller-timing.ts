/** Timing rules of the payment controller, in one place (see docs/payment-flow.md). */
export const CONTROLLER_TIMING = {
  /**
   * Added to the overall wait to get the QR's ttl, so the gateway never expires a QR that
   * the tape or the display still shows (WEBMONEY-GATEWAY.md, "Polling and the deadline").
   */
  qrTtlMarginSeconds: 60,
  /** Time given to QrCancel, retries included, after the deadline or an abort. */
  cancelBudgetMs: 30_000,
  /** Time given to each gateway call during recovery. */
  recoveryCallBudgetMs: 30_000,
  /** How often a 'waiting' event with the seconds left is emitted while polling. */
  countdownTickMs: 1_000,
  /** Tries to print the QR slip, or to close the receipt, before giving up. */
  printAttempts: 3,
} as const;
