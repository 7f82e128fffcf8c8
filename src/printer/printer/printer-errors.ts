/**
 * Errors of the high-level printer API. Each carries a message for the shop staff in Russian
 * (default) and English; the Error message itself is English, for logs and engineers.
 */
import { WmqrError } from '../../core/errors';
import type { Lang, Words } from '../protocol/status-words';

export class PrinterError extends WmqrError {
  readonly staff: Words;

  constructor(
    code: string,
    message: string,
    staff: Words,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
    this.staff = staff;
  }
}

/** The words shop staff see for any error: PrinterError's own, a DeviceError's, or generic. */
export function staffMessage(error: unknown, lang: Lang = 'ru'): string {
  if (error instanceof PrinterError) return error.staff[lang];
  const e = error as { ru?: unknown; en?: unknown; code?: unknown };
  if (typeof e?.ru === 'string' && typeof e?.en === 'string') {
    return lang === 'ru' ? `Ошибка принтера: ${e.ru}` : `Printer error: ${e.en}`;
  }
  if (e?.code === 'PRINTER_NO_ANSWER' || e?.code === 'PRINTER_CONNECTION_CLOSED') {
    return lang === 'ru'
      ? 'Принтер чеков не отвечает. Проверьте питание и кабель.'
      : 'The receipt printer does not answer. Check its power and cable.';
  }
  return lang === 'ru' ? 'Ошибка принтера чеков' : 'Receipt printer error';
}

export const paperOut = (waitedMs: number) =>
  new PrinterError(
    'PRINTER_PAPER_OUT',
    `The printer is out of receipt paper (waited ${waitedMs} ms for new paper)`,
    {
      ru: 'В принтере чеков нет бумаги. Вставьте новый рулон.',
      en: 'The receipt printer is out of paper. Insert a new roll.',
    },
    { details: { waitedMs } },
  );

export const notReady = (waitedMs: number, mode: number, submode: number) =>
  new PrinterError(
    'PRINTER_NOT_READY',
    `The printer stayed busy for ${waitedMs} ms (mode ${mode}, submode ${submode})`,
    {
      ru: 'Принтер чеков занят и не освободился. Проверьте принтер.',
      en: 'The receipt printer stayed busy. Check the printer.',
    },
    { details: { waitedMs, mode, submode } },
  );

export const shiftOver24h = () =>
  new PrinterError(
    'PRINTER_SHIFT_OVER_24H',
    'The shift has run past 24 hours: close it with a Z report before selling',
    {
      ru: 'Смена длится больше 24 часов. Закройте смену (Z-отчёт) и откройте новую.',
      en: 'The shift has lasted over 24 hours. Close it (Z report) and open a new one.',
    },
  );

export const badMode = (what: string, mode: number, words: Words) =>
  new PrinterError(
    'PRINTER_BAD_MODE',
    `Cannot ${what}: the printer is in mode ${mode} (${words.en})`,
    {
      ru: `Принтер чеков в неподходящем режиме: ${words.ru}`,
      en: `The receipt printer is in the wrong mode: ${words.en}`,
    },
    { details: { mode } },
  );

export const receiptAlreadyOpen = () =>
  new PrinterError(
    'PRINTER_RECEIPT_OPEN',
    'A receipt is already open on the printer; cancel or finish it first',
    {
      ru: 'На принтере уже открыт чек. Завершите или аннулируйте его.',
      en: 'A receipt is already open on the printer. Finish or cancel it.',
    },
  );

export const badArgument = (message: string, details: Record<string, unknown>) =>
  new PrinterError(
    'PRINTER_BAD_ARGUMENT',
    message,
    { ru: 'Неверные данные для принтера чеков', en: 'Invalid data for the receipt printer' },
    { details },
  );

export const tableMismatch = (message: string, details: Record<string, unknown>) =>
  new PrinterError(
    'PRINTER_TABLE_MISMATCH',
    message,
    {
      ru: 'Таблица настроек принтера не такая, как ожидалось',
      en: 'The printer settings table is not as expected',
    },
    { details },
  );
