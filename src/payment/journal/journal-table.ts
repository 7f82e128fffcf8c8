/** The journal as a plain-text table for `wmqr journal`, with totals for reconciliation. */
import { formatRubles } from '../../core/money';
import { ATTENTION_OUTCOMES } from '../payment-outcome';
import type { JournalEntry } from './payment-journal';

const HEADERS = ['created', 'id', 'system', 'no', 'amount', 'paid', 'state', 'outcome', 'doc'];

export function journalToTable(entries: JournalEntry[]): string {
  const rows = entries.map((e) => [
    localTime(e.createdAt),
    e.id,
    e.paySystem,
    String(e.paymentNumber),
    formatRubles(e.amountKopecks),
    e.paidKopecks === undefined ? '' : formatRubles(e.paidKopecks),
    e.state,
    `${e.outcome ?? ''}${e.outcome && ATTENTION_OUTCOMES.includes(e.outcome) ? ' (!)' : ''}`,
    e.fiscalDocumentNumber === undefined ? '' : String(e.fiscalDocumentNumber),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const right = new Set([3, 4, 5, 8]);
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();

  const receipted = entries.filter((e) => e.state === 'RECEIPT_CLOSED');
  const total = receipted.reduce((sum, e) => sum + (e.paidKopecks ?? 0), 0);
  const open = entries.filter((e) => e.outcome && ATTENTION_OUTCOMES.includes(e.outcome)).length;
  return [
    format(HEADERS),
    ...rows.map(format),
    '',
    `${entries.length} payment(s); ${receipted.length} receipted for ${formatRubles(total)} RUB` +
      (open > 0 ? `; ${open} need(s) attention (!)` : ''),
  ].join('\n');
}

/** "2026-12-03 12:05:09" in the till's time zone. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  );
}
