import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, types } from '../testing/payment-harness';
import { gatewayError } from '../testing/fake-gateway';
import { CONTROLLER_TIMING } from './controller-timing';

const WAIT_MS = 120_000;

test(
  'paid: the QR is printed with a cut, ' +
    'and the receipt closes with the paid sum under the type',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.gateway.next = { payOnPoll: 3 };

    const result = await h.pay({
      paySystem: 'wm',
      amountKopecks: 25050,
      items: [
        { name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 },
        { name: 'Булочка', priceKopecks: 5000, quantityMilli: 2000 },
      ],
    });

    assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
    assert.equal(result.paidKopecks, 25050);
    assert.equal(result.fiscalDocumentNumber, 101);
    assert.deepEqual(
      h.printer.receipts.map((r) => r.payments),
      [[{ paymentNumber: 3, kopecks: 25050 }]],
    );
    assert.deepEqual(
      h.printer.receipts[0].items.map((i) => i.name),
      ['Кофе', 'Булочка'],
    );
    assert.deepEqual(
      h.printer.tape.map((e) => e.kind),
      ['lines', 'qr', 'lines', 'cut'],
    );
    const qr = h.printer.tape[1];
    assert.ok(qr.kind === 'qr' && qr.text.startsWith('https://qr.nspk.ru/AD'));
    assert.deepEqual(qr.kind === 'qr' && qr.options, { moduleSize: 5, errorCorrection: 'M' });
    assert.deepEqual(h.gateway.ops(result.paymentId), [
      'createQr',
      'getState',
      'getState',
      'getState',
    ]);
    assert.equal(
      h.gateway.payments.get(result.paymentId!)?.request.ttlSeconds,
      120 + CONTROLLER_TIMING.qrTtlMarginSeconds,
    );
    assert.equal(h.journal.get(result.paymentId!)?.state, 'RECEIPT_CLOSED');
    assert.equal(h.journal.get(result.paymentId!)?.outcome, 'PAID_RECEIPT_CLOSED');
  },
);

test('the QR slip names the amount, the payment system and the time to pay before', async (t) => {
  const ru = harness();
  const en = harness({ locale: 'en' });
  t.after(ru.close);
  t.after(en.close);
  ru.gateway.next = { payOnPoll: 1 };
  en.gateway.next = { payOnPoll: 1 };

  await ru.pay({ amountKopecks: 15000 });
  await en.pay({ amountKopecks: 15000 });

  const text = (h: typeof ru) =>
    h.printer.tape.flatMap((e) => (e.kind === 'lines' ? e.lines : [])).join('\n');
  const deadline = new Date(ru.startedAt + WAIT_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  const hhmm = `${two(deadline.getHours())}:${two(deadline.getMinutes())}`;
  assert.match(text(ru), /ОПЛАТА ПО QR-КОДУ/);
  assert.match(text(ru), /СБП/);
  assert.match(text(ru), /150\.00 руб\./);
  assert.ok(text(ru).includes(`Оплатите до ${hhmm}`));
  assert.match(text(en), /PAY BY QR CODE/);
  assert.match(text(en), /150\.00 RUB/);
  assert.ok(text(en).includes(`Pay before ${hhmm}`));
});

test('events let a UI follow the payment from the QR to the closed receipt', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { payOnPoll: 2 };

  const result = await h.pay();

  assert.deepEqual(types(h.events), [
    'creating-qr',
    'qr-ready',
    'qr-printed',
    'waiting',
    'paid',
    'printing-receipt',
    'receipt-closed',
    'finished',
  ]);
  const ready = h.events.find((e) => e.type === 'qr-ready');
  assert.ok(ready?.type === 'qr-ready');
  assert.equal(ready.payBefore, h.startedAt + WAIT_MS);
  assert.match(ready.qrText, /^https:\/\/qr\.nspk\.ru\//);
  const waits = h.events.flatMap((e) => (e.type === 'waiting' ? [e.secondsLeft] : []));
  assert.equal(waits[0], 120);
  assert.ok(
    waits.every((s, i) => i === 0 || s <= waits[i - 1]),
    'the countdown never goes up',
  );
  const closed = h.events.find((e) => e.type === 'receipt-closed');
  assert.equal(
    closed?.type === 'receipt-closed' && closed.documentNumber,
    result.fiscalDocumentNumber,
  );
});

test(
  'declined: the reason is reported, ' + 'nothing is cancelled and no receipt is printed',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.gateway.next = { rejectOnPoll: 2, rejectReason: 'Недостаточно средств' };

    const result = await h.pay();

    assert.equal(result.outcome, 'DECLINED');
    assert.equal(result.reason, 'Недостаточно средств');
    assert.match(result.message, /Недостаточно средств/);
    assert.equal(h.printer.count('printFiscalReceipt'), 0);
    assert.ok(!h.gateway.ops().includes('cancel'));
    assert.equal(h.journal.get(result.paymentId!)?.state, 'DECLINED');
    assert.ok(h.events.some((e) => e.type === 'declined' && e.reason === 'Недостаточно средств'));
  },
);

test(
  'timeout: at the deadline QrCancel is sent, ' + 'its CANCELLED is final, and no receipt',
  async (t) => {
    const h = harness();
    t.after(h.close);

    const result = await h.pay();

    assert.equal(result.outcome, 'TIMED_OUT');
    const cancel = h.gateway.calls.find((c) => c.op === 'cancel');
    assert.ok(cancel && cancel.at >= h.startedAt + WAIT_MS, 'cancel is sent at the deadline');
    assert.ok(cancel.at < h.startedAt + WAIT_MS + 5000, 'and promptly');
    const polls = h.gateway.calls.filter((c) => c.op === 'getState');
    assert.ok(polls.length >= 55 && polls.length <= 61, `polled every 2 s: ${polls.length}`);
    assert.ok(polls.every((c) => c.deadline === h.startedAt + WAIT_MS && c.at < c.deadline!));
    assert.equal(h.printer.count('printFiscalReceipt'), 0);
    assert.equal(h.journal.get(result.paymentId!)?.state, 'CANCELLED');
    assert.ok(types(h.events).includes('timed-out'));
  },
);

test('paid in the last moment: QrCancel answers PAID and the receipt is closed', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { paidBeforeCancel: true };

  const result = await h.pay();

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(h.printer.receipts.length, 1);
  const steps = h.journal.events(result.paymentId!).map((e) => e.step);
  assert.deepEqual(steps.slice(-4), ['cancelling', 'paid', 'printing-receipt', 'receipt-closed']);
});

test(
  'the gateway failing for a while during ' + 'polling is polled through until it says paid',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.gateway.next = { failPolls: [1, 2, 3, 4], payOnPoll: 6 };

    const result = await h.pay();

    assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
    assert.equal(h.gateway.ops(result.paymentId).filter((o) => o === 'getState').length, 6);
    assert.ok(h.logger.records.some((r) => r.msg === 'state poll failed, polling on'));
  },
);

test('a gateway refusal while polling cancels the QR and fails without a receipt', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { stateError: gatewayError('GATEWAY_SIGNATURE', false) };

  const result = await h.pay();

  assert.equal(result.outcome, 'FAILED');
  assert.equal(result.error?.code, 'GATEWAY_SIGNATURE');
  assert.deepEqual(h.gateway.ops(result.paymentId), ['createQr', 'getState', 'cancel']);
  assert.equal(h.printer.count('printFiscalReceipt'), 0);
});

test(
  'a definite refusal of QrCreate fails at once: ' + 'nothing to cancel, nothing charged',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.gateway.next = { createError: gatewayError('GATEWAY_PAYSYSTEM_DISABLED', false) };

    const result = await h.pay();

    assert.equal(result.outcome, 'FAILED');
    assert.deepEqual(h.gateway.ops(result.paymentId), ['createQr']);
    assert.equal(h.journal.get(result.paymentId!)?.state, 'NOT_CREATED');
    assert.equal(h.printer.count('printQr'), 0);
  },
);

test('an unclear QrCreate failure is followed by QrCancel, since the QR may exist', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { createError: gatewayError('GATEWAY_BAD_ANSWER', false), createdAnyway: true };

  const result = await h.pay();

  assert.equal(result.outcome, 'FAILED');
  assert.deepEqual(h.gateway.ops(result.paymentId), ['createQr', 'cancel']);
  assert.equal(h.gateway.payments.get(result.paymentId!)?.state, 'CANCELLED');
  assert.equal(h.journal.get(result.paymentId!)?.state, 'CANCELLED');
});

test('a cancel the gateway never answers leaves an UNRESOLVED record for recovery', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { cancelError: gatewayError('GATEWAY_DEADLINE', false) };

  const result = await h.pay();

  assert.equal(result.outcome, 'UNRESOLVED');
  assert.equal(h.journal.get(result.paymentId!)?.state, 'UNRESOLVED');
  assert.deepEqual(
    h.journal.unfinished().map((e) => e.id),
    [result.paymentId],
  );
  assert.ok(h.events.some((e) => e.type === 'needs-attention'));
});

test('a busy printer at the start is waited out; the payment goes on', async (t) => {
  const h = harness();
  t.after(h.close);
  h.printer.notReadyForMs = 8000;
  h.gateway.next = { payOnPoll: 1 };

  const result = await h.pay();

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.ok(
    h.gateway.calls[1].at >= h.startedAt + 8000,
    'the QR is asked for once the printer is ready',
  );
});

test(
  'paper out while printing the QR: ' + 'it is waited for and the slip is printed again',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.printer.failNext('printQr');
    h.gateway.next = { payOnPoll: 2 };

    const result = await h.pay();

    assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
    assert.equal(h.printer.count('printQr'), 2);
    assert.deepEqual(h.printer.tape.map((e) => e.kind).slice(-4), ['lines', 'qr', 'lines', 'cut']);
    assert.ok(
      h.events.some((e) => e.type === 'printer-waiting' && e.error.code === 'PRINTER_PAPER_OUT'),
    );
  },
);

test(
  'paper out while printing the receipt: ' + 'exactly one receipt after the printer is back',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.printer.failNext('printFiscalReceipt');
    h.gateway.next = { payOnPoll: 1 };

    const result = await h.pay();

    assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
    assert.equal(h.printer.receipts.length, 1);
    assert.equal(result.fiscalDocumentNumber, h.printer.receipts[0].documentNumber);
  },
);

test('a receipt whose answer was lost is found closed and not printed twice', async (t) => {
  const h = harness();
  t.after(h.close);
  h.printer.closeNextReceiptButLoseAnswer();
  h.gateway.next = { payOnPoll: 1 };

  const result = await h.pay();

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(h.printer.receipts.length, 1);
  assert.equal(result.fiscalDocumentNumber, 101);
  assert.ok(h.journal.events(result.paymentId!).some((e) => e.step === 'receipt-found-closed'));
});

test('a printer that dies after PAID leaves a persisted "paid, receipt owed" record', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { payOnPoll: 2 };
  h.gateway.onCall = (call) => {
    if (call.op === 'getState' && h.gateway.payments.get(call.id!)?.polls === 1)
      h.printer.dead = true;
  };

  const result = await h.pay();

  assert.equal(result.outcome, 'PAID_RECEIPT_OWED');
  const entry = h.journal.get(result.paymentId!);
  assert.equal(entry?.state, 'RECEIPT_OWED');
  assert.equal(entry?.paidKopecks, 15000);
  assert.equal(entry?.outcome, 'PAID_RECEIPT_OWED');
  assert.equal(h.printer.receipts.length, 0);
  assert.ok(h.events.some((e) => e.type === 'needs-attention'));
  assert.match(result.message, /wmqr recover/);
});

test('a paid sum other than the amount is not receipted and is flagged', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { payOnPoll: 1, paidKopecks: 14999 };

  const result = await h.pay();

  assert.equal(result.outcome, 'PAID_AMOUNT_MISMATCH');
  assert.equal(h.printer.receipts.length, 0);
  assert.equal(h.journal.get(result.paymentId!)?.state, 'AMOUNT_MISMATCH');
  assert.equal(h.journal.get(result.paymentId!)?.paidKopecks, 14999);
});

test('cashier abort while waiting: QrCancel is sent, no receipt', async (t) => {
  const h = harness();
  t.after(h.close);
  const abort = new AbortController();
  h.service.on((e) => {
    if (e.type === 'waiting' && e.secondsLeft === 100) abort.abort();
  });

  const result = await h.pay({}, abort.signal);

  assert.equal(result.outcome, 'CANCELLED_BY_CASHIER');
  assert.equal(h.gateway.ops().at(-1), 'cancel');
  assert.ok(h.clock.now() - h.startedAt < 25_000, 'stopped right away, not at the deadline');
  assert.equal(h.printer.count('printFiscalReceipt'), 0);
  assert.ok(h.events.some((e) => e.type === 'cancelled' && e.cause === 'cashier'));
});

test('cashier abort, but the customer had just paid: the receipt is closed', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { paidBeforeCancel: true };
  const abort = new AbortController();
  h.service.on((e) => e.type === 'qr-printed' && abort.abort());

  const result = await h.pay({}, abort.signal);

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(h.printer.receipts.length, 1);
});

test('with the customer display only, nothing is printed before the receipt', async (t) => {
  const h = harness({ device: { display: 'display' } });
  t.after(h.close);
  h.gateway.next = { payOnPoll: 1 };

  const result = await h.pay();

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(h.printer.tape.length, 0);
  assert.ok(h.events.some((e) => e.type === 'qr-ready'));
});

test(
  'a printer that cannot print the QR: ' + 'cancelled when the tape is the only way to show it',
  async (t) => {
    const tapeOnly = harness();
    const both = harness({ device: { display: 'both' } });
    t.after(tapeOnly.close);
    t.after(both.close);
    for (const h of [tapeOnly, both]) {
      h.gateway.next = { payOnPoll: 3 };
      h.printer.onCall = (m) => {
        if (m === 'printQr') h.printer.failNext('printQr');
      };
    }

    const a = await tapeOnly.pay();
    const b = await both.pay();

    assert.equal(a.outcome, 'FAILED');
    assert.ok(tapeOnly.gateway.ops().includes('cancel'));
    assert.equal(b.outcome, 'PAID_RECEIPT_CLOSED');
  },
);

test(
  'a printer that is dead before the QR fails ' + 'the payment before the gateway is asked',
  async (t) => {
    const h = harness();
    t.after(h.close);
    h.printer.dead = true;

    const result = await h.pay();

    assert.equal(result.outcome, 'FAILED');
    assert.equal(result.paymentId, undefined);
    assert.deepEqual(h.gateway.calls, []);
  },
);

test('each step is journaled before its effect leaves the process', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { paidBeforeCancel: true };
  h.printer.shiftOpen = false;
  const seen: string[] = [];
  const stateOf = (id: string) => h.journal.get(id)?.state;
  h.gateway.onCall = (call) => {
    if (call.op === 'createQr' || call.op === 'cancel')
      seen.push(`${call.op}:${stateOf(call.id!)}`);
  };
  h.printer.onCall = (method) => {
    const entry = h.journal.unfinished()[0];
    if (method === 'printQr') seen.push(`printQr:${h.journal.events(entry.id).at(-1)?.step}`);
    if (method === 'printFiscalReceipt') {
      seen.push(`receipt:${entry.state}:${entry.docBefore}:${h.printer.lastDocumentNumber}`);
    }
  };
  const abort = new AbortController();
  h.service.on((e) => e.type === 'qr-printed' && abort.abort());

  await h.pay({}, abort.signal);

  assert.deepEqual(seen, [
    'createQr:CREATING_QR',
    'printQr:printing-qr',
    'cancel:CANCELLING',
    'receipt:PRINTING_RECEIPT:101:101',
  ]);
});

test('a payment type that is not enabled is refused before anything happens', async (t) => {
  const h = harness({ paymentTypes: { sbp: { paymentNumber: 2, name: 'СБП' } } });
  t.after(h.close);

  await assert.rejects(h.pay({ paySystem: 'alipay' }), { code: 'PAYMENT_SYSTEM_NOT_ENABLED' });
  assert.deepEqual(h.gateway.calls, []);
});

test('a second payment cannot start while one is running', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { payOnPoll: 2 };

  const first = h.pay();
  await assert.rejects(h.service.pay({ paySystem: 'sbp', amountKopecks: 100 }), {
    code: 'PAYMENT_BUSY',
  });

  assert.equal((await first).outcome, 'PAID_RECEIPT_CLOSED');
});

test('no secret from the settings reaches the log', async (t) => {
  const h = harness();
  t.after(h.close);
  h.gateway.next = { payOnPoll: 1 };

  await h.pay();

  assert.ok(h.logger.records.length > 0);
  assert.ok(!h.logger.text().includes('test-only-agent-key'));
  assert.ok(!h.logger.text().includes('test-only-password'));
});
