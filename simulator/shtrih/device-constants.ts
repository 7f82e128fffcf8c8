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
