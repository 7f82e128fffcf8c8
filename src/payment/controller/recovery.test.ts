import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import { PaymentJournal, type NewPayment } from '../journal/payment-journal';
import { createPaymentService } from '../payment-service';
import { FakeGateway, gatewayError } from '../testing/fake-gateway';
import { FakePrinter } from '../testing/fake-printer';
import { harness } from '../testing/payment-harness';
import { testSettings } from '../testing/test-settings';

/** A journal file, a printer and a gateway that outlive one "process" (service). */
function world(t: TestContext) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-recovery-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'journal.sqlite');
  const clock = new VirtualClock();
  const printer = new FakePrinter(clock);
  const gateway = new FakeGateway(clock);
  /** Starts a new process on the same journal file; the previous one must be closed. */
  const start = () => {
    const journal = PaymentJournal.open(file, { clock });
    t.after(() => journal.close());
    const service = createPaymentService({
      settings: testSettings(),
      printer,
      gateway,
      journal,
      clock,
      logger: new MemoryLogger(),
    });
    return { journal, service };
  };
  return { clock, printer, gateway, start };
}

const SALE: NewPayment = {
  id: '7001',
  paySystem: 'sbp',
  paymentNumber: 2,
  amountKopecks: 15000,
  items: [{ name: 'Чай', priceKopecks: 15000, quantityMilli: 1000 }],
  description: 'Чай',
  deadline: 0,
};

/** Puts SALE into the gateway as it would be after QrCreate. */
function created(gateway: FakeGateway, id = SALE.id) {
  gateway.payments.set(id, {
    request: { id, paySystem: 'sbp', amountKopecks: 15000, description: 'Чай', ttlSeconds: 180 },
    state: 'WAITING',
    polls: 1,
  });
}

test(
  'an owed receipt is printed exactly once by recovery, ' + 'and a second recovery does nothing',
  async (t) => {
    const w = world(t);
    const first = w.start();
    w.gateway.next = { payOnPoll: 1 };
    w.printer.onCall = (m) => {
      if (m === 'printFiscalReceipt') w.printer.dead = true;
    };
    const stop = w.clock.autoAdvance();
    const paid = await first.service.pay({ paySystem: 'sbp', amountKopecks: 15000 });
    stop();
    first.journal.close();
    w.printer.dead = false;
    w.printer.onCall = undefined;

    const second = w.start();
    const report = await second.service.recover();
    const again = await second.service.recover();

    assert.equal(paid.outcome, 'PAID_RECEIPT_OWED');
    assert.deepEqual(
      report.payments.map((p) => [p.paymentId, p.from, p.action]),
      [[paid.paymentId, 'RECEIPT_OWED', 'receipt-printed']],
    );
    assert.equal(report.remaining, 0);
    assert.deepEqual(again.payments, []);
    assert.equal(w.printer.receipts.length, 1);
    assert.deepEqual(w.printer.receipts[0].payments, [{ paymentNumber: 2, kopecks: 15000 }]);
    assert.equal(
      second.journal.get(paid.paymentId!)?.fiscalDocumentNumber,
      w.printer.receipts[0].documentNumber,
    );
    assert.deepEqual(
      w.gateway.ops(paid.paymentId).filter((o) => o === 'cancel'),
      [],
    );
  },
);

test('a crash after PAID and before the receipt: recovery closes exactly one', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.record(SALE.id, 'paid', { state: 'PAID', paidKopecks: 15000, wmTranId: '97001' });
  crashed.journal.close();

  const { journal, service } = w.start();
  const report = await service.recover();

  assert.equal(report.payments[0].action, 'receipt-printed');
  assert.equal(w.printer.receipts.length, 1);
  assert.deepEqual(w.printer.receipts[0].items, SALE.items);
  assert.equal(journal.get(SALE.id)?.state, 'RECEIPT_CLOSED');
});

/** The receipt SALE would get (what a try that did close it left on the fiscal drive). */
const SALE_RECEIPT = { items: SALE.items, payments: [{ paymentNumber: 2, kopecks: 15000 }] };

/** A crash right after `docBefore` was journaled, before the receipt's answer came back. */
function crashWhilePrinting(w: ReturnType<typeof world>, docBefore = 100) {
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.record(SALE.id, 'paid', { state: 'PAID', paidKopecks: 15000 });
  crashed.journal.record(SALE.id, 'printing-receipt', { state: 'PRINTING_RECEIPT', docBefore });
  crashed.journal.close();
}

test(
  'a crash while the receipt was closing, ' + 'which did close: recorded, not printed again',
  async (t) => {
    const w = world(t);
    crashWhilePrinting(w);
    w.printer.closeReceiptByHand(SALE_RECEIPT);

    const { journal, service } = w.start();
    const report = await service.recover();

    assert.equal(report.payments[0].action, 'receipt-found-closed');
    assert.equal(w.printer.count('printFiscalReceipt'), 0);
    assert.equal(journal.get(SALE.id)?.fiscalDocumentNumber, 101);
    assert.equal(journal.get(SALE.id)?.fiscalSign, w.printer.archive.get(101)?.fiscalSign);
    assert.equal(journal.get(SALE.id)?.state, 'RECEIPT_CLOSED');
  },
);

test('a Z report and a new shift taken by hand after the crash: the receipt is printed, once', async (t) => {
  const w = world(t);
  crashWhilePrinting(w);
  w.printer.closeShiftByHand().openShiftByHand();

  const { journal, service } = w.start();
  const report = await service.recover();
  const again = await service.recover();

  assert.equal(report.payments[0].action, 'receipt-printed');
  assert.deepEqual(again.payments, []);
  assert.equal(w.printer.receipts.length, 1);
  assert.equal(w.printer.receipts[0].documentNumber, 103);
  assert.equal(journal.get(SALE.id)?.fiscalDocumentNumber, 103);
  assert.deepEqual(
    w.printer.calls.filter((c) => c === 'fiscalDocument').length,
    2,
    'documents 101 and 102 were read back',
  );
});

test('the receipt did close, then a Z report and a new shift: found closed, not printed', async (t) => {
  const w = world(t);
  crashWhilePrinting(w);
  w.printer.closeReceiptByHand(SALE_RECEIPT);
  w.printer.closeShiftByHand().openShiftByHand();

  const { journal, service } = w.start();
  const report = await service.recover();

  assert.equal(report.payments[0].action, 'receipt-found-closed');
  assert.equal(report.payments[0].fiscalDocumentNumber, 101);
  assert.equal(w.printer.count('printFiscalReceipt'), 0);
  assert.equal(journal.get(SALE.id)?.fiscalSign, w.printer.archive.get(101)?.fiscalSign);
});

test('a receipt of another sum, or a return of the same sum, is not taken for ours', async (t) => {
  for (const [sum, operation] of [
    [14900, 1],
    [15000, 2],
  ] as const) {
    const w = world(t);
    crashWhilePrinting(w);
    w.printer.closeShiftByHand().openShiftByHand();
    const other = { ...SALE_RECEIPT, payments: [{ paymentNumber: 1, kopecks: sum }] };
    w.printer.closeReceiptByHand(other, operation);

    const { journal, service } = w.start();
    const report = await service.recover();
    const printed = journal.get(SALE.id)?.fiscalDocumentNumber;
    journal.close();

    assert.equal(report.payments[0].action, 'receipt-printed', `sum ${sum} op ${operation}`);
    assert.equal(w.printer.count('printFiscalReceipt'), 1);
    assert.equal(printed, 104);
  }
});

test('a printer that cannot read documents back: the number alone decides, as before', async (t) => {
  const w = world(t);
  crashWhilePrinting(w);
  w.printer.readsDocumentsBack = false;
  w.printer.closeShiftByHand().openShiftByHand();

  const { journal, service } = w.start();
  const report = await service.recover();

  // Known limitation of such models: the Z report is taken for the receipt.
  assert.equal(report.payments[0].action, 'receipt-found-closed');
  assert.equal(journal.get(SALE.id)?.fiscalDocumentNumber, 101);
  assert.equal(w.printer.count('fiscalDocument'), 1);
  assert.equal(w.printer.count('printFiscalReceipt'), 0);
});

test('a half-printed receipt left open is cancelled and printed anew, once', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.record(SALE.id, 'paid', { state: 'PAID', paidKopecks: 15000 });
  crashed.journal.record(SALE.id, 'printing-receipt', {
    state: 'PRINTING_RECEIPT',
    docBefore: 100,
  });
  crashed.journal.close();
  w.printer.receiptOpen = true;

  const { journal, service } = w.start();
  await service.recover();

  assert.deepEqual(
    w.printer.calls.filter((c) => c === 'cancelOpenReceipt' || c === 'printFiscalReceipt'),
    ['cancelOpenReceipt', 'printFiscalReceipt'],
  );
  assert.equal(w.printer.receipts.length, 1);
  assert.equal(journal.get(SALE.id)?.fiscalDocumentNumber, 101);
});

test('an unpaid payment is cancelled at the gateway, and no receipt is printed', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.record(SALE.id, 'qr-issued', { state: 'QR_ISSUED' });
  crashed.journal.close();
  created(w.gateway);

  const { journal, service } = w.start();
  const report = await service.recover();

  assert.deepEqual(w.gateway.ops(SALE.id), ['getState', 'cancel']);
  assert.equal(report.payments[0].action, 'cancelled');
  assert.equal(journal.get(SALE.id)?.state, 'CANCELLED');
  assert.equal(w.printer.count('printFiscalReceipt'), 0);
});

test('a payment that landed while the till was down is receipted', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.record(SALE.id, 'qr-issued', { state: 'QR_ISSUED' });
  crashed.journal.close();
  created(w.gateway);
  w.gateway.pay(SALE.id);

  const { journal, service } = w.start();
  await service.recover();

  assert.deepEqual(w.gateway.ops(SALE.id), ['getState']);
  assert.equal(w.printer.receipts.length, 1);
  assert.equal(journal.get(SALE.id)?.wmTranId, `9${SALE.id}`);
});

test('the cancel answering PAID during recovery leads to the receipt', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.close();
  created(w.gateway);
  w.gateway.script(SALE.id, { paidBeforeCancel: true });

  const { service } = w.start();
  await service.recover();

  assert.deepEqual(w.gateway.ops(SALE.id), ['getState', 'cancel']);
  assert.equal(w.printer.receipts.length, 1);
});

test('a QrCreate that never reached the gateway is closed as not created', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.close();

  const { journal, service } = w.start();
  const report = await service.recover();

  assert.equal(report.payments[0].action, 'not-created');
  assert.equal(journal.get(SALE.id)?.state, 'NOT_CREATED');
  assert.equal(report.remaining, 0);
});

test('an unreachable gateway leaves the payment unresolved for the next recovery', async (t) => {
  const w = world(t);
  const crashed = w.start();
  crashed.journal.begin(SALE);
  crashed.journal.close();
  created(w.gateway);
  w.gateway.script(SALE.id, { stateError: gatewayError('GATEWAY_DEADLINE', false) });

  const { journal, service } = w.start();
  const report = await service.recover();

  assert.equal(report.payments[0].action, 'still-unresolved');
  assert.equal(report.remaining, 1);
  assert.equal(journal.get(SALE.id)?.state, 'UNRESOLVED');
  assert.ok(!w.gateway.ops(SALE.id).includes('cancel'));
});

test(
  'recovery keeps the cause of a cashier ' + 'cancel when the cancel was never answered',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.gateway.next = { cancelError: gatewayError('GATEWAY_CONNECTION', true) };
    const abort = new AbortController();
    h.service.on((e) => e.type === 'qr-printed' && abort.abort());
    const result = await h.pay({}, abort.signal);
    h.gateway.script(result.paymentId!, {});

    await h.service.recover();

    assert.equal(result.outcome, 'UNRESOLVED');
    assert.equal(h.journal.get(result.paymentId!)?.state, 'CANCELLED');
    assert.equal(h.journal.get(result.paymentId!)?.outcome, 'CANCELLED_BY_CASHIER');
  },
);
