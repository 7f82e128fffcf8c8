/**
 * Fiscal drive archive: FF0Ah finds a fiscal document by its number (p. 45), so the payment
 * code can tell whether a document after its journaled number is its own receipt or a report
 * someone took by hand.
 */
import type { ByteReader } from '../protocol/field-codec';
import { CMD, FN_DOCUMENT_TYPE } from '../protocol/shtrih-constants';
import { defineCommand } from './command-spec';
import { readDateTime } from './status-commands';

export interface FindFnDocumentRequest {
  /** System administrator password. */
  password: number;
  /** Fiscal document number, 1..2^32-1. */
  number: number;
}

export interface FnDocument {
  /** FN_DOCUMENT_TYPE: 2 shift opening, 3 receipt, 5 shift closing, ... */
  type: number;
  /** The OFD has acknowledged the document. */
  ofdAcknowledged: boolean;
  /** "YYYY-MM-DD hh:mm" as the fiscal drive stored it. */
  dateTime: string;
  number: number;
  fiscalSign: number;
  /** Receipts and strict forms (plain or correction): FN_OPERATION_TYPE. */
  operationType?: number;
  /** Receipts and strict forms: the receipt total. */
  totalKopecks?: number;
  /** Shift opening and closing reports. */
  shiftNumber?: number;
  /** Type-specific bytes this driver does not decode (registration data, ...). */
  rest: Buffer;
}

const WITH_SUM: ReadonlySet<number> = new Set([
  FN_DOCUMENT_TYPE.RECEIPT,
  FN_DOCUMENT_TYPE.STRICT_FORM,
  FN_DOCUMENT_TYPE.CORRECTION_RECEIPT,
  FN_DOCUMENT_TYPE.CORRECTION_STRICT_FORM,
]);

const WITH_SHIFT: ReadonlySet<number> = new Set([
  FN_DOCUMENT_TYPE.SHIFT_OPEN_REPORT,
  FN_DOCUMENT_TYPE.SHIFT_CLOSE_REPORT,
]);

/**
 * FF0Ah: sysadmin password, document number (u32). Answer: type (1), OFD receipt (1), then the
 * document's data. A number the drive does not hold answers error 08h (p. 69).
 */
export const findFnDocument = defineCommand<FindFnDocumentRequest, FnDocument>({
  code: CMD.FIND_FN_DOCUMENT,
  name: 'find fiscal document by number',
  page: 45,
  encode(r, w) {
    w.u32(r.password, 'password').u32(r.number, 'document number');
  },
  decode(r) {
    const type = r.u8('document type');
    const ofdAcknowledged = r.u8('OFD receipt') === 1;
    return { type, ofdAcknowledged, ...readDocumentData(type, r) };
  },
});

function readDocumentData(
  type: number,
  r: ByteReader,
): Omit<FnDocument, 'type' | 'ofdAcknowledged'> {
  const dateTime = readDateTime(r);
  const number = r.u32('document number');
  const fiscalSign = r.u32('fiscal sign');
  if (WITH_SUM.has(type)) {
    const operationType = r.u8('operation type');
    const totalKopecks = r.money('sum');
    return { dateTime, number, fiscalSign, operationType, totalKopecks, rest: r.rest() };
  }
  if (WITH_SHIFT.has(type)) {
    const shiftNumber = r.u16('shift number');
    return { dateTime, number, fiscalSign, shiftNumber, rest: r.rest() };
  }
  return { dateTime, number, fiscalSign, rest: r.rest() };
}
