import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer, encodeRequest } from './command-spec';
import {
  cancelReceipt,
  closeReceipt,
  closeReceiptExtended,
  closeReceiptV2,
  openReceipt,
  operationV2,
  sale,
} from './receipt-commands';

const zeros = (n: number) => Buffer.alloc(n);

test('8Dh open receipt: document type 0 sale .. 3 purchase return', () => {
  assertRequest(openReceipt, { password: 30, type: 'sale' }, '8D 1E 00 00 00 00');
  assertRequest(openReceipt, { password: 30, type: 'purchase-return' }, '8D 1E 00 00 00 03');
  assertAnswer(openReceipt, '8D 00 1E', { operator: 30 });
});

test('80h sale: quantity x1000 and price in kopecks, 5 bytes each; LEN 60', () => {
  const body = encodeRequest(sale, {
    password: 30,
    quantityMilli: 1500,
    priceKopecks: 15050,
    department: 1,
    text: 'Кофе',
  });

  assert.deepEqual(
    body,
    Buffer.concat([
      fromHex(`
        80              # command
        1E 00 00 00     # password
        DC 05 00 00 00  # quantity 1.500 (1500 thousandths)
        CA 3A 00 00 00  # price 150.50 (15050 kopecks)
        01              # department 1
        00 00 00 00     # tax groups: none
        CA EE F4 E5     # "Кофе"
      `),
      zeros(36),
    ]),
  );
  assert.equal(body.length, 60);
});

test('80h sale: a fractional kopeck is refused, not rounded', () => {
  assert.throws(
    () =>
      encodeRequest(sale, {
        password: 30,
        quantityMilli: 1000,
        priceKopecks: 10.5,
        department: 1,
        text: 'x',
      }),
    { code: 'PRINTER_BAD_ARGUMENT', details: { field: 'price', value: 10.5, max: 2 ** 40 - 1 } },
  );
});

test('85h close receipt: four sums, discount, taxes, text; answer gives the change', () => {
  const body = encodeRequest(closeReceipt, {
    password: 30,
    sums: [20000, 0, 15050, 0],
    text: '',
  });

  assert.deepEqual(
    body,
    Buffer.concat([
      fromHex(`
        85              # command
        1E 00 00 00     # password
        20 4E 00 00 00  # cash 200.00
        00 00 00 00 00  # payment type 2
        CA 3A 00 00 00  # payment type 3: 150.50
        00 00 00 00 00  # payment type 4
        00 00           # discount 0
        00 00 00 00     # taxes
      `),
      zeros(40),
    ]),
  );
  assert.equal(body.length, 71);
  assertAnswer(closeReceipt, '85 00 1E 4E 13 00 00 00', {
    operator: 30,
    changeKopecks: 4942,
  });
});

test('85h close receipt: refuses a payment beyond type 4 (that needs 8Eh)', () => {
  assert.throws(
    () => encodeRequest(closeReceipt, { password: 30, sums: [0, 0, 0, 0, 100], text: '' }),
    { code: 'PRINTER_BAD_ARGUMENT' },
  );
});

test('8Eh close receipt extended: sixteen sums, LEN 131', () => {
  const sums = new Array<number>(16).fill(0);
  sums[12] = 99999; // payment type 13
  const body = encodeRequest(closeReceiptExtended, {
    password: 30,
    sums,
    discount: -150,
    text: 'WM',
  });

  assert.equal(body.length, 131);
  assert.deepEqual(body.subarray(5 + 12 * 5, 5 + 13 * 5), fromHex('9F 86 01 00 00'));
  assert.deepEqual(body.subarray(85, 87), fromHex('6A FF'), 'surcharge 1.50 % as -150');
  assert.deepEqual(body.subarray(91, 93), fromHex('57 4D'));
  assertAnswer(closeReceiptExtended, '8E 00 1E 00 00 00 00 00', {
    operator: 30,
    changeKopecks: 0,
  });
});

test('88h cancel receipt', () => {
  assertRequest(cancelReceipt, { password: 30 }, '88 1E 00 00 00');
  assertAnswer(cancelReceipt, '88 00 1E', { operator: 30 });
});

test('FF46h operation V2: quantity x10^6 in 6 bytes, FF for "device computes"', () => {
  const body = encodeRequest(operationV2, {
    password: 30,
    type: 'sale',
    quantityMicro: 1_500_000,
    priceKopecks: 15050,
    taxRate: 8,
    department: 1,
    paymentMethod: 4,
    paymentObject: 1,
    name: 'Кофе',
  });

  assert.deepEqual(
    body,
    fromHex(`
      FF 46              # command
      1E 00 00 00        # password
      01                 # operation: sale (приход)
      60 E3 16 00 00 00  # quantity 1.500000
      CA 3A 00 00 00     # price 150.50
      FF FF FF FF FF     # sum: the device computes it
      FF FF FF FF FF     # tax: not given
      08                 # tax rate: no VAT
      01                 # department
      04                 # payment method: full payment
      01                 # payment object: goods
      CA EE F4 E5        # "Кофе", not padded
    `),
  );
  assert.equal(decodeAnswer(operationV2, fromHex('FF 46 00')), undefined);
});

test('FF45h close receipt V2: sixteen sums, rounding, six taxes, tax system, text', () => {
  const sums = new Array<number>(16).fill(0);
  sums[2] = 15050;
  const body = encodeRequest(closeReceiptV2, { password: 30, sums, taxSystem: 1, text: 'WM 1' });

  assert.equal(body.length, 2 + 4 + 80 + 1 + 30 + 1 + 4);
  assert.deepEqual(body.subarray(0, 6), fromHex('FF 45 1E 00 00 00'));
  assert.deepEqual(body.subarray(6 + 10, 6 + 15), fromHex('CA 3A 00 00 00'), 'payment type 3');
  assert.deepEqual(
    body.subarray(86, 118),
    fromHex(`00 ${'00 '.repeat(30)} 01`),
    'rounding, taxes, OSN',
  );
  assert.deepEqual(body.subarray(118), Buffer.from('WM 1'));
});

test('FF45h answer: change, document number, fiscal sign [, date and time]', () => {
  const answer = fromHex(`
    FF 45 00        # command, no error
    00 00 00 00 00  # change 0
    03 00 00 00     # document 3
    BE 0D 20 CF     # fiscal sign 3474984382
  `);

  assert.deepEqual(decodeAnswer(closeReceiptV2, answer), {
    changeKopecks: 0,
    documentNumber: 3,
    fiscalSign: 3474984382,
  });
  assert.equal(
    decodeAnswer(closeReceiptV2, Buffer.concat([answer, fromHex('1A 0C 03 09 1E')])).dateTime,
    '2026-12-03 09:30',
  );
});
