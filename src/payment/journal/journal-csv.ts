/**
 * The journal as CSV for reconciliation with the gateway's and the register's reports:
 * RFC 4180 quoting, amounts in rubles with two decimals, times in ISO 8601 UTC.
 */
import { formatRubles } from '../../core/money';
import type { JournalEntry } from './payment-journal';

export const CSV_COLUMNS = [
  'id',
  'created_at',
  'updated_at',
  'pay_system',
  'payment_number',
  'amount',
  'paid',
  'state',
  'outcome',
  'wmtranid',
  'fiscal_document',
  'reason',
  'error',
] as const;

export function journalToCsv(entries: JournalEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    const cells = [
      e.id,
      iso(e.createdAt),
      iso(e.updatedAt),
      e.paySystem,
      String(e.paymentNumber),
      formatRubles(e.amountKopecks),
      e.paidKopecks === undefined ? '' : formatRubles(e.paidKopecks),
      e.state,
      e.outcome ?? '',
      e.wmTranId ?? '',
      e.fiscalDocumentNumber === undefined ? '' : String(e.fiscalDocumentNumber),
      e.reason ?? '',
      e.error ?? '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function csvCell(value: string): string {
  // Text from outside (a decline reason) must not run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
