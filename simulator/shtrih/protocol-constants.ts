/**
 * Device-side constants of the Shtrih-M protocol, in one place. Page numbers ("p. N") refer to
 * the vendor text "Протокол работы ККТ с ФН" v1.17; "guide p. N" to the vendor's settings
 * guide. The emulator keeps its own copy on purpose: it is a second, independent
 * implementation of the wire protocol, so it shares the frame codec with the host driver but
 * not the driver's command definitions.
 */

/** Command codes (p. 14-16). Two-byte codes are written as 0xFFxx. */
export const CMD = {
  /** Short status (p. 17). */
  SHORT_STATUS: 0x10,
  /** Full status (p. 18). */
  FULL_STATUS: 0x11,
  /** Print a bold string, font 2 (p. 19). */
  PRINT_BOLD: 0x12,
  /** Print a standard string, font 1 (p. 21). */
  PRINT_STRING: 0x17,
  /** Write a table field (p. 23). */
  WRITE_TABLE: 0x1e,
  /** Read a table field (p. 23). */
  READ_TABLE: 0x1f,
  /** Cut the receipt (p. 24). */
  CUT: 0x25,
  /** Table structure (p. 25). */
  TABLE_STRUCTURE: 0x2d,
  /** Field structure (p. 26). */
  FIELD_STRUCTURE: 0x2e,
  /** Daily report with clearing (Z report): closes the shift (p. 26). */
  Z_REPORT: 0x41,
  /** Sale, purchase, sale return, purchase return lines (p. 29-31). */
  SALE: 0x80,
  PURCHASE: 0x81,
  SALE_RETURN: 0x82,
  PURCHASE_RETURN: 0x83,
  /** Close receipt with payment sums 1..4 (p. 31). */
  CLOSE_RECEIPT: 0x85,
  /** Cancel the open receipt (p. 32). */
  CANCEL_RECEIPT: 0x88,
  /** Open a receipt of a given type (p. 32). */
  OPEN_RECEIPT: 0x8d,
  /** Close receipt with payment sums 1..16 (p. 33). */
  CLOSE_RECEIPT_EXT: 0x8e,
  /** Continue printing after paper ran out (p. 33). */
  CONTINUE_PRINT: 0xb0,
  /** Print one graphic line with a repeat count (p. 35). */
  PRINT_GRAPHIC_LINE: 0xc5,
  /** Load data blocks for a 2-D barcode (p. 37). */
  LOAD_DATA: 0xdd,
  /** Print a 2-D barcode from loaded data (p. 37). */
  PRINT_2D_BARCODE: 0xde,
  /** Open the shift (p. 38). */
  OPEN_SHIFT: 0xe0,
  /** Device type (p. 41). */
  DEVICE_TYPE: 0xfc,
  /** Fiscal drive status (p. 42). */
  FN_STATUS: 0xff01,
  /** Close receipt, variant 2 (p. 52). */
  CLOSE_RECEIPT_V2: 0xff45,
  /** Operation V2 (p. 53). */
  OPERATION_V2: 0xff46,
} as const;

/** First byte of every two-byte command (FF xx: fiscal drive commands, p. 15). */
export const TWO_BYTE_PREFIX = 0xff;

/** Error codes the emulator answers with (p. 67-70). */
export const ERR = {
  OK: 0x00,
  INVALID_PARAMETERS: 0x33,
  NO_DATA: 0x34,
  NOT_SUPPORTED: 0x37,
  SHIFT_OPEN: 0x3c,
  /** The vendor's table text repeats "shift open" here; every driver reads it as "shift not open". */
  SHIFT_NOT_OPEN: 0x3d,
  PAYMENTS_LESS_THAN_TOTAL: 0x45,
  /** Open receipt of another type: operation impossible. */
  WRONG_RECEIPT_TYPE: 0x49,
  RECEIPT_OPEN: 0x4a,
  /** Non-cash payments exceed the receipt total. */
  NON_CASH_EXCEEDS_TOTAL: 0x4d,
  SHIFT_OVER_24H: 0x4e,
  WRONG_PASSWORD: 0x4f,
  PRINTING: 0x50,
  RECEIPT_CLOSED: 0x55,
  WAITING_FOR_CONTINUE: 0x58,
  TABLE_NOT_DEFINED: 0x5d,
  NO_PAPER: 0x6b,
  NOT_IN_SUBMODE: 0x72,
  NOT_IN_MODE: 0x73,
  FIELD_READ_ONLY: 0x7a,
  ZERO_TOTAL: 0x8e,
} as const;

/** Mode numbers, the low nibble of the mode byte (appendix 1, p. 71). */
export const MODE = {
  SHIFT_OPEN: 2,
  SHIFT_OVER_24H: 3,
  SHIFT_CLOSED: 4,
  /** Open document; the high nibble is the document type (DOC_TYPE). */
  DOCUMENT_OPEN: 8,
} as const;

/** High nibble of mode 8: the open document's type (appendix 1, p. 71; 8D types, p. 32). */
export const DOC_TYPE = {
  SALE: 0,
  PURCHASE: 1,
  SALE_RETURN: 2,
  PURCHASE_RETURN: 3,
} as const;

/** Submodes (appendix 1, p. 71). */
export const SUBMODE = {
  PAPER_PRESENT: 0,
  PASSIVE_PAPER_OUT: 1,
  ACTIVE_PAPER_OUT: 2,
  WAITING_FOR_CONTINUE: 3,
  PRINTING_REPORT: 4,
  PRINTING: 5,
} as const;

/** Status flags bits (10h/11h "Флаги ККТ", p. 17). */
export const FLAG = {
  RECEIPT_ROLL: 1 << 1,
  RECEIPT_OPTICAL_SENSOR: 1 << 7,
  /** 1 = receipt head lever lowered (the normal working position). */
  RECEIPT_LEVER_DOWN: 1 << 9,
} as const;

/** Password table rows (table 2, guide p. 46): cashiers 1..28, admin 29, sysadmin 30. */
export const OPERATOR = {
  FIRST_CASHIER: 1,
  LAST_CASHIER: 28,
  ADMIN: 29,
  SYSADMIN: 30,
} as const;

/** Field types in 2Eh answers (p. 26). */
export const FIELD_TYPE = { BIN: 0, CHAR: 1 } as const;

/** 2-D barcode types of DEh (p. 37): 3 and 131 are both QR. */
export const BARCODE_2D = { QR: 3, QR_ALT: 131, DATA_TYPE_2D: 0 } as const;

/** Operation types of FF46h (p. 53). */
export const OPERATION_V2_TYPE = {
  INCOME: 1,
  INCOME_RETURN: 2,
  EXPENSE: 3,
  EXPENSE_RETURN: 4,
} as const;

/** Port number reported by 11h for a TCP link (p. 19). */
export const PORT_TCP = 128;

/** Limits taken from the command descriptions. */
export const LIMITS = {
  /** Printed characters of 17h (p. 21) and of a sale line's text (p. 29). */
  STRING_CHARS: 40,
  /** Printed characters of 12h in font 2 (p. 19). */
  BOLD_CHARS: 20,
  /** DDh data block size and block number range (p. 37). */
  DATA_BLOCK_BYTES: 64,
  DATA_BLOCKS: 128,
  /** DEh data length (p. 37). */
  BARCODE_MAX_BYTES: 7089,
  /** C5h repeat count (p. 35). */
  GRAPHIC_LINE_MAX_REPEAT: 1200,
  /** C5h line width on narrow printers, bytes (p. 35, note 5). */
  GRAPHIC_LINE_BYTES: 40,
  /** QR parameters of DEh (p. 38). */
  QR_MAX_VERSION: 40,
  QR_MAX_MASK: 8,
  QR_MIN_DOT: 3,
  QR_MAX_DOT: 8,
  /** FF46h name length (p. 53). */
  OPERATION_NAME_BYTES: 128,
  /** FF45h text length (p. 52). */
  CLOSE_TEXT_BYTES: 64,
  /** Money fields are 5 bytes (p. 29): 0..9 999 999 999. */
  MONEY_MAX: 9_999_999_999,
  /** FF46h "sum not given, device computes" marker (p. 54, note 1). */
  UNSET_5_BYTES: 0xff_ff_ff_ff_ff,
  /** A shift older than this is "over 24 hours" (mode 3, p. 71). */
  SHIFT_MAX_MS: 24 * 60 * 60 * 1000,
} as const;

/**
 * Who the emulator says it is (FCh, p. 41): the vendor's table lists ШТРИХ-М-01Ф as device
 * type 0 (ККТ), subtype 0, protocol 1.14, model 250, language 0 (Russian).
 */
export const MODEL = {
  TYPE: 0,
  SUBTYPE: 0,
  PROTOCOL_VERSION: 1,
  PROTOCOL_SUBVERSION: 14,
  MODEL: 250,
  LANGUAGE: 0,
  NAME: 'ШТРИХ-М-01Ф',
  /** Print area in dots: 40-byte graphic lines (p. 35, note 5). */
  PRINT_WIDTH_DOTS: 320,
  /** 11h firmware fields: version "A4" prints as A.4, build, date. */
  FIRMWARE_VERSION: 'A4',
  FIRMWARE_BUILD: 27_000,
  FIRMWARE_DATE: [15, 3, 21] as const,
  SERIAL_NUMBER: 12_345_678,
  INN: 7_700_000_000,
  FN_SERIAL: '9999078900001234',
} as const;

/** FF01h life phase bits and current document codes (p. 42). */
export const FN = {
  PHASE_CONFIGURED: 1 << 0,
  PHASE_FISCAL_MODE: 1 << 1,
  DOC_NONE: 0x00,
  DOC_SHIFT_OPEN_REPORT: 0x02,
  DOC_RECEIPT: 0x04,
  DOC_SHIFT_CLOSE_REPORT: 0x08,
} as const;

/** Reverse map for logs: error code -> name. */
export const ERR_NAME: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(ERR).map(([name, code]) => [code, name]),
);

/** Reverse map for logs: command code -> name. */
export const CMD_NAME: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(CMD).map(([name, code]) => [code, name]),
);
