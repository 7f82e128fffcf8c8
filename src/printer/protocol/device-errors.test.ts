import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICE_ERRORS, DeviceError, describeDeviceError, errorHex } from './device-errors';

/** The codes of the vendor table "Коды ошибок", p. 67-70, in its order. */
const VENDOR_CODES = `
  00 01 02 03 04 05 07 08 09 10 11 12 14 16 17 20 2F 30 33 34 35 36 37 38 39 3A 3C 3D 3E 3F
  40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 51 52 53 54 55 56 58 59 5B 5C 5D 5E 5F
  60 61 62 63 65 66 68 69 6A 6B 6D 6E 6F 71 72 73 74 75 77 78 7A 7B 7C 7D 7E 7F 84 85 86 87
  88 89 8A 8B 8C 8D 8E 90 91 92 93 94 A0 A1 A2 A3 A4 A5 C0 C2 C4 C7 C8`
  .trim()
  .split(/\s+/)
  .map((h) => parseInt(h, 16));

test('carries every code of the vendor table, each with Russian and English words', () => {
  assert.deepEqual([...DEVICE_ERRORS.keys()], VENDOR_CODES);
  for (const info of DEVICE_ERRORS.values()) {
    assert.match(info.ru, /[а-яё]/i, errorHex(info.code));
    assert.match(info.en, /^[A-Z0-9]/, errorHex(info.code));
  }
});

test('a DeviceError names the command, the code in hex and both meanings', () => {
  const error = new DeviceError(0xff45, 0x45);

  assert.equal(error.code, 'PRINTER_DEVICE_ERROR');
  assert.equal(error.deviceCode, 0x45);
  assert.equal(error.hex, '0x45');
  assert.equal(error.command, 0xff45);
  assert.match(error.ru, /меньше итога чека/);
  assert.match(error.en, /less than the receipt total/);
  assert.deepEqual(error.details.command, 'FF45');
});

test('an unknown code still reads as a number', () => {
  assert.deepEqual(describeDeviceError(0xe7), {
    code: 0xe7,
    source: 'kkt',
    ru: 'Неизвестная ошибка 0xE7',
    en: 'Unknown error 0xE7',
  });
});
