import type { Kopecks } from '../../core/money';
import type { PaySystem } from '../ports';
import type { PaymentOutcome } from '../payment-outcome';
import type { ErrorSummary } from './payment-events';

/** How one call of pay() ended. `outcome` is the stable part; `message` is for the cashier. */
export interface PaymentResult {
  outcome: PaymentOutcome;
  /** The gateway payment id; absent when the payment failed before one was taken. */
  paymentId?: string;
  paySystem: PaySystem;
  paymentNumber: number;
  amountKopecks: Kopecks;
  /** What the gateway says the customer paid. */
  paidKopecks?: Kopecks;
  wmTranId?: string;
  fiscalDocumentNumber?: number;
  fiscalSign?: number;
  /** Why the gateway declined (DECLINED). */
  reason?: string;
  /** What went wrong (FAILED, UNRESOLVED, PAID_RECEIPT_OWED, ...); never a secret. */
  error?: ErrorSummary;
  /** For the cashier, in the settings' language. */
  message: string;
  elapsedMs: number;
}
