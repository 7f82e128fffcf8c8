/**
 * Settings tables: 1Eh write (p. 23), 1Fh read (p. 23), 2Dh table structure (p. 25), 2Eh
 * field structure (p. 26). All take the system administrator's password.
 */
import { FieldEncodeError, type ByteWriter } from '../protocol/field-codec';
import { CMD, FIELD_TYPE, TABLE_VALUE_MAX } from '../protocol/shtrih-constants';
import { defineCommand, type PasswordRequest } from './command-spec';

export interface TableCell extends PasswordRequest {
  table: number;
  row: number;
  field: number;
}

export interface WriteTableRequest extends TableCell {
  /** Raw value: text in Windows-1251 ended by '\0' when shorter, or a LE integer. */
  value: Uint8Array;
}

/** 1Eh: password, table, row u16, field, value. The answer has no operator byte (p. 23). */
export const writeTable = defineCommand<WriteTableRequest, void>({
  code: CMD.WRITE_TABLE,
  name: 'write table',
  page: 23,
  encode(r, w) {
    if (r.value.length > TABLE_VALUE_MAX) {
      throw new FieldEncodeError(
        'PRINTER_TEXT_TOO_LONG',
        `a table value holds at most ${TABLE_VALUE_MAX} bytes, got ${r.value.length}`,
        { field: 'value', length: r.value.length, max: TABLE_VALUE_MAX },
      );
    }
    writeCell(r, w).bytes(r.value);
  },
  decode: () => undefined,
});

/** 1Fh: password, table, row u16, field; answer: the raw value. */
export const readTable = defineCommand<TableCell, { value: Buffer }>({
  code: CMD.READ_TABLE,
  name: 'read table',
  page: 23,
  encode: (r, w) => void writeCell(r, w),
  decode: (r) => ({ value: r.rest() }),
});

function writeCell(r: TableCell, w: ByteWriter) {
  return w.u32(r.password, 'password').u8(r.table, 'table').u16(r.row, 'row').u8(r.field, 'field');
}

export interface TableStructure {
  name: string;
  rows: number;
  fields: number;
}

/** 2Dh: password, table; answer: name (40), rows u16, fields u8. */
export const tableStructure = defineCommand<PasswordRequest & { table: number }, TableStructure>({
  code: CMD.TABLE_STRUCTURE,
  name: 'table structure',
  page: 25,
  encode: (r, w) => void w.u32(r.password, 'password').u8(r.table, 'table'),
  decode: (r) => ({
    name: r.text(40, 'table name').trim(),
    rows: r.u16('rows'),
    fields: r.u8('fields'),
  }),
});

export interface FieldStructure {
  name: string;
  type: 'bin' | 'char';
  /** Size of the value in bytes. */
  size: number;
  /** Limits of a BIN field (up to 6 bytes; larger limits are left out). */
  min?: number;
  max?: number;
}

/** 2Eh: password, table, field; answer: name (40), type, size X, [min X, max X] for BIN. */
export const fieldStructure = defineCommand<
  PasswordRequest & { table: number; field: number },
  FieldStructure
>({
  code: CMD.FIELD_STRUCTURE,
  name: 'field structure',
  page: 26,
  encode: (r, w) => void w.u32(r.password, 'password').u8(r.table, 'table').u8(r.field, 'field'),
  decode(r) {
    const name = r.text(40, 'field name').trim();
    const type = r.u8('field type') === FIELD_TYPE.CHAR ? 'char' : 'bin';
    const size = r.u8('field size');
    const structure: FieldStructure = { name, type, size };
    if (type === 'bin' && r.remaining >= 2 * size && size <= 6) {
      structure.min = r.uint(size, 'minimum');
      structure.max = r.uint(size, 'maximum');
    }
    return structure;
  },
});
