import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer, encodeRequest } from './command-spec';
import { fieldStructure, readTable, tableStructure, writeTable } from './table-commands';

test('1Eh write table: sysadmin password, table, row u16, field, value; no operator', () => {
  const body = encodeRequest(writeTable, {
    password: 30,
    table: 5,
    row: 3,
    field: 1,
    value: Buffer.from([0xd1, 0xc1, 0xcf, 0x00]), // "СБП" and the ending zero
  });

  assert.deepEqual(
    body,
    fromHex(`
      1E           # command
      1E 00 00 00  # password 30
      05           # table 5
      03 00        # row 3
      01           # field 1
      D1 C1 CF 00  # "СБП\\0"
    `),
  );
  assert.equal(decodeAnswer(writeTable, fromHex('1E 00')), undefined);
  assert.throws(() => decodeAnswer(writeTable, fromHex('1E 7A')), { deviceCode: 0x7a });
});

test('1Eh write table: refuses a value longer than 246 bytes', () => {
  assert.throws(
    () =>
      encodeRequest(writeTable, {
        password: 30,
        table: 5,
        row: 3,
        field: 1,
        value: Buffer.alloc(247),
      }),
    { code: 'PRINTER_TEXT_TOO_LONG' },
  );
});

test('1Fh read table: the answer is the raw value', () => {
  assertRequest(
    readTable,
    { password: 30, table: 5, row: 16, field: 1 },
    '1F 1E 00 00 00 05 10 00 01',
  );
  assertAnswer(readTable, '1F 00 D1 C1 CF 00 00', {
    value: fromHex('D1 C1 CF 00 00'),
  });
});

test('2Dh table structure: name 40, rows u16, fields', () => {
  const name = Buffer.alloc(40);
  Buffer.from([0xd2, 0xc8, 0xcf, 0xdb]).copy(name); // "ТИПЫ"
  const answer = Buffer.concat([fromHex('2D 00'), name, fromHex('10 00 01')]);

  assertRequest(tableStructure, { password: 30, table: 5 }, '2D 1E 00 00 00 05');
  assert.equal(answer.length, 45, 'LEN 45 as on p. 25');
  assert.deepEqual(decodeAnswer(tableStructure, answer), { name: 'ТИПЫ', rows: 16, fields: 1 });
});

test('2Eh field structure: CHAR field has no limits; BIN field has min and max', () => {
  const name = Buffer.alloc(40);
  name.write('NAME', 'latin1');
  // CHAR, 64 bytes
  const charAnswer = Buffer.concat([fromHex('2E 00'), name, fromHex('01 40')]);
  const binAnswer = Buffer.concat([fromHex('2E 00'), name, fromHex('00 02 00 00 0F 27')]);

  assertRequest(fieldStructure, { password: 30, table: 5, field: 1 }, '2E 1E 00 00 00 05 01');
  assert.deepEqual(decodeAnswer(fieldStructure, charAnswer), {
    name: 'NAME',
    type: 'char',
    size: 64,
  });
  assert.deepEqual(decodeAnswer(fieldStructure, binAnswer), {
    name: 'NAME',
    type: 'bin',
    size: 2,
    min: 0,
    max: 9999,
  });
});
