/**
 * Modes, submodes and status flags in words, Russian and English (appendix 1, p. 71; flags
 * p. 17). Used by `wmqr status` and by error messages shop staff see.
 */
import { MODE, OPEN_DOCUMENT, STATUS_FLAG, SUBMODE } from './shtrih-constants';

export type Lang = 'ru' | 'en';
export interface Words {
  ru: string;
  en: string;
}

const MODE_WORDS: Record<number, Words> = {
  0: { ru: 'Принтер в рабочем режиме', en: 'Printer in working mode' },
  [MODE.DATA_OUTPUT]: { ru: 'Выдача данных', en: 'Data output' },
  [MODE.SHIFT_OPEN]: { ru: 'Смена открыта', en: 'Shift open' },
  [MODE.SHIFT_OVER_24H]: {
    ru: 'Смена открыта, 24 часа истекли',
    en: 'Shift open, 24 hours have passed',
  },
  [MODE.SHIFT_CLOSED]: { ru: 'Смена закрыта', en: 'Shift closed' },
  [MODE.LOCKED_BAD_TAX_PASSWORD]: {
    ru: 'Блокировка по неправильному паролю налогового инспектора',
    en: 'Locked: wrong tax inspector password',
  },
  [MODE.DATE_CONFIRMATION]: {
    ru: 'Ожидание подтверждения даты',
    en: 'Waiting for date confirmation',
  },
  [MODE.DECIMAL_POINT_CHANGE]: {
    ru: 'Разрешение изменения положения десятичной точки',
    en: 'Decimal point change allowed',
  },
  [MODE.DOCUMENT_OPEN]: { ru: 'Открыт документ', en: 'Document open' },
  [MODE.TECH_RESET_ALLOWED]: {
    ru: 'Режим разрешения технологического обнуления',
    en: 'Technological reset allowed',
  },
  [MODE.TEST_RUN]: { ru: 'Тестовый прогон', en: 'Test run' },
  [MODE.FULL_FISCAL_REPORT]: {
    ru: 'Печать полного фискального отчёта',
    en: 'Printing a full fiscal report',
  },
  [MODE.SLIP_DOCUMENT]: { ru: 'Работа с подкладным документом', en: 'Slip document open' },
  [MODE.SLIP_PRINTING]: { ru: 'Печать подкладного документа', en: 'Printing a slip document' },
  [MODE.SLIP_FORMED]: { ru: 'Подкладной документ сформирован', en: 'Slip document formed' },
};

const DOCUMENT_WORDS: Record<number, Words> = {
  [OPEN_DOCUMENT.SALE]: { ru: 'продажа', en: 'sale' },
  [OPEN_DOCUMENT.PURCHASE]: { ru: 'покупка', en: 'purchase' },
  [OPEN_DOCUMENT.SALE_RETURN]: { ru: 'возврат продажи', en: 'sale return' },
  [OPEN_DOCUMENT.PURCHASE_RETURN]: { ru: 'возврат покупки', en: 'purchase return' },
  [OPEN_DOCUMENT.NON_FISCAL]: { ru: 'нефискальный', en: 'non-fiscal' },
};

const SUBMODE_WORDS: Record<number, Words> = {
  [SUBMODE.PAPER_PRESENT]: { ru: 'Бумага есть', en: 'Paper present' },
  [SUBMODE.PASSIVE_PAPER_OUT]: { ru: 'Нет бумаги', en: 'Out of paper' },
  [SUBMODE.ACTIVE_PAPER_OUT]: {
    ru: 'Бумага закончилась во время печати',
    en: 'Paper ran out while printing',
  },
  [SUBMODE.WAITING_CONTINUE]: {
    ru: 'Ожидание команды продолжения печати',
    en: 'Waiting for the continue-print command',
  },
  [SUBMODE.PRINTING_LONG_REPORT]: { ru: 'Печать длинного отчёта', en: 'Printing a long report' },
  [SUBMODE.PRINTING]: { ru: 'Идёт печать', en: 'Printing' },
};

/** The mode byte in words, e.g. "Открыт документ: продажа". */
export function describeMode(mode: number): Words {
  const number = mode & 0x0f;
  const status = mode >> 4;
  const base = MODE_WORDS[number] ?? { ru: `Режим ${number}`, en: `Mode ${number}` };
  if (number !== MODE.DOCUMENT_OPEN) return base;
  const doc = DOCUMENT_WORDS[status] ?? { ru: `тип ${status}`, en: `type ${status}` };
  return { ru: `${base.ru}: ${doc.ru}`, en: `${base.en}: ${doc.en}` };
}

export function describeSubmode(submode: number): Words {
  return SUBMODE_WORDS[submode] ?? { ru: `Подрежим ${submode}`, en: `Submode ${submode}` };
}

/** Whether the receipt roll has paper, from the submode and the flags (p. 17, 71). */
export function describePaper(flags: number, submode: number): Words {
  const out =
    submode === SUBMODE.PASSIVE_PAPER_OUT ||
    submode === SUBMODE.ACTIVE_PAPER_OUT ||
    (flags & STATUS_FLAG.RECEIPT_ROLL) === 0;
  if (out) return { ru: 'Нет чековой ленты', en: 'No receipt paper' };
  if (flags & STATUS_FLAG.COVER_OPEN) return { ru: 'Крышка открыта', en: 'Cover open' };
  return { ru: 'Чековая лента есть', en: 'Receipt paper present' };
}
