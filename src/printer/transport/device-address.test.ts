import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDeviceAddress, parseDeviceAddress } from './device-address';

test('tcp://host uses the device default port 7778', () => {
  assert.deepEqual(parseDeviceAddress('tcp://10.0.0.5'), {
    kind: 'tcp',
    host: '10.0.0.5',
    port: 7778,
  });
});

test('tcp://host:port, a host name, and an IPv6 address in brackets', () => {
  assert.deepEqual(parseDeviceAddress('tcp://kkt.local:5555'), {
    kind: 'tcp',
    host: 'kkt.local',
    port: 5555,
  });
  assert.deepEqual(parseDeviceAddress('TCP://[fe80::1]:7778/'), {
    kind: 'tcp',
    host: 'fe80::1',
    port: 7778,
  });
});

test('anything else is a serial port path', () => {
  assert.deepEqual(parseDeviceAddress('COM3'), { kind: 'serial', path: 'COM3' });
  assert.deepEqual(parseDeviceAddress(' /dev/ttyUSB0 '), { kind: 'serial', path: '/dev/ttyUSB0' });
  assert.deepEqual(parseDeviceAddress('\\\\.\\COM12'), { kind: 'serial', path: '\\\\.\\COM12' });
});

test('refuses empty input, other schemes, bad ports and paths with spaces', () => {
  for (const input of [
    '',
    '   ',
    'http://x',
    'tcp://',
    'tcp://h:0',
    'tcp://h:70000',
    'tcp://h:x',
    'COM 3',
  ]) {
    assert.throws(() => parseDeviceAddress(input), { code: 'PRINTER_BAD_DEVICE' }, input);
  }
});

test('formats back to the canonical form', () => {
  assert.equal(formatDeviceAddress(parseDeviceAddress('tcp://h')), 'tcp://h:7778');
  assert.equal(formatDeviceAddress(parseDeviceAddress('tcp://[::1]:1')), 'tcp://[::1]:1');
  assert.equal(formatDeviceAddress(parseDeviceAddress('COM3')), 'COM3');
});
