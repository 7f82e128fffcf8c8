/**
 * Constants of the Shtrih-M command layer, each next to its page in the vendor text
 * "Протокол работы ККТ с ФН" v1.17 (shared/reference/shtrih-m-protocol-v1.17.txt) or the
 * settings guide. Link control bytes live in link-bytes.ts; device error codes in
 * device-errors.ts. Reverse maps are derived below, never typed twice.
 */

// ---- command codes (p. 14-16 "Поддерживаемые команды") -----------------------------------

export const CMD = {
  /** p. 17 Короткий запрос состояния ККТ. */
  SHORT_STATUS: 0x10,
  /** p. 18 Запрос состояния ККТ. */
  FULL_STATUS: 0x11,
  /** p. 19 Печать жирной строки (шрифт 2). */
  PRINT_BOLD: 0x12,
  /** p. 21 Печать стандартной строки (шрифт 1). */
  PRINT_STRING: 0x17,
  /** p. 23 Запись таблицы. */
  WRITE_TABLE: 0x1e,
  /** p. 23 Чтение таблицы. */
  READ_TABLE: 0x1f,
  /** p. 24 Отрезка чека. */
  CUT: 0x25,
  /** p. 25 Запрос структуры таблицы. */
  TABLE_STRUCTURE: 0x2d,
  /** p. 26 Запрос структуры поля. */
  FIELD_STRUCTURE: 0x2e,
  /** p. 26 Суточный отчет с гашением (the Z report: closes the shift). */
  Z_REPORT: 0x41,
  /** p. 29 Продажа. */
  SALE: 0x80,
  /** p. 30 Покупка. */
  PURCHASE: 0x81,
  /** p. 30 Возврат продажи. */
  SALE_RETURN: 0x82,
  /** p. 31 Возврат покупки. */
  PURCHASE_RETURN: 0x83,
  /** p. 31 Закрытие чека. */
  CLOSE_RECEIPT: 0x85,
  /** p. 32 Аннулирование чека. */
  CANCEL_RECEIPT: 0x88,
  /** p. 32 Открыть чек. */
  OPEN_RECEIPT: 0x8d,
  /** p. 33 Закрытие чека расширенное. */
  CLOSE_RECEIPT_EXTENDED: 0x8e,
  /** p. 33 Продолжение печати. */
  CONTINUE_PRINT: 0xb0,
  /** p. 35 Печать графической линии. */
  PRINT_GRAPHIC_LINE: 0xc5,
  /** p. 37 Загрузка данных. */
  LOAD_DATA: 0xdd,
  /** p. 37 Печать многомерного штрих-кода. */
  PRINT_2D_BARCODE: 0xde,
  /** p. 38 Открыть смену. */
  OPEN_SHIFT: 0xe0,
  /** p. 38 Расширенный запрос. */
  EXTENDED_REQUEST: 0xf7,
  /** p. 41 Получить тип устройства. */
  DEVICE_TYPE: 0xfc,
  /** p. 42 Запрос статуса ФН. */
  FN_STATUS: 0xff01,
  /** p. 45 Найти фискальный документ по номеру. */
  FIND_FN_DOCUMENT: 0xff0a,
  /** p. 52 Закрытие чека расширенное вариант №2. */
  CLOSE_RECEIPT_V2: 0xff45,
  /** p. 53 Операция V2. */
  OPERATION_V2: 0xff46,
} as const;

/** First byte of every two-byte command: FF xx are the fiscal drive commands (p. 15). */
export const TWO_BYTE_PREFIX = 0xff;

export type CommandName = keyof typeof CMD;
export type CommandCode = (typeof CMD)[CommandName];

/** 0x10 -> 'SHORT_STATUS' (derived). */
export const COMMAND_NAME: ReadonlyMap<number, CommandName> = new Map(
  (Object.keys(CMD) as CommandName[]).map((name) => [CMD[name], name]),
);

/** "10", "FF46": the form the vendor text and logs use. */
export function commandHex(code: number): string {
  return code
    .toString(16)
    .toUpperCase()
    .padStart(code > 0xff ? 4 : 2, '0');
}

/** The first bytes of a frame body: one byte, or two for FF xx (p. 42ff). */
export function commandBytes(code: number): Buffer {
  return code > 0xff ? Buffer.from([code >> 8, code & 0xff]) : Buffer.from([code]);
}

// ---- answer timeouts (p. 8: preparation time depends on the command) ----------------------

export const ANSWER_TIMEOUT_MS = {
  /** Status requests answer within a second on every model. */
  STATUS: 3_000,
  /** Printing and fiscal commands. */
  DEFAULT: 30_000,
  /** Opening a shift prints a report and writes the fiscal drive. */
  OPEN_SHIFT: 120_000,
} as const;

// ---- passwords (p. 8ff; settings guide table 2) -------------------------------------------

export const DEFAULT_PASSWORDS = {
  /** Factory password of the system administrator (operator 30). */
  operator: 30,
  sysadmin: 30,
} as const;

// ---- status flags (p. 17 "Флаги ККТ", u16) -------------------------------------------------

export const STATUS_FLAG = {
  JOURNAL_ROLL: 1 << 0,
  RECEIPT_ROLL: 1 << 1,
  JOURNAL_OPTICAL: 1 << 6,
  RECEIPT_OPTICAL: 1 << 7,
  JOURNAL_LEVER: 1 << 8,
  /** 1 = the receipt head lever is lowered (the normal working position). */
  RECEIPT_LEVER: 1 << 9,
  COVER_OPEN: 1 << 10,
  DRAWER_OPEN: 1 << 11,
  JOURNAL_COVER_OPEN: 1 << 12,
} as const;

/** 11h "Порт ККТ" (p. 19): 0..127 are COM ports, 128 is a TCP socket. */
export const STATUS_PORT_TCP = 128;

/** FF01h "Состояние фазы жизни" bits (p. 42). */
export const FN_LIFE_PHASE = {
  CONFIGURED: 1 << 0,
  FISCAL_MODE: 1 << 1,
} as const;

/** FF01h "Текущий документ" (p. 42). */
export const FN_DOCUMENT = {
  NONE: 0x00,
  SHIFT_OPEN_REPORT: 0x02,
  RECEIPT: 0x04,
  SHIFT_CLOSE_REPORT: 0x08,
} as const;

/**
 * FF0Ah "Тип фискального документа" (p. 45): the fiscal drive's own document types (the
 * fiscal data format numbering), not FF01h's flags above. p. 45 leaves the per-type data out;
 * every type starts with date-time (5), document number (4) and fiscal sign (4), then receipts
 * add operation type (1) and sum (5), shift reports the shift number (2).
 */
export const FN_DOCUMENT_TYPE = {
  REGISTRATION_REPORT: 1,
  SHIFT_OPEN_REPORT: 2,
  RECEIPT: 3,
  STRICT_FORM: 4,
  SHIFT_CLOSE_REPORT: 5,
  FISCAL_MODE_CLOSE_REPORT: 6,
  REREGISTRATION_REPORT: 11,
  SETTLEMENT_STATE_REPORT: 21,
  CORRECTION_RECEIPT: 31,
  CORRECTION_STRICT_FORM: 41,
} as const;

/** Receipt "Тип операции" (FF0Dh, p. 46; the same codes in FF0Ah receipt data). */
export const FN_OPERATION_TYPE = {
  /** Приход: a sale. */
  SALE: 1,
  SALE_RETURN: 2,
  /** Расход: a purchase. */
  PURCHASE: 3,
  PURCHASE_RETURN: 4,
} as const;

// ---- modes and submodes (appendix 1, p. 71) -----------------------------------------------

/** Low nibble of the mode byte. */
export const MODE = {
  DATA_OUTPUT: 1,
  SHIFT_OPEN: 2,
  SHIFT_OVER_24H: 3,
  SHIFT_CLOSED: 4,
  LOCKED_BAD_TAX_PASSWORD: 5,
  DATE_CONFIRMATION: 6,
  DECIMAL_POINT_CHANGE: 7,
  DOCUMENT_OPEN: 8,
  TECH_RESET_ALLOWED: 9,
  TEST_RUN: 10,
  FULL_FISCAL_REPORT: 11,
  SLIP_DOCUMENT: 12,
  SLIP_PRINTING: 13,
  SLIP_FORMED: 14,
} as const;

/** High nibble of mode 8: which document is open. */
export const OPEN_DOCUMENT = {
  SALE: 0,
  PURCHASE: 1,
  SALE_RETURN: 2,
  PURCHASE_RETURN: 3,
  NON_FISCAL: 4,
} as const;

export const SUBMODE = {
  PAPER_PRESENT: 0,
  PASSIVE_PAPER_OUT: 1,
  ACTIVE_PAPER_OUT: 2,
  WAITING_CONTINUE: 3,
  PRINTING_LONG_REPORT: 4,
  PRINTING: 5,
} as const;

// ---- printing (p. 19, 21, 24, 35, 37) -------------------------------------------------

/** Flags byte of 12h/17h/C5h. */
export const PRINT_FLAG = {
  JOURNAL: 1 << 0,
  RECEIPT: 1 << 1,
} as const;

/** Width of the text field of 17h (p. 21) and of 12h (p. 19), in bytes. */
export const PRINT_STRING_WIDTH = 40;
export const PRINT_BOLD_WIDTH = 20;

/** 25h "Тип отрезки" (p. 24). */
export const CUT_TYPE = { full: 0, partial: 1 } as const;

/** DDh: data type 0 is 2-D barcode data; 64 data bytes per block, blocks 0..127 (p. 37). */
export const LOAD_DATA = { TYPE_2D_BARCODE: 0, BLOCK_SIZE: 64, MAX_BLOCKS: 128 } as const;

/** DEh barcode types and parameters (p. 37-38). */
export const BARCODE_2D = {
  TYPE_QR: 3,
  /** The vendor table lists QR twice, as type 3 and as type 131. */
  TYPE_QR_ALT: 131,
  MAX_LENGTH: 7089,
  /** Parameters 1 and 2 of QR: version (0 = auto) and mask, at most these. */
  MAX_VERSION: 40,
  MAX_MASK: 8,
  /** Parameter 3 of QR: dot size. */
  MIN_DOT_SIZE: 3,
  MAX_DOT_SIZE: 8,
} as const;
export const QR_ERROR_CORRECTION = { L: 0, M: 1, Q: 2, H: 3 } as const;
export const ALIGNMENT = { left: 0, centre: 1, right: 2 } as const;

/** C5h "Графическая информация": 40 bytes on narrow printers (p. 35, F7h field). */
export const GRAPHIC_LINE_BYTES = 40;
/** F7h "Ширина произвольной графической линии в байтах": 40 narrow, 64 or 72 wide (p. 40). */
export const GRAPHIC_LINE_BYTES_ALLOWED = [40, 64, 72] as const;
/** C5h repeat count 1..1200 (p. 35). */
export const GRAPHIC_LINE_MAX_REPEAT = 1200;

// ---- model parameters (F7h "Расширенный запрос", p. 38-40) ------------------------------

/** F7h "Тип запроса": type 1 is "ПАРАМЕТРЫ МОДЕЛИ" (p. 38). */
export const EXTENDED_REQUEST_TYPE = { MODEL_PARAMETERS: 1 } as const;

/** F7h type 1 "Параметры модели" (8-byte bit field, p. 38-39): the bits the driver reads. */
export const MODEL_PARAMETER_BIT = {
  /** 26 "Переворачивать байты при печати линии": C5h bytes go LSB = leftmost dot. */
  REVERSE_LINE_BYTES: 26,
  /** 37 "Поддержка флагов печати" for C3h and C5h (the flags byte of C5h, p. 35). */
  GRAPHIC_PRINT_FLAGS: 37,
} as const;

/** F7h "Ширина печати шрифтом 1/2": 0 = ask 26h "Прочитать параметры шрифта" (p. 39). */
export const FONT_WIDTH_ASK_26H = 0;

// ---- receipts (p. 29-33, 52-53) -----------------------------------------------------------

/** 8Dh "Тип документа" (p. 32). */
export const RECEIPT_TYPE = {
  sale: 0,
  purchase: 1,
  'sale-return': 2,
  'purchase-return': 3,
} as const;
export type ReceiptType = keyof typeof RECEIPT_TYPE;

/** FF46h "Тип операции" (p. 53). */
export const OPERATION_V2_TYPE = {
  sale: 1,
  'sale-return': 2,
  purchase: 3,
  'purchase-return': 4,
} as const;

/** Number of payment sums in 8Eh and FF45h (p. 33, 52); 85h carries the first four. */
export const PAYMENT_SUMS = 16;
export const CLASSIC_CLOSE_SUMS = 4;
/** Number of tax sums in FF45h (p. 52). */
export const V2_TAX_SUMS = 6;
/** Width of the text of 80h/85h/8Eh (p. 29, 31, 33). */
export const RECEIPT_TEXT_WIDTH = 40;
/** FF45h text 0..64 bytes, FF46h name 0..128 bytes (p. 52, 53). */
export const CLOSE_V2_TEXT_MAX = 64;
export const OPERATION_V2_NAME_MAX = 128;
/** FF46h sum of five FFh bytes: "not given, the device computes it" (p. 54, note 1). */
export const OPERATION_V2_SUM_NOT_GIVEN = 0xff_ff_ff_ff_ff;

/** FF45h "Система налогообложения" bits (p. 52). */
export const TAX_SYSTEM = {
  OSN: 1 << 0,
  USN_INCOME: 1 << 1,
  USN_INCOME_MINUS_EXPENSE: 1 << 2,
  ENVD: 1 << 3,
  ESKHN: 1 << 4,
  PSN: 1 << 5,
} as const;

// ---- tables (settings guide) ----------------------------------------------------------

/** 2Eh field type (p. 26). */
export const FIELD_TYPE = { BIN: 0, CHAR: 1 } as const;

/** Table 5 "Наименования типов оплаты": 16 rows x 1 CHAR field (settings guide p. 47). */
export const PAYMENT_NAMES_TABLE = {
  TABLE: 5,
  FIELD: 1,
  ROWS: 16,
  /** Row 1 "НАЛИЧНЫМИ" cannot be changed (settings guide p. 47, note 1). */
  READ_ONLY_ROW: 1,
} as const;

/** 1Eh value: up to 40 bytes, or 246 on some models (p. 23). */
export const TABLE_VALUE_MAX = 246;
