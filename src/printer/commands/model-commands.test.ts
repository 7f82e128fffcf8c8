import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_TIMEOUT_MS } from '../protocol/shtrih-constants';
import { isDeviceError } from '../protocol/device-errors';
import { fromHex } from '../protocol/frame-codec';
import { assertAnswer, assertRequest } from '../testing/command-assertions';
import { decodeAnswer } from './command-spec';
import { hasModelFlag, readModelParameters, reversesLineBytes } from './model-commands';

test('F7h model parameters: request is the code and request type 1', () => {
  assertRequest(
    readModelParameters,
    {},
    `
      F7  # command "Расширенный запрос"
      01  # request type 1: model parameters
    `,
  );
  assert.equal(readModelParameters.answerTimeoutMs, ANSWER_TIMEOUT_MS.STATUS);
});

const WIDE_REVERSED = `
  F7 00                    # command, no error
  00 20 00 24 20 00 00 00  # flags: bits 13, 26 (reverse line bytes), 29, 37 (print flags)
  30                       # font 1: 48 characters
  18                       # font 2: 24 characters
  01                       # first graphic line 1
  0C                       # INN 12 digits
  0A                       # RNM 10 digits
  0E                       # long RNM 14 digits
  0C                       # long serial 12 digits
  00 00 00 00              # default tax inspector password 0
  1E 00 00 00              # default sysadmin password 30
  15                       # Bluetooth table 21
  00                       # no tax accrual field
  00 02                    # maximum command length 512
  48                       # graphic line 72 bytes
  40                       # graphics-512 line 64 bytes
  C0 03                    # graphics-512 buffer 960 lines
`;

test('F7h model parameters: decodes all 31 bytes of a wide model that reverses bytes', () => {
  assertAnswer(readModelParameters, WIDE_REVERSED, {
    flags: (1n << 13n) | (1n << 26n) | (1n << 29n) | (1n << 37n),
    font1Width: 48,
    font2Width: 24,
    firstGraphicLine: 1,
    innDigits: 12,
    rnmDigits: 10,
    longRnmDigits: 14,
    longSerialDigits: 12,
    defaultTaxInspectorPassword: 0,
    defaultSysadminPassword: 30,
    bluetoothTable: 21,
    taxAccrualField: 0,
    maxCommandLength: 512,
    graphicLineBytes: 72,
    graphics512LineBytes: 64,
    graphics512Lines: 960,
  });
  const params = decodeAnswer(readModelParameters, fromHex(WIDE_REVERSED));
  assert.equal(reversesLineBytes(params), true);
  assert.equal(hasModelFlag(params, 37), true);
  assert.equal(hasModelFlag(params, 25), false);
});

test('F7h model parameters: a shorter answer leaves the appended fields out', () => {
  const params = decodeAnswer(
    readModelParameters,
    fromHex(`
      F7 00                    # command, no error
      00 00 00 00 00 00 00 00  # no flags: bit 26 clear, MSB = leftmost dot
      00                       # font 1: ask 26h
      00                       # font 2: ask 26h
      00 0C 0A 00 00           # first line, INN, RNM, long RNM, long serial
      00 00 00 00 00 00 00 00  # default passwords
      00 00 00 00              # Bluetooth table, tax field, maximum command length
    `),
  );
  assert.equal(params.font1Width, 0);
  assert.equal(params.graphicLineBytes, undefined);
  assert.equal(reversesLineBytes(params), false);
});

test('F7h on a model without it: 37h "not supported" is a DeviceError', () => {
  assert.throws(
    () => decodeAnswer(readModelParameters, fromHex('F7 37 # command not supported')),
    (error: unknown) => isDeviceError(error, 0x37),
  );
});

test('F7h answer cut short inside the fixed fields is PRINTER_BAD_ANSWER', () => {
  assert.throws(
    () => decodeAnswer(readModelParameters, fromHex('F7 00 00 00 00 00 00 00 00 00 28')),
    {
      code: 'PRINTER_BAD_ANSWER',
    },
  );
});
