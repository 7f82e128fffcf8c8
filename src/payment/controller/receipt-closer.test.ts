import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import { PaymentJournal } from '../journal/payment-journal';
import type { PaymentPrinter } from '../ports';
import { FakePrinter } from '../testing/fake-printer';
import { closeReceiptOnce, receiptFor } from './receipt-closer';

/** A journal holding one paid payment whose receipt try journaled docBefore 100. */
function paidWhilePrinting(t: TestContext) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-closer-'));
  const clock = new VirtualClock();
  const journal = PaymentJournal.open(path.join(dir, 'journal.sqlite'), { clock });
  t.after(() => {
    journal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  journal.begin({
    id: '42',
    paySystem: 'sbp',
    paymentNumber: 2,
    amountKopecks: 5000,
    items: [{ name: 'Хлеб', priceKopecks: 5000, quantityMilli: 1000 }],
    description: 'Хлеб',
    deadline: 0,
  });
  journal.record('42', 'paid', { state: 'PAID', paidKopecks: 5000 });
  const entry = journal.record('42', 'printing-receipt', {
    state: 'PRINTING_RECEIPT',
    docBefore: 100,
  });
  return { clock, journal, entry, printer: new FakePrinter(clock) };
}

test('a printer without fiscalDocument: a higher number means closed, as before', async (t) => {
  const { journal, entry, printer } = paidWhilePrinting(t);
  printer.closeShiftByHand();
  const { fiscalDocument: _hidden, ...withoutReadBack } = bindAll(printer);

  const closing = await closeReceiptOnce(
    { printer: withoutReadBack, journal, logger: new MemoryLogger() },
    entry,
  );

  assert.deepEqual(closing, {
    closed: true,
    documentNumber: 101,
    fiscalSign: undefined,
    foundClosed: true,
  });
  assert.equal(printer.count('printFiscalReceipt'), 0);
});

test('reading back fails on one try: that try fails, the next one finds the receipt', async (t) => {
  const { journal, entry, printer } = paidWhilePrinting(t);
  printer.closeReceiptByHand(receiptFor(entry));
  printer.failNext('fiscalDocument');

  const closing = await closeReceiptOnce(
    { printer, journal, logger: new MemoryLogger(), attempts: 2 },
    entry,
  );

  assert.deepEqual(closing, {
    closed: true,
    documentNumber: 101,
    fiscalSign: printer.archive.get(101)?.fiscalSign,
    foundClosed: true,
  });
  assert.equal(printer.count('printFiscalReceipt'), 0);
  assert.ok(journal.events('42').some((e) => e.step === 'receipt-print-failed'));
});

test('only the first receipt after docBefore counts: a later sale of the same sum does not', async (t) => {
  const { journal, entry, printer } = paidWhilePrinting(t);
  printer.closeShiftByHand().openShiftByHand();
  printer.closeReceiptByHand({
    ...receiptFor(entry),
    payments: [{ paymentNumber: 1, kopecks: 10 }],
  });
  printer.closeReceiptByHand(receiptFor(entry));

  const closing = await closeReceiptOnce({ printer, journal, logger: new MemoryLogger() }, entry);

  assert.equal(closing.closed && closing.foundClosed, false);
  assert.equal(printer.count('printFiscalReceipt'), 1);
  assert.equal(closing.closed && closing.documentNumber, 105);
});

/** The printer's methods as own properties of a plain object, so one can be left out. */
function bindAll(printer: FakePrinter): PaymentPrinter {
  const methods = [
    'waitUntilReady',
    'ensureShiftOpen',
    'printLines',
    'printQr',
    'cut',
    'printFiscalReceipt',
    'cancelOpenReceipt',
    'documentState',
    'readPaymentName',
    'writePaymentName',
    'fiscalDocument',
  ] as const;
  return Object.fromEntries(
    methods.map((m) => [m, (printer[m] as (...a: unknown[]) => unknown).bind(printer)]),
  ) as unknown as PaymentPrinter;
}
