/** Tables: 1Eh write, 1Fh read (p. 23); 2Dh table and 2Eh field structure (p. 25-26). */
import type { CommandHandler } from '../fiscal-device';
import { fieldTypeByte, type FieldDef } from '../device-tables';
import { DEVICE_ERROR as ERR } from '../../../src/printer/protocol/device-errors';
import { CMD } from '../../../src/printer/protocol/shtrih-constants';
import { decodeText, fixedText, refuse, uintLE } from '../wire-format';

/** Names in 2Dh/2Eh answers are 40 bytes, zero-terminated when shorter (p. 25). */
const NAME_BYTES = 40;

const writeTable: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const table = request.u8('table');
  const row = request.u16('row');
  const field = request.u8('field');
  const value = request.rest(246, 'value');
  const def = device.tables.field(table, field);
  if (device.tables.isReadOnly(table, row)) {
    refuse(ERR.FIELD_READ_ONLY, `table ${table} row ${row} cannot be changed`);
  }
  device.tables.set(table, row, field, decodeField(def, value));
  return [];
};

/** Field bytes to a value: BIN is little-endian, CHAR is text (p. 23, notes 2-3). */
function decodeField(def: FieldDef, value: Buffer): number | string {
  if (def.type === 'bin') {
    if (value.length !== def.size) {
      refuse(ERR.INVALID_PARAMETERS, `field takes ${def.size} bytes, got ${value.length}`);
    }
    return value.readUIntLE(0, def.size);
  }
  const end = value.indexOf(0);
  const used = (end < 0 ? value : value.subarray(0, end)).filter((b) => b > 31);
  if (used.length > def.size) {
    refuse(ERR.INVALID_PARAMETERS, `text of ${used.length} bytes exceeds the field's ${def.size}`);
  }
  return decodeText(used);
}

const readTable: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const table = request.u8('table');
  const row = request.u16('row');
  const field = request.u8('field');
  const def = device.tables.field(table, field);
  const value = device.tables.get(table, row, field);
  return def.type === 'bin' ? uintLE(Number(value), def.size) : fixedText(String(value), def.size);
};

const tableStructure: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const def = device.tables.table(request.u8('table'));
  return Buffer.concat([
    fixedText(def.name, NAME_BYTES),
    uintLE(def.rows, 2),
    Buffer.from([def.fields.length]),
  ]);
};

const fieldStructure: CommandHandler = (device, request) => {
  device.requireSysadmin(request.uint(4, 'password'));
  const table = request.u8('table');
  const def = device.tables.field(table, request.u8('field'));
  const parts = [fixedText(def.name, NAME_BYTES), Buffer.from([fieldTypeByte(def), def.size])];
  if (def.type === 'bin') parts.push(uintLE(def.min, def.size), uintLE(def.max, def.size));
  return Buffer.concat(parts);
};

export const TABLE_COMMANDS: Record<number, CommandHandler> = {
  [CMD.WRITE_TABLE]: writeTable,
  [CMD.READ_TABLE]: readTable,
  [CMD.TABLE_STRUCTURE]: tableStructure,
  [CMD.FIELD_STRUCTURE]: fieldStructure,
};
