import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer, encodeRequest } from './command-spec';
import {
  continuePrint,
  cut,
  loadData,
  print2dBarcode,
  printBold,
  printGraphicLine,
  printString,
} from './print-commands';

test('17h print string: password, flags, 40 bytes of Windows-1251 padded with zeros', () => {
  const body = encodeRequest(printString, { password: 30, text: 'Чек 1' });

  assert.deepEqual(
    body,
    Buffer.concat([
      fromHex(`
        17           # command
        1E 00 00 00  # password 30
        02           # flags: receipt tape
        D7 E5 EA 20 31  # "Чек 1" in Windows-1251
      `),
      Buffer.alloc(35), // zero padding to 40 bytes
    ]),
  );
  assertAnswer(printString, '17 00 1E', { operator: 30 });
});

test('17h print string: refuses text the printer cannot encode, and text over 40 bytes', () => {
  assert.throws(() => encodeRequest(printString, { password: 30, text: 'QR 😀' }), {
    code: 'PRINTER_TEXT_NOT_ENCODABLE',
    details: { field: 'line', characters: ['😀'] },
  });
  assert.throws(() => encodeRequest(printString, { password: 30, text: 'x'.repeat(41) }), {
    code: 'PRINTER_TEXT_TOO_LONG',
  });
});

test('12h print bold string: 20 text bytes', () => {
  const body = encodeRequest(printBold, { password: 30, flags: 3, text: 'ИТОГ' });

  assert.deepEqual(
    body,
    Buffer.concat([
      fromHex('12 1E 00 00 00 03 C8 D2 CE C3'), // flags 3: journal and receipt; "ИТОГ"
      Buffer.alloc(16),
    ]),
  );
});

test('25h cut: 0 full, 1 partial', () => {
  assertRequest(cut, { password: 30, type: 'full' }, '25 1E 00 00 00 00');
  assertRequest(cut, { password: 30, type: 'partial' }, '25 1E 00 00 00 01');
  assertAnswer(cut, '25 00 1E', { operator: 30 });
});

test('B0h continue printing: password only', () => {
  assertRequest(continuePrint, { password: 30 }, 'B0 1E 00 00 00');
  assertAnswer(continuePrint, 'B0 00 1D', { operator: 29 });
});

test('C5h graphic line: password, repeat count, the dot line; flags only when asked', () => {
  const line = Buffer.alloc(40);
  line[0] = 0xf0;

  assert.deepEqual(
    encodeRequest(printGraphicLine, { password: 30, repeat: 300, line }),
    Buffer.concat([
      fromHex(`
        C5           # command
        1E 00 00 00  # password
        2C 01        # repeat 300
      `),
      line,
    ]),
  );
  assert.deepEqual(
    encodeRequest(printGraphicLine, { password: 30, repeat: 1, line, flags: 2 }).subarray(0, 8),
    fromHex('C5 1E 00 00 00 01 00 02'),
  );
  assert.throws(() => encodeRequest(printGraphicLine, { password: 30, repeat: 1201, line }), {
    code: 'PRINTER_BAD_ARGUMENT',
  });
});

test('DDh load data: type 0, block number, 64 bytes (a short block is zero-padded)', () => {
  const body = encodeRequest(loadData, { password: 30, block: 2, data: Buffer.from('ABC') });

  assert.equal(body.length, 1 + 4 + 1 + 1 + 64, 'LEN 71 as on p. 37');
  assert.deepEqual(
    body.subarray(0, 10),
    fromHex(`
      DD           # command
      1E 00 00 00  # password
      00           # data type: 2-D barcode
      02           # block 2
      41 42 43     # "ABC"
    `),
  );
  assert.ok(body.subarray(10).every((b) => b === 0));
  assert.throws(() => encodeRequest(loadData, { password: 30, block: 0, data: Buffer.alloc(65) }), {
    code: 'PRINTER_BAD_ARGUMENT',
  });
  assert.throws(
    () => encodeRequest(loadData, { password: 30, block: 128, data: Buffer.alloc(1) }),
    {
      code: 'PRINTER_BAD_ARGUMENT',
    },
  );
});

test('DEh print 2-D barcode: type, length, first block, p1..p5, alignment', () => {
  const body = encodeRequest(print2dBarcode, {
    password: 30,
    barcodeType: 3,
    length: 130,
    firstBlock: 0,
    params: [0, 0, 4, 0, 1],
    alignment: 'centre',
  });

  assert.deepEqual(
    body,
    fromHex(`
      DE           # command
      1E 00 00 00  # password
      03           # QR code
      82 00        # 130 bytes of data
      00           # first block
      00 00 04 00 01  # version auto, mask auto, dot size 4, -, error correction M
      01           # centred
    `),
  );
  assert.equal(body.length, 15, 'LEN 15 as on p. 37');
});

test('DEh answer: operator only, or with the parameters and size used', () => {
  assertAnswer(print2dBarcode, 'DE 00 1E', { operator: 30 });
  assert.deepEqual(
    decodeAnswer(
      print2dBarcode,
      fromHex(`
        DE 00 1E
        05 02 04 00 01  # version 5, mask 2, dot size 4, -, M
        94 00 94 00     # 148 x 148 dots
      `),
    ),
    { operator: 30, params: [5, 2, 4, 0, 1], widthDots: 148, heightDots: 148 },
  );
});
