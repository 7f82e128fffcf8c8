/**
 * What a UI (the CLI countdown, a customer display, a POS screen) can follow of one payment.
 * `describeEvent()` in ./messages turns each into a cashier's line of text.
 */
import type { Kopecks } from '../../core/money';
import type { GatewayState, PaySystem } from '../ports';
import type { PaymentResult } from './payment-result';

export type CancelCause = 'timeout' | 'cashier' | 'failure';

export type PaymentEvent =
  | {
      type: 'creating-qr';
      paymentId: string;
      paySystem: PaySystem;
      amountKopecks: Kopecks;
      deadline: number;
    }
  | {
      type: 'qr-ready';
      paymentId: string;
      /** The text to encode in the QR code (a customer display renders it). */
      qrText: string;
      paySystem: PaySystem;
      amountKopecks: Kopecks;
      /** When the customer must have paid: the overall deadline (clock ms). */
      payBefore: number;
      /** When the gateway stops accepting the QR (clock ms), if it said. */
      expiresAt?: number;
    }
  | { type: 'qr-printed'; paymentId: string }
  | { type: 'waiting'; paymentId: string; secondsLeft: number; gatewayState?: GatewayState }
  | { type: 'printer-waiting'; paymentId?: string; error: ErrorSummary }
  | { type: 'cancelling'; paymentId: string; cause: CancelCause }
  | { type: 'paid'; paymentId: string; paidKopecks: Kopecks; wmTranId?: string }
  | { type: 'declined'; paymentId: string; reason: string }
  | { type: 'timed-out'; paymentId: string }
  | { type: 'cancelled'; paymentId: string; cause: CancelCause }
  | { type: 'printing-receipt'; paymentId: string }
  | { type: 'receipt-closed'; paymentId: string; documentNumber?: number; fiscalSign?: number }
  | { type: 'needs-attention'; paymentId?: string; code: string; message: string }
  | { type: 'finished'; result: PaymentResult };

export type PaymentEventType = PaymentEvent['type'];
export type PaymentEventListener = (event: PaymentEvent) => void;

/** An error as events and results carry it: stable code and an engineer's message. */
export interface ErrorSummary {
  code: string;
  message: string;
  /** A cashier's wording, when the error offers one (gateway errors do). */
  cashier?: string;
}

export function summarizeError(error: unknown, locale: 'ru' | 'en' = 'ru'): ErrorSummary {
  if (!(error instanceof Error)) return { code: 'UNEXPECTED', message: String(error) };
  const e = error as Error & { code?: unknown; cashierMessageIn?: unknown };
  const summary: ErrorSummary = {
    code: typeof e.code === 'string' ? e.code : 'UNEXPECTED',
    message: error.message,
  };
  if (typeof e.cashierMessageIn === 'function') {
    summary.cashier = String((e.cashierMessageIn as (l: string) => unknown).call(error, locale));
  }
  return summary;
}
