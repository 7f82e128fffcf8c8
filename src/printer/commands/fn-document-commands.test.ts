import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer } from './command-spec';
import { findFnDocument } from './fn-document-commands';

test('FF0Ah request: sysadmin password then the document number, both u32 LE', () => {
  assertRequest(
    findFnDocument,
    { password: 30, number: 70_000 },
    `FF 0A        # command
     1E 00 00 00  # password 30
     70 11 01 00  # document 70000`,
  );
});

test('FF0Ah receipt (type 3): date-time, number, fiscal sign, operation type and sum', () => {
  assertAnswer(
    findFnDocument,
    `FF 0A 00        # command, no error
     03              # type: receipt
     01              # the OFD acknowledged it
     1A 0C 03 09 1E  # 2026-12-03 09:30
     0C 00 00 00     # document 12
     78 56 34 12     # fiscal sign 0x12345678
     01              # operation: sale (приход)
     DA 61 00 00 00  # sum 250.50`,
    {
      type: 3,
      ofdAcknowledged: true,
      dateTime: '2026-12-03 09:30',
      number: 12,
      fiscalSign: 0x12345678,
      operationType: 1,
      totalKopecks: 25050,
      rest: Buffer.alloc(0),
    },
  );
});

test('FF0Ah shift closing report (type 5): the shift number, no sum', () => {
  assertAnswer(
    findFnDocument,
    `FF 0A 00 05 00     # closing report, not yet at the OFD
     1A 0C 04 08 00     # 2026-12-04 08:00
     0D 00 00 00        # document 13
     01 00 00 00        # fiscal sign 1
     07 00              # shift 7`,
    {
      type: 5,
      ofdAcknowledged: false,
      dateTime: '2026-12-04 08:00',
      number: 13,
      fiscalSign: 1,
      shiftNumber: 7,
      rest: Buffer.alloc(0),
    },
  );
});

test('FF0Ah registration report (type 1): the common head, the rest kept raw', () => {
  const doc = decodeAnswer(
    findFnDocument,
    fromHex(`FF 0A 00 01 01 1A 01 0F 0A 00 01 00 00 00 02 00 00 00
             37 37 30 31  # start of the INN, not decoded`),
  );
  assert.equal(doc.type, 1);
  assert.equal(doc.number, 1);
  assert.equal(doc.totalKopecks, undefined);
  assert.deepEqual(doc.rest, fromHex('37 37 30 31'));
});

test('FF0Ah for a number the drive does not hold: error 08h, a DeviceError', () => {
  assert.throws(() => decodeAnswer(findFnDocument, fromHex('FF 0A 08')), {
    code: 'PRINTER_DEVICE_ERROR',
    deviceCode: 0x08,
    source: 'fn',
  });
});

test('FF0Ah receipt answer cut short names the missing field', () => {
  assert.throws(
    () => decodeAnswer(findFnDocument, fromHex('FF 0A 00 03 00 1A 0C 03 09 1E 0C 00 00 00')),
    { code: 'PRINTER_BAD_ANSWER', message: /fiscal sign/ },
  );
});
