/**
 * Model: F7h "Расширенный запрос" (p. 38-40), request type 1 "Параметры модели". The answer
 * tells how this model prints: whether C5h bytes are bit-reversed, how wide a graphic line
 * is, how many characters font 1 fits on a line.
 */
import type { ByteReader } from '../protocol/field-codec';
import {
  ANSWER_TIMEOUT_MS,
  CMD,
  EXTENDED_REQUEST_TYPE,
  MODEL_PARAMETER_BIT,
} from '../protocol/shtrih-constants';
import { defineCommand } from './command-spec';

export interface ModelParameters {
  /** "Параметры модели": 64-bit field, bit N = feature N (MODEL_PARAMETER_BIT). */
  flags: bigint;
  /** Characters per line in font 1; 0 = ask 26h. */
  font1Width: number;
  /** Characters per line in font 2; 0 = ask 26h. */
  font2Width: number;
  /** First printed line of graphics: 0, 1 or 2. */
  firstGraphicLine: number;
  innDigits: number;
  rnmDigits: number;
  /** 0 = long RNM not supported. */
  longRnmDigits: number;
  /** 0 = long serial number not supported. */
  longSerialDigits: number;
  /** Factory default passwords (not secrets of the shop, but never logged either). */
  defaultTaxInspectorPassword: number;
  defaultSysadminPassword: number;
  /** 0 = no Bluetooth settings table. */
  bluetoothTable: number;
  /** 0 = no "НАЧИСЛЕНИЕ НАЛОГОВ" field. */
  taxAccrualField: number;
  /** N/LEN16; 0 = the default. */
  maxCommandLength: number;
  /**
   * "Ширина произвольной графической линии в байтах": 40, 64 or 72. The last three fields
   * are absent on models whose answer is shorter (fields are appended over time, p. 40 note 1).
   */
  graphicLineBytes?: number;
  /** Graphics-512 line width; 0 = not supported. */
  graphics512LineBytes?: number;
  /** Lines in the graphics-512 buffer; 0 = not supported. */
  graphics512Lines?: number;
}

/** Bit `bit` of the "Параметры модели" field. */
export function hasModelFlag(params: Pick<ModelParameters, 'flags'>, bit: number): boolean {
  return ((params.flags >> BigInt(bit)) & 1n) === 1n;
}

/** Bit 26: the model prints each C5h byte with its low bit as the leftmost dot. */
export function reversesLineBytes(params: Pick<ModelParameters, 'flags'>): boolean {
  return hasModelFlag(params, MODEL_PARAMETER_BIT.REVERSE_LINE_BYTES);
}

function decodeModelParameters(r: ByteReader): ModelParameters {
  const flagBytes = r.bytes(8, 'model parameters');
  const params: ModelParameters = {
    flags: flagBytes.readBigUInt64LE(0),
    font1Width: r.u8('font 1 width'),
    font2Width: r.u8('font 2 width'),
    firstGraphicLine: r.u8('first graphic line'),
    innDigits: r.u8('INN digits'),
    rnmDigits: r.u8('RNM digits'),
    longRnmDigits: r.u8('long RNM digits'),
    longSerialDigits: r.u8('long serial number digits'),
    defaultTaxInspectorPassword: r.u32('default tax inspector password'),
    defaultSysadminPassword: r.u32('default sysadmin password'),
    bluetoothTable: r.u8('Bluetooth table'),
    taxAccrualField: r.u8('tax accrual field'),
    maxCommandLength: r.u16('maximum command length'),
  };
  if (r.remaining >= 1) params.graphicLineBytes = r.u8('graphic line width');
  if (r.remaining >= 1) params.graphics512LineBytes = r.u8('graphics-512 line width');
  if (r.remaining >= 2) params.graphics512Lines = r.u16('graphics-512 lines');
  return params;
}

/** F7h type 1: request is the type byte only; answer 31 bytes of parameters (p. 38-40). */
export const readModelParameters = defineCommand<Record<string, never>, ModelParameters>({
  code: CMD.EXTENDED_REQUEST,
  name: 'model parameters',
  page: 38,
  answerTimeoutMs: ANSWER_TIMEOUT_MS.STATUS,
  encode: (_r, w) => void w.u8(EXTENDED_REQUEST_TYPE.MODEL_PARAMETERS, 'request type'),
  decode: decodeModelParameters,
});
