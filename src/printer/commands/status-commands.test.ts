import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer, encodeRequest } from './command-spec';
import { deviceType, fnStatus, fullStatus, shortStatus } from './status-commands';

test('10h short status: request is the code and the password', () => {
  assertRequest(
    shortStatus,
    { password: 30 },
    `
      10           # command
      1E 00 00 00  # password 30
    `,
  );
});

test('10h short status: decodes the 16-byte answer with the two undocumented bytes', () => {
  const answer = fromHex(`
    10 00        # command, no error
    1E           # operator 30
    82 02        # flags 0x0282: receipt roll, receipt optical sensor, receipt lever
    08           # mode 8: document open, sale
    00           # submode 0: paper present
    2C           # receipt operations, low byte
    9C           # backup battery voltage
    B4           # supply voltage
    00 00        # two bytes the v1.17 text leaves out
    01           # receipt operations, high byte: 0x012C = 300
    00 00 00     # reserved
  `);

  assert.deepEqual(decodeAnswer(shortStatus, answer), {
    operator: 30,
    flags: 0x0282,
    mode: 8,
    submode: 0,
    receiptOperations: 300,
    batteryVoltageRaw: 0x9c,
    powerVoltageRaw: 0xb4,
  });
});

test('10h short status: reads the last-print-result byte of LEN 17 answers', () => {
  const answer = fromHex('10 00 1E 82 02 04 05 00 9C B4 00 00 00 00 00 00 05');

  const status = decodeAnswer(shortStatus, answer);

  assert.equal(status.submode, 5);
  assert.equal(status.lastPrintResult, 5);
});

test('10h short status: also reads the layout as literally printed in the vendor text', () => {
  const answer = fromHex(`
    10 00 1E 82 02 02 00
    03           # operations low
    9C B4        # voltages
    00           # operations high
    00 00 00     # reserved
  `);

  const status = decodeAnswer(shortStatus, answer);

  assert.equal(status.mode, 2);
  assert.equal(status.receiptOperations, 3);
});

const FULL_STATUS_ANSWER = fromHex(`
  11 00        # command, no error
  1E           # operator 30
  41 34        # firmware version "A4" -> "A.4"
  78 69        # build 27000
  0F 03 15     # firmware date 15.03.21
  01           # hall number
  2A 00        # document number 42
  82 02        # flags
  04           # mode 4: shift closed
  00           # submode
  80           # port 128: TCP socket
  41 34 78 69 0F 03 15   # fiscal memory version, build, date (older layout)
  03 0C 1A     # date 03.12.26
  09 1E 05     # time 09:30:05
  00           # fiscal memory flags
  4E 61 BC 00  # serial number 12345678
  07 00        # last closed shift 7
  00 00        # free fiscal memory records
  01 1D        # re-registrations 1, remaining 29
  00 CA 9A 3B 00 00  # INN 1000000000
`);

test('11h full status: decodes the 48-byte answer of the older layout', () => {
  assert.deepEqual(decodeAnswer(fullStatus, FULL_STATUS_ANSWER), {
    operator: 30,
    firmwareVersion: 'A.4',
    firmwareBuild: 27000,
    firmwareDate: { day: 15, month: 3, year: 2021 },
    hallNumber: 1,
    documentNumber: 42,
    flags: 0x0282,
    mode: 4,
    submode: 0,
    port: 128,
    date: { day: 3, month: 12, year: 2026 },
    time: { hour: 9, minute: 30, second: 5 },
    serialNumber: 12345678,
    lastClosedShift: 7,
    reregistrations: 1,
    remainingReregistrations: 29,
    inn: '1000000000',
  });
  assertRequest(fullStatus, { password: 1 }, '11 01 00 00 00');
});

test('11h full status: reads the v1.17 listing too, and "not entered" serial and INN', () => {
  const answer = fromHex(`
    11 00 1E 41 34 78 69 0F 03 15 01 2A 00 82 02 04 00 00
    03 0C 1A 09 1E 05      # date, time (no fiscal memory fields)
    FF FF FF FF            # serial number not entered
    07 00 01 1D
    FF FF FF FF FF FF      # INN not entered
  `);

  const status = decodeAnswer(fullStatus, answer);

  assert.equal(status.date.year, 2026);
  assert.equal(status.lastClosedShift, 7);
  assert.equal(status.serialNumber, undefined);
  assert.equal(status.inn, undefined);
});

test('FCh device type: no data; answer names the model in Windows-1251', () => {
  const answer = fromHex(`
    FC 00        # command, no error
    00 00        # type 0 (KKT), subtype 0
    01 0E        # protocol 1.14
    FA           # model 250
    00           # language: Russian
    D8 D2 D0 C8 D5 2D CC 2D 30 31 D4  # "ШТРИХ-М-01Ф"
  `);

  assertRequest(deviceType, {}, 'FC');
  assert.deepEqual(decodeAnswer(deviceType, answer), {
    type: 0,
    subtype: 0,
    protocolVersion: 1,
    protocolSubversion: 14,
    model: 250,
    language: 0,
    name: 'ШТРИХ-М-01Ф',
  });
});

test('FF01h fiscal drive status: two-byte code both ways', () => {
  const answer = fromHex(`
    FF 01 00     # command FF01, no error
    03           # life phase: set up, fiscal mode open
    04           # current document: receipt
    01           # document data received
    01           # shift open
    00           # warnings
    1A 0C 03 09 1E          # 2026-12-03 09:30
    39 39 39 39 30 37 38 39 30 30 30 30 31 32 33 34  # FN number
    15 CD 5B 07  # last document 123456789
  `);

  assertRequest(fnStatus, { password: 30 }, 'FF 01 1E 00 00 00');
  assert.deepEqual(decodeAnswer(fnStatus, answer), {
    lifePhase: 3,
    currentDocument: 4,
    documentDataReceived: true,
    shiftOpen: true,
    warnings: 0,
    dateTime: '2026-12-03 09:30',
    fnSerial: '9999078900001234',
    lastDocumentNumber: 123456789,
  });
});

test('an answer with a non-zero error byte becomes a DeviceError with the vendor words', () => {
  assert.throws(() => decodeAnswer(shortStatus, fromHex('10 50')), {
    code: 'PRINTER_DEVICE_ERROR',
    deviceCode: 0x50,
    hex: '0x50',
    ru: 'Идет печать результатов выполнения предыдущей команды',
    en: 'Still printing the previous command',
  });
  assert.throws(() => decodeAnswer(fnStatus, fromHex('FF 01 02')), {
    code: 'PRINTER_DEVICE_ERROR',
    deviceCode: 0x02,
    source: 'fn',
  });
});

test('an answer to another command, or a truncated one, is PRINTER_BAD_ANSWER', () => {
  assert.throws(() => decodeAnswer(shortStatus, fromHex('11 00 1E')), {
    code: 'PRINTER_BAD_ANSWER',
  });
  assert.throws(() => decodeAnswer(shortStatus, fromHex('10 00 1E 82')), {
    code: 'PRINTER_BAD_ANSWER',
    details: { what: '10h', field: 'flags', offset: 1, length: 2 },
  });
});
