/**
 * What the emulated printer put on paper, one entry per printed element, in order.
 * Entries keep the data (amounts in kopecks, QR bytes and parameters, bitmap lines) so
 * tests can assert on them; the text and PNG renderers only draw them.
 */
import type { Kopecks } from '../../../src/core/money';
import type { ReceiptType } from '../../../src/printer/protocol/shtrih-constants';

/** The receipt types of the 8Dh document type byte (p. 32). */
export type { ReceiptType };
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type Alignment = 'left' | 'center' | 'right';

export type TapeEntry =
  /** 17h (font 1, 40 columns) or 12h (font 2, bold, 20 columns); also receipt texts. */
  | { kind: 'text'; text: string; bold: boolean; align?: Alignment }
  /** DEh: a QR code built from the loaded data with the host's parameters. */
  | {
      kind: 'qr';
      /** The data as text (UTF-8 when valid, else Windows-1251). */
      text: string;
      data: Buffer;
      /** Parameters as received: 0 means "automatic" for version and mask. */
      version: number;
      mask: number;
      moduleSize: number;
      errorCorrection: QrErrorCorrection;
      alignment: Alignment;
    }
  /** C5h: one bitmap line (MSB first = leftmost dot) printed `repeat` times. */
  | { kind: 'graphic-line'; bits: Buffer; repeat: number }
  | {
      kind: 'receipt-header';
      receiptType: ReceiptType;
      receiptNumber: number;
      shiftNumber: number;
      operator: string;
      at: number;
    }
  | {
      kind: 'sale-line';
      name: string;
      quantityMilli: number;
      priceKopecks: Kopecks;
      amountKopecks: Kopecks;
    }
  | { kind: 'total'; kopecks: Kopecks }
  | { kind: 'payment'; paymentNumber: number; name: string; kopecks: Kopecks }
  | { kind: 'change'; kopecks: Kopecks }
  | {
      kind: 'fiscal-sign';
      documentNumber: number;
      fiscalSign: number;
      fnSerial: string;
      at: number;
    }
  | { kind: 'receipt-cancelled' }
  /** Shift open / close reports. */
  | { kind: 'report'; title: string; lines: string[] }
  /** The paper ran out here; what follows was printed after a new roll and B0h. */
  | { kind: 'paper-out' }
  | { kind: 'cut'; partial: boolean };

export type TapeEntryKind = TapeEntry['kind'];

export const RECEIPT_TYPE_TITLE: Readonly<Record<ReceiptType, string>> = {
  sale: 'ПРИХОД',
  purchase: 'РАСХОД',
  'sale-return': 'ВОЗВРАТ ПРИХОДА',
  'purchase-return': 'ВОЗВРАТ РАСХОДА',
};
