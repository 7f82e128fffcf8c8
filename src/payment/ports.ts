/**
 * What the payment controller needs from the fiscal printer and from the gateway, as
 * interfaces. The printer driver (src/printer) and the gateway client (src/gateway) implement
 * them; tests can pass small fakes. Money is integer kopecks throughout.
 */
import type { Kopecks } from '../core/money';

// ---- the fiscal printer -------------------------------------------------------------------

export interface ReceiptItem {
  /** Printed name of the goods (Windows-1251 encodable). */
  name: string;
  /** Price of one unit. */
  priceKopecks: Kopecks;
  /** Quantity in thousandths: 1000 is one piece, 1500 is 1.5 kg. */
  quantityMilli: number;
}

export interface ReceiptPayment {
  /** Payment type number in the register, 1..16 (QR payments use 2..13). */
  paymentNumber: number;
  kopecks: Kopecks;
}

export interface FiscalReceiptRequest {
  items: ReceiptItem[];
  payments: ReceiptPayment[];
  /** Text printed at the end of the receipt (e.g. the gateway transaction number). */
  footer?: string;
}

export interface ClosedReceipt {
  /** Fiscal document number, when the device reports one (fiscal-drive flow, or FF01). */
  documentNumber?: number;
  fiscalSign?: number;
  changeKopecks: Kopecks;
}

export interface DocumentState {
  /** A fiscal receipt is open on the device right now. */
  receiptOpen: boolean;
  /** Number of the last closed fiscal document. */
  lastDocumentNumber: number;
}

/** A fiscal document read back from the fiscal drive's archive. */
export interface FiscalDocumentInfo {
  /** Fiscal drive document type: 2 shift opening, 3 receipt, 5 shift closing, ... */
  type: number;
  number: number;
  fiscalSign: number;
  /** "YYYY-MM-DD hh:mm", when the device reports it. */
  dateTime?: string;
  /** Receipts: 1 sale, 2 sale return, 3 purchase, 4 purchase return. */
  operationType?: number;
  /** Receipts: the receipt total. */
  totalKopecks?: Kopecks;
}

/** The code a printer rejects `fiscalDocument` with when the device cannot read documents. */
export const FISCAL_DOCUMENT_UNSUPPORTED = 'PRINTER_FN_READ_UNSUPPORTED';

export interface QrPrintOptions {
  /** Dot size 3..8. */
  moduleSize?: number;
  errorCorrection?: 'L' | 'M' | 'Q' | 'H';
}

export interface PaymentPrinter {
  /** Waits out "printing" and "continue after paper out"; throws a clear error after a bound. */
  waitUntilReady(options?: { signal?: AbortSignal }): Promise<void>;
  /** Opens the shift when it is closed; refuses clearly when it has run past 24 hours. */
  ensureShiftOpen(): Promise<void>;
  printLines(lines: string[]): Promise<void>;
  printQr(text: string, options?: QrPrintOptions): Promise<void>;
  cut(): Promise<void>;
  printFiscalReceipt(receipt: FiscalReceiptRequest): Promise<ClosedReceipt>;
  /** Cancels an open receipt; resolves false when none was open. */
  cancelOpenReceipt(): Promise<boolean>;
  documentState(): Promise<DocumentState>;
  /**
   * Reads fiscal document `number` back from the fiscal drive; undefined when the drive holds
   * no such document. Rejects with FISCAL_DOCUMENT_UNSUPPORTED on devices that cannot. Optional:
   * without it, receipts are recognised by document number alone.
   */
  fiscalDocument?(number: number): Promise<FiscalDocumentInfo | undefined>;
  readPaymentName(paymentNumber: number): Promise<string>;
  writePaymentName(paymentNumber: number, name: string): Promise<void>;
}

// ---- the WebMoney gateway -----------------------------------------------------------------

export const PAY_SYSTEMS = ['sbp', 'wm', 'wechat', 'alipay'] as const;
export type PaySystem = (typeof PAY_SYSTEMS)[number];

export const GATEWAY_STATES = [
  'NEW',
  'WAITING',
  'PAID',
  'REJECTED',
  'EXPIRED',
  'CANCELLED',
] as const;
export type GatewayState = (typeof GATEWAY_STATES)[number];

export interface QrCreateRequest {
  /** Payment id: decimal, 1..18 digits, unique per point for all time. */
  id: string;
  paySystem: PaySystem;
  amountKopecks: Kopecks;
  description: string;
  /** Seconds the QR stays payable. */
  ttlSeconds: number;
}

export interface GatewayPayment {
  id: string;
  state: GatewayState;
  /** Text to encode in the QR code (QrCreate answers). */
  qr?: string;
  /** When the QR stops being payable, ms since the epoch. */
  expiresAt?: number;
  wmTranId?: string;
  /** What the customer paid (QrState/QrCancel answers for PAID). */
  paidKopecks?: Kopecks;
  /** Why it was rejected (REJECTED). */
  reason?: string;
}

export interface GatewayCallOptions {
  /** Clock time (ms) after which no request may still be running; retries stop there too. */
  deadline: number;
  signal?: AbortSignal;
}

export interface PaymentGateway {
  /** A new payment id, unique per point for all time (persisted floor). */
  newPaymentId(): Promise<string>;
  /** Retries transient failures with the same id until the deadline. */
  createQr(request: QrCreateRequest, options: GatewayCallOptions): Promise<GatewayPayment>;
  getState(id: string, options: GatewayCallOptions): Promise<GatewayPayment>;
  /** Final answer: CANCELLED, or PAID when the payment landed first. */
  cancel(id: string, options: GatewayCallOptions): Promise<GatewayPayment>;
}
