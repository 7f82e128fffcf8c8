import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as wmqr from './index';

test('the package entry point exposes the documented library API', () => {
  for (const name of [
    'loadSettings',
    'validateSettings',
    'openPaymentService',
    'createPaymentService',
    'PaymentJournal',
    'parseAmount',
    'VirtualClock',
  ] as const) {
    assert.equal(typeof wmqr[name], 'function', name);
  }
  assert.equal(typeof wmqr.printer.openPrinter, 'function');
  assert.equal(typeof wmqr.gateway.WebMoneyGatewayClient, 'function');
  assert.equal(typeof wmqr.gateway.loadPointCertificate, 'function');
});
