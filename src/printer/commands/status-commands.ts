/**
 * Status and identity: 10h short status (p. 17), 11h full status (p. 18), FCh device type
 * (p. 41), FF01h fiscal drive status (p. 42).
 */
import type { ByteReader } from '../protocol/field-codec';
import { ANSWER_TIMEOUT_MS, CMD } from '../protocol/shtrih-constants';
import { defineCommand, encodePassword, type PasswordRequest } from './command-spec';

export interface ShortStatus {
  operator: number;
  /** Bit field, see STATUS_FLAG. */
  flags: number;
  /** Whole mode byte: low nibble the mode, high nibble its status (appendix 1). */
  mode: number;
  submode: number;
  /** Operations in the open receipt (low and high byte joined). */
  receiptOperations: number;
  /** Raw voltage bytes as the device reports them. */
  batteryVoltageRaw: number;
  powerVoltageRaw: number;
  /** 0 ok, 1 paper tore, 2 printer error, 5 printing; only on some models (p. 17). */
  lastPrintResult?: number;
}

/**
 * 10h answer data: op, flags u16, mode, submode, ops low, battery, power, 2 reserved, ops
 * high, 3 reserved [, last print result]. The vendor text leaves out the two reserved
 * bytes after the power voltage, but LEN 16 counts them and devices send them; an answer
 * of the literal layout (two bytes shorter) is read too.
 */
export const shortStatus = defineCommand<PasswordRequest, ShortStatus>({
  code: CMD.SHORT_STATUS,
  name: 'short status',
  page: 17,
  answerTimeoutMs: ANSWER_TIMEOUT_MS.STATUS,
  encode: encodePassword,
  decode(r) {
    const withReserved = r.remaining >= 14;
    const operator = r.u8('operator');
    const flags = r.u16('flags');
    const mode = r.u8('mode');
    const submode = r.u8('submode');
    const opsLow = r.u8('receipt operations (low)');
    const batteryVoltageRaw = r.u8('battery voltage');
    const powerVoltageRaw = r.u8('power voltage');
    if (withReserved) r.bytes(2, 'reserved');
    const opsHigh = r.u8('receipt operations (high)');
    r.bytes(3, 'reserved');
    const status: ShortStatus = {
      operator,
      flags,
      mode,
      submode,
      receiptOperations: opsLow | (opsHigh << 8),
      batteryVoltageRaw,
      powerVoltageRaw,
    };
    if (r.remaining > 0) status.lastPrintResult = r.u8('last print result');
    return status;
  },
});

export interface DeviceDate {
  day: number;
  month: number;
  /** Four digits: 2000 + the device's two. */
  year: number;
}

export interface FullStatus {
  operator: number;
  /** "1.0": two characters joined with a dot (p. 18). */
  firmwareVersion: string;
  firmwareBuild: number;
  firmwareDate: DeviceDate;
  hallNumber: number;
  /** Running number of the current document, 0..9999. */
  documentNumber: number;
  flags: number;
  mode: number;
  submode: number;
  /** 0..127 COM ports, 128 TCP socket. */
  port: number;
  date: DeviceDate;
  time: { hour: number; minute: number; second: number };
  /** Serial number (the high word joins in when sent); undefined when not entered. */
  serialNumber?: number;
  lastClosedShift: number;
  reregistrations: number;
  remainingReregistrations: number;
  /** INN digits, or undefined when not entered (all FF). */
  inn?: string;
}

/**
 * 11h answer (p. 18). On the wire, devices keep the fields of the pre-fiscal-drive layout
 * (fiscal memory version, build, date, flags, free records) between port and date, which is
 * what makes LEN 48; the v1.17 text lists only the rest. Both shapes are read, by length.
 */
export const fullStatus = defineCommand<PasswordRequest, FullStatus>({
  code: CMD.FULL_STATUS,
  name: 'full status',
  page: 18,
  answerTimeoutMs: ANSWER_TIMEOUT_MS.STATUS,
  encode: encodePassword,
  decode(r) {
    const legacyLayout = r.remaining >= 46;
    const operator = r.u8('operator');
    const version = r.bytes(2, 'firmware version');
    const firmwareBuild = r.u16('firmware build');
    const firmwareDate = readDate(r, 'firmware date');
    const hallNumber = r.u8('hall number');
    const documentNumber = r.u16('document number');
    const flags = r.u16('flags');
    const mode = r.u8('mode');
    const submode = r.u8('submode');
    const port = r.u8('port');
    if (legacyLayout) r.bytes(7, 'fiscal memory version, build and date');
    const date = readDate(r, 'date');
    const time = { hour: r.u8('hour'), minute: r.u8('minute'), second: r.u8('second') };
    if (legacyLayout) r.u8('fiscal memory flags');
    const serialLow = r.u32('serial number');
    const lastClosedShift = r.u16('last closed shift');
    if (legacyLayout) r.u16('free fiscal memory records');
    const reregistrations = r.u8('re-registrations');
    const remainingReregistrations = r.u8('remaining re-registrations');
    const innBytes = r.bytes(6, 'INN');
    const serialHigh = r.remaining >= 2 ? r.u16('serial number (high word)') : 0;
    const status: FullStatus = {
      operator,
      firmwareVersion: `${String.fromCharCode(version[0]!)}.${String.fromCharCode(version[1]!)}`,
      firmwareBuild,
      firmwareDate,
      hallNumber,
      documentNumber,
      flags,
      mode,
      submode,
      port,
      date,
      time,
      lastClosedShift,
      reregistrations,
      remainingReregistrations,
    };
    if (serialLow !== 0xffffffff) {
      status.serialNumber = (serialHigh === 0xffff ? 0 : serialHigh) * 2 ** 32 + serialLow;
    }
    if (!innBytes.every((b) => b === 0xff)) status.inn = String(innBytes.readUIntLE(0, 6));
    return status;
  },
});

function readDate(r: ByteReader, field: string): DeviceDate {
  const day = r.u8(`${field} day`);
  const month = r.u8(`${field} month`);
  const year = 2000 + r.u8(`${field} year`);
  return { day, month, year };
}

export interface DeviceType {
  type: number;
  subtype: number;
  protocolVersion: number;
  protocolSubversion: number;
  model: number;
  /** 0 Russian, 1 English, ... (p. 41). */
  language: number;
  /** e.g. "ШТРИХ-М-01Ф". */
  name: string;
}

/**
 * FCh: no password; the answer has type, subtype, protocol version and subversion, model,
 * language and name.
 */
export const deviceType = defineCommand<Record<string, never>, DeviceType>({
  code: CMD.DEVICE_TYPE,
  name: 'device type',
  page: 41,
  answerTimeoutMs: ANSWER_TIMEOUT_MS.STATUS,
  encode: () => undefined,
  decode: (r) => ({
    type: r.u8('type'),
    subtype: r.u8('subtype'),
    protocolVersion: r.u8('protocol version'),
    protocolSubversion: r.u8('protocol subversion'),
    model: r.u8('model'),
    language: r.u8('language'),
    name: r.text(r.remaining, 'name').replace(/\s+$/, ''),
  }),
});

export interface FnStatus {
  /** Bits: 0 set up, 1 fiscal mode open, 2 fiscal mode closed, 3 OFD transfer done. */
  lifePhase: number;
  /** 0 none, 1 registration report, 2 shift opening, 4 receipt, 8 shift closing, ... */
  currentDocument: number;
  documentDataReceived: boolean;
  shiftOpen: boolean;
  warnings: number;
  /** Device date-time "YYYY-MM-DD hh:mm". */
  dateTime: string;
  fnSerial: string;
  lastDocumentNumber: number;
}

/** FF01h, system administrator password (p. 42). */
export const fnStatus = defineCommand<PasswordRequest, FnStatus>({
  code: CMD.FN_STATUS,
  name: 'fiscal drive status',
  page: 42,
  answerTimeoutMs: ANSWER_TIMEOUT_MS.STATUS,
  encode: encodePassword,
  decode: (r) => ({
    lifePhase: r.u8('life phase'),
    currentDocument: r.u8('current document'),
    documentDataReceived: r.u8('document data') === 1,
    shiftOpen: r.u8('shift state') === 1,
    warnings: r.u8('warning flags'),
    dateTime: readDateTime(r),
    fnSerial: r.text(16, 'fiscal drive number').trim(),
    lastDocumentNumber: r.u32('last document number'),
  }),
});

/** DATE_TIME, 5 bytes: YY MM DD hh mm. */
export function readDateTime(r: ByteReader): string {
  const [yy, mm, dd, hh, mi] = r.bytes(5, 'date and time');
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `20${two(yy)}-${two(mm)}-${two(dd)} ${two(hh)}:${two(mi)}`;
}
