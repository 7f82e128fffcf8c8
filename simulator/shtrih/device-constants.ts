/**
 * Device-side facts of the emulated register: who it says it is, its password table rows
 * and how it ages a shift. The wire facts (command codes, error codes, modes, flags,
 * field limits) are the host driver's: src/printer/protocol/shtrih-constants.ts and
 * device-errors.ts. Page numbers ("p. N") refer to the vendor text "Протокол работы ККТ с
 * ФН" v1.17; "guide p. N" to the vendor's settings guide.
 */

/** Password table rows (table 2, guide p. 46): cashiers 1..28, admin 29, sysadmin 30. */
export const OPERATOR = {
  FIRST_CASHIER: 1,
  LAST_CASHIER: 28,
  ADMIN: 29,
  SYSADMIN: 30,
} as const;

/** A shift older than this is "over 24 hours" (mode 3, p. 71). */
export const SHIFT_MAX_MS = 24 * 60 * 60 * 1000;

/**
 * Who the emulator says it is (FCh, p. 41): the vendor's table lists ШТРИХ-М-01Ф as
 * device type 0 (ККТ), subtype 0, protocol 1.14, model 250, language 0 (Russian).
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

/**
 * F7h type 1 "Параметры модели" (p. 38-40) of the emulated model, consistent with what it
 * does: receipt roll weight and optical sensors and head lever (the 10h flags it reports)
 * and a cutter (25h). Bit 26 is set at run time from the `graphicsBitOrder` option. Digits
 * and passwords are those of the emulated ШТРИХ-М-01Ф; 0 means "not supported" or "default".
 */
export const MODEL_PARAMETERS = {
  /** Bits 1, 3, 6, 13 (p. 38-39). */
  FLAG_BITS: [1, 3, 6, 13],
  FIRST_GRAPHIC_LINE: 0,
  INN_DIGITS: 12,
  RNM_DIGITS: 10,
  LONG_RNM_DIGITS: 0,
  LONG_SERIAL_DIGITS: 0,
  DEFAULT_TAX_INSPECTOR_PASSWORD: 0,
  DEFAULT_SYSADMIN_PASSWORD: 30,
  BLUETOOTH_TABLE: 0,
  TAX_ACCRUAL_FIELD: 0,
  /** 0: the default maximum command length. */
  MAX_COMMAND_LENGTH: 0,
  GRAPHICS_512_LINE_BYTES: 0,
  GRAPHICS_512_LINES: 0,
} as const;
