/**
 * The device's settings tables with their structure (guide p. 43ff; 2Dh/2Eh, p. 25-26): each
 * table has rows, every row the same fields, each field BIN (integer of N bytes with a range)
 * or CHAR (Windows-1251 text of N bytes). Only the tables the emulated commands touch exist;
 * any other number answers "table not defined" (5Dh).
 */
import { DEVICE_ERROR as ERR } from '../../src/printer/protocol/device-errors';
import { FIELD_TYPE } from '../../src/printer/protocol/shtrih-constants';
import { OPERATOR } from './device-constants';
import { refuse } from './wire-format';

export interface FieldDef {
  name: string;
  type: 'bin' | 'char';
  size: number;
  min: number;
  max: number;
  /** Default value for a row. */
  initial(row: number): number | string;
}

export interface TableDef {
  number: number;
  name: string;
  rows: number;
  fields: FieldDef[];
  /** Rows the host may not change (7Ah), e.g. table 5 row 1 (guide p. 47, note 1). */
  readOnlyRows?: number[];
}

const bin = (name: string, size: number, initial: number | ((row: number) => number), max = 0) => ({
  name,
  type: 'bin' as const,
  size,
  min: 0,
  max: max || 2 ** (8 * size) - 1,
  initial: typeof initial === 'function' ? initial : () => initial,
});

const char = (name: string, size: number, initial: string | ((row: number) => string)) => ({
  name,
  type: 'char' as const,
  size,
  min: 0,
  max: 0,
  initial: typeof initial === 'function' ? initial : () => initial,
});

/** Table 1 fields, guide p. 44-45: [name, default, max]. */
const TABLE_1_FIELDS: Array<[string, number, number]> = [
  ['НОМЕР КАССЫ В МАГАЗИНЕ', 1, 99],
  ['АВТОМАТИЧЕСКОЕ ОБНУЛЕНИЕ НАЛИЧНОСТИ', 0, 1],
  ['ПЕЧАТЬ РЕКЛАМНОГО ТЕКСТА', 0, 3],
  ['НЕ ИСПОЛЬЗУЕТСЯ', 0, 0],
  ['ПЕЧАТЬ НЕОБНУЛЯЕМОЙ СУММЫ', 1, 3],
  ['РАБОТА С ДЕНЕЖНЫМ ЯЩИКОМ', 1, 1],
  // 0: the host cuts with 25h; 1/2 make the device cut after every closed receipt.
  ['ОТРЕЗКА ЧЕКА', 0, 2],
  ['ПЕЧАТАТЬ ДРОБНОЕ В КОЛИЧЕСТВЕ', 0, 1],
  ['ЛОГ. УРОВЕНЬ ДАТЧИКА ДЕН. ЯЩИКА', 0, 1],
  ['ДЛИТЕЛЬНОСТЬ ИМПУЛЬСА ЯЩИКА', 10, 255],
  ['ПАУЗА МЕЖДУ ИМПУЛЬСАМИ ЯЩИКА', 1, 255],
  ['КОЛИЧЕСТВО ИМПУЛЬСОВ ЯЩИКА', 1, 255],
  ['ИСПОЛЬЗОВАНИЕ ВЕСОВЫХ ДАТЧИКОВ', 0, 1],
  ['НАЧИСЛЕНИЕ НАЛОГОВ', 0, 1],
  ['НЕ ИСПОЛЬЗУЕТСЯ', 0, 0],
  ['ПЕЧАТЬ НАЛОГОВ', 1, 3],
  ['ПЕЧАТЬ ЗАГОЛОВКА', 0, 1],
  ['ПЕЧАТЬ ЕДИНИЧНОГО КОЛИЧЕСТВА', 1, 1],
  ['СОХРАНЯТЬ СТРОКИ В БУФЕРЕ ЧЕКА', 1, 1],
  ['ПЕЧАТЬ ЧЕКА ПО ЗАКРЫТИЮ', 1, 1],
  ['ПРОМОТКА ЛЕНТЫ ПЕРЕД ОТРЕЗКОЙ', 0, 1],
  ['ОТРЕЗКА ПРИ ОТКРЫТОМ ЧЕКЕ', 0, 1],
  ['ЗАПРЕТ НУЛЕВОГО ЧЕКА', 0, 1],
  ['ОТСТУП В СТРОКЕ ТИПОВ ОПЛАТЫ', 1, 1],
  ['ИСПОЛЬЗОВАНИЕ ФОРМАТИРОВАНИЯ', 0, 1],
  ['ОБНУЛЕНИЕ СЧЕТЧИКА ЧЕКОВ', 0, 1],
  ['КОНТРОЛЬ ВРЕМЕНИ', 0, 99],
  ['ОТКЛЮЧЕНИЕ ЗВУКА ПРИ ОШИБКАХ', 0, 1],
  ['МЕЖСТРОЧНЫЙ ИНТЕРВАЛ', 4, 10],
  ['ТИП СУТОЧНОГО ОТЧЕТА', 0, 1],
  ['СЖАТИЕ ШРИФТА НА ЧЕКОВОЙ ЛЕНТЕ', 0, 1],
  ['РАЗГОН ПРИ ПЕЧАТИ', 1, 1],
  ['КОРРЕКЦИЯ ЯРКОСТИ', 0, 1],
  ['ЯРКОСТЬ ПЕЧАТИ', 0, 3],
  ['ПЕЧАТЬ ТИПОВ ОПЛАТЫ', 1, 2],
  ['ПОЛОЖЕНИЕ ККТ', 0, 1],
  ['ПЕЧАТЬ РНМ', 1, 1],
  ['УКОРОЧЕННОЕ КЛИШЕ', 0, 1],
  ['ПЕЧАТЬ КЛИШЕ ПОСЛЕ ДОКУМЕНТА', 1, 1],
  ['СКОРОСТЬ ПЕЧАТИ', 2, 2],
  ['КОДИРОВАНИЕ РЕКВИЗИТОВ ЧЕКА', 1, 1],
  ['КОДИРОВАНИЕ ССЫЛКИ', 0, 2],
  ['АВТОПЕЧАТЬ ЖУРНАЛА', 0, 1],
  ['ВЕДЕНИЕ ЖУРНАЛА', 0, 0],
  ['РЕЖИМ НИЗКОГО ПОТРЕБЛЕНИЯ', 0, 1],
];

/** Table 5 defaults (guide p. 47). */
export const DEFAULT_PAYMENT_NAMES: Readonly<Record<number, string>> = {
  1: 'НАЛИЧНЫМИ',
  2: 'КАРТОЙ МИР',
  3: 'КАРТОЙ VISA',
  4: 'КАРТОЙ MASTERCARD',
  ...Object.fromEntries(
    Array.from({ length: 9 }, (_, i) => [i + 5, `РАСШИРЕННОЙ ОПЛАТОЙ ${i + 1}`]),
  ),
  14: 'ПРЕДВАРИТЕЛЬНАЯ ОПЛАТА (АВАНС)',
  15: 'ПОСЛЕДУЮЩАЯ ОПЛАТА (КРЕДИТ)',
  16: 'ИНАЯ ФОРМА ОПЛАТЫ',
};

function operatorName(row: number): string {
  if (row === OPERATOR.ADMIN) return 'АДМИНИСТРАТОР';
  if (row === OPERATOR.SYSADMIN) return 'СИСТ. АДМИНИСТРАТОР';
  return `КАССИР ${row}`;
}

/** The tables the emulator holds, by number. */
export const TABLES: Readonly<Record<number, TableDef>> = {
  1: {
    number: 1,
    name: 'Тип и режим кассы',
    rows: 1,
    fields: TABLE_1_FIELDS.map(([name, initial, max]) => bin(name, 1, initial, max || 255)),
  },
  2: {
    number: 2,
    name: 'Пароли кассиров и администраторов',
    rows: 30,
    fields: [bin('ПАРОЛЬ', 4, (row) => row, 99_999_999), char('РЕКВИЗИТЫ', 64, operatorName)],
  },
  4: {
    number: 4,
    name: 'Текст в чеке',
    rows: 14,
    fields: [
      char('СТРОКА', 64, (row) =>
        row === 13 ? 'ТОРГОВЫЙ ОБЪЕКТ №1' : row === 14 ? 'ДОБРО ПОЖАЛОВАТЬ!' : '',
      ),
    ],
  },
  5: {
    number: 5,
    name: 'Наименования типов оплаты',
    rows: 16,
    fields: [char('НАИМЕНОВАНИЕ ТИПА ОПЛАТЫ', 64, (row) => DEFAULT_PAYMENT_NAMES[row] ?? '')],
    readOnlyRows: [1],
  },
  11: {
    number: 11,
    name: 'Параметры кодирования QR-кодов',
    rows: 1,
    fields: [
      bin('КОДИРОВАТЬ ТЕКСТ В UTF-8', 1, 1, 1),
      bin('РАЗМЕР МОДУЛЯ РЕКЛАМНОГО ТЕКСТА', 1, 3, 8),
      bin('ИЗБЫТОЧНОСТЬ РЕКЛАМНОГО ТЕКСТА', 1, 0, 3),
      bin('МАСКА РЕКЛАМНОГО ТЕКСТА', 1, 0, 8),
      bin('ВЫРАВНИВАНИЕ РЕКЛАМНОГО ТЕКСТА', 1, 1, 2),
      bin('РАЗМЕР МОДУЛЯ ВЕБ-ССЫЛКИ', 1, 3, 8),
      bin('ИЗБЫТОЧНОСТЬ ВЕБ-ССЫЛКИ', 1, 0, 3),
      bin('МАСКА ВЕБ-ССЫЛКИ', 1, 0, 8),
      bin('ВЫРАВНИВАНИЕ ВЕБ-ССЫЛКИ', 1, 1, 2),
    ],
  },
  21: {
    number: 21,
    name: 'Сетевые интерфейсы',
    rows: 1,
    fields: [
      bin('РЕЖИМ PPP', 1, 0, 2),
      bin('РЕЖИМ ОБМЕНА С ОФД', 1, 1, 1),
      bin('ЗАПУСК TCP-СЕРВЕРА', 1, 1, 2),
      bin('ПОРТ TCP-СЕРВЕРА', 2, 7778, 65535),
    ],
  },
};

export type TableValue = number | string;

/** Values of every table field, addressed as (table, row, field), all 1-based. */
export class DeviceTables {
  private readonly values = new Map<string, TableValue>();

  constructor(initial: Array<[number, number, number, TableValue]> = []) {
    for (const [table, row, field, value] of initial) this.set(table, row, field, value);
  }

  /** The structure of a table, or 5Dh when it does not exist. */
  table(table: number): TableDef {
    const def = TABLES[table];
    if (!def) refuse(ERR.TABLE_NOT_DEFINED, `table ${table} is not defined`);
    return def;
  }

  field(table: number, field: number): FieldDef {
    const def = this.table(table);
    const f = def.fields[field - 1];
    if (!f) refuse(ERR.INVALID_PARAMETERS, `table ${table} has no field ${field}`);
    return f;
  }

  get(table: number, row: number, field: number): TableValue {
    const f = this.address(table, row, field);
    return this.values.get(key(table, row, field)) ?? f.initial(row);
  }

  /** Writes a value after checking type and range; read-only rows are the caller's check. */
  set(table: number, row: number, field: number, value: TableValue): void {
    const f = this.address(table, row, field);
    if (f.type === 'bin') {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        refuse(ERR.INVALID_PARAMETERS, `table ${table} field ${field} holds a number`);
      }
      if (value < f.min || value > f.max) {
        refuse(ERR.INVALID_PARAMETERS, `value ${value} outside ${f.min}..${f.max}`);
      }
    } else if (typeof value !== 'string') {
      refuse(ERR.INVALID_PARAMETERS, `table ${table} field ${field} holds text`);
    }
    this.values.set(key(table, row, field), value);
  }

  isReadOnly(table: number, row: number): boolean {
    return this.table(table).readOnlyRows?.includes(row) ?? false;
  }

  private address(table: number, row: number, field: number): FieldDef {
    const def = this.table(table);
    if (row < 1 || row > def.rows) {
      refuse(ERR.INVALID_PARAMETERS, `table ${table} has rows 1..${def.rows}, not ${row}`);
    }
    return this.field(table, field);
  }
}

/** 2Eh field type byte (p. 26). */
export function fieldTypeByte(f: FieldDef): number {
  return f.type === 'bin' ? FIELD_TYPE.BIN : FIELD_TYPE.CHAR;
}

function key(table: number, row: number, field: number): string {
  return `${table}:${row}:${field}`;
}
