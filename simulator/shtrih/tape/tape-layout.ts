/**
 * Turns tape entries into printed rows: text rows of the 40-column font, or picture blocks
 * (QR codes, graphic lines). The text renderer prints the rows; the PNG renderer draws the
 * same rows, so both show the same receipt.
 */
import { formatRubles } from '../../../src/core/money';
import { deviceDateTime } from '../device-time';
import { RECEIPT_TYPE_TITLE, type Alignment, type TapeEntry } from './tape-entry';

export const TAPE_COLUMNS = 40;

export type TapeRow =
  /** `wide`: font 2 of 12h, double-width characters (20 per row). */
  | { kind: 'text'; text: string; bold: boolean; wide: boolean }
  | { kind: 'qr'; entry: Extract<TapeEntry, { kind: 'qr' }> }
  | { kind: 'graphics'; lines: Array<{ bits: Buffer; repeat: number }> }
  | { kind: 'cut'; partial: boolean }
  | { kind: 'gap' };

/**
 * The date and time the register prints ("04.12.26 08:28"): its own clock, the computer's
 * local time (device-time.ts), so the tape agrees with the times the POS program prints.
 */
export function formatDeviceTime(ms: number): string {
  const t = deviceDateTime(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.day)}.${two(t.month)}.${two(t.year % 100)} ${two(t.hour)}:${two(t.minute)}`;
}

/** Left text and right text on one row, the right part flush right ("ИТОГ ... =10.00"). */
export function spread(left: string, right: string, width = TAPE_COLUMNS): string[] {
  const room = width - right.length - 1;
  if (left.length <= room) return [left + ' '.repeat(width - left.length - right.length) + right];
  return [...wrap(left, width), ' '.repeat(Math.max(0, width - right.length)) + right];
}

export function wrap(text: string, width = TAPE_COLUMNS): string[] {
  if (text.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out;
}

export function align(text: string, how: Alignment, width = TAPE_COLUMNS): string {
  if (text.length >= width || how === 'left') return text;
  const pad = width - text.length;
  return how === 'right' ? ' '.repeat(pad) + text : ' '.repeat(Math.floor(pad / 2)) + text;
}

function money(kopecks: number): string {
  return `=${formatRubles(kopecks)}`;
}

function quantity(milli: number): string {
  return `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}`;
}

/** Rows of one entry. Consecutive graphic lines are merged by layoutTape. */
export function entryRows(entry: TapeEntry): TapeRow[] {
  const text = (lines: string[], bold = false, wide = false): TapeRow[] =>
    lines.map((line) => ({ kind: 'text', text: line, bold, wide }));
  switch (entry.kind) {
    case 'text': {
      const width = entry.bold ? TAPE_COLUMNS / 2 : TAPE_COLUMNS;
      return text(
        wrap(entry.text, width).map((l) => align(l, entry.align ?? 'left', width)),
        entry.bold,
        entry.bold,
      );
    }
    case 'qr':
      return [{ kind: 'qr', entry }];
    case 'graphic-line':
      return [{ kind: 'graphics', lines: [{ bits: entry.bits, repeat: entry.repeat }] }];
    case 'receipt-header':
      return text([
        align('КАССОВЫЙ ЧЕК', 'center'),
        ...spread(RECEIPT_TYPE_TITLE[entry.receiptType], `ЧЕК № ${entry.receiptNumber}`),
        ...spread(`СМЕНА ${entry.shiftNumber}`, formatDeviceTime(entry.at)),
        entry.operator,
      ]);
    case 'sale-line':
      return text([
        ...wrap(entry.name),
        ...spread(
          `${quantity(entry.quantityMilli)} X ${formatRubles(entry.priceKopecks)}`,
          money(entry.amountKopecks),
        ),
      ]);
    case 'total':
      return text(spread('ИТОГ', money(entry.kopecks)), true);
    case 'payment':
      return text(spread(`  ${entry.name}`, money(entry.kopecks)));
    case 'change':
      return text(spread('СДАЧА', money(entry.kopecks)));
    case 'fiscal-sign':
      return text([
        ...spread('ФН', entry.fnSerial),
        ...spread(`ФД ${entry.documentNumber}`, `ФП ${entry.fiscalSign}`),
        ...spread('', formatDeviceTime(entry.at)),
      ]);
    case 'receipt-cancelled':
      return text([align('ЧЕК АННУЛИРОВАН', 'center')]);
    case 'report':
      return text([align(entry.title, 'center'), ...entry.lines.flatMap((l) => wrap(l))]);
    case 'paper-out':
      return text([align('~ ~ ~ новый рулон бумаги ~ ~ ~', 'center')]);
    case 'cut':
      return [{ kind: 'cut', partial: entry.partial }];
  }
}

/** All rows of a tape, with neighbouring graphic lines joined into one picture block. */
export function layoutTape(entries: readonly TapeEntry[]): TapeRow[] {
  const rows: TapeRow[] = [];
  for (const entry of entries) {
    for (const row of entryRows(entry)) {
      const last = rows[rows.length - 1];
      if (row.kind === 'graphics' && last?.kind === 'graphics') last.lines.push(...row.lines);
      else rows.push(row);
    }
  }
  return rows;
}
