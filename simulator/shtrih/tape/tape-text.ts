/** The tape as plain text: 40 columns, Russian as printed, pictures as placeholders. */
import type { TapeEntry } from './tape-entry';
import { layoutTape, TAPE_COLUMNS, wrap } from './tape-layout';

export function renderTapeText(entries: readonly TapeEntry[]): string {
  const out: string[] = [];
  for (const row of layoutTape(entries)) {
    switch (row.kind) {
      case 'text':
        out.push(row.wide ? spaced(row.text) : row.text);
        break;
      case 'qr': {
        const e = row.entry;
        out.push(...wrap(`[QR: ${e.text}]`));
        out.push(
          `[QR ${e.errorCorrection}, модуль ${e.moduleSize}, версия ${e.version || 'авто'}]`,
        );
        break;
      }
      case 'graphics': {
        const dots = row.lines.reduce((sum, l) => sum + l.repeat, 0);
        out.push(`[графика: ${dots} строк точек]`);
        break;
      }
      case 'cut':
        out.push((row.partial ? '- ' : '=').repeat(row.partial ? TAPE_COLUMNS / 2 : TAPE_COLUMNS));
        break;
      case 'gap':
        out.push('');
        break;
    }
  }
  return out.map((line) => line.trimEnd()).join('\n') + (out.length > 0 ? '\n' : '');
}

/** Double-width text drawn with a space after each character, as font 2 looks on paper. */
function spaced(text: string): string {
  return Array.from(text).join(' ').trimEnd();
}
