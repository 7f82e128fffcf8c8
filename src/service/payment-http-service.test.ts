import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceHarness, type ServiceHarness } from './testing/service-harness';
import { readSse } from './testing/sse-reader';

const SALE = { system: 'sbp', amount: '150.00' };

async function startPaid(w: ServiceHarness, payOnPoll = 2) {
  w.gateway.next = { payOnPoll };
  const started = await w.request('POST', '/v1/payments', { body: SALE });
  assert.equal(started.status, 202, started.text);
  return started.json;
}

test('a payment answers 202 with links at once, and GET follows it to PAID', async (t) => {
  const w = await serviceHarness(t);

  const started = await startPaid(w);
  const waiting = await w.eventually(
    started.links.self,
    (a) => a.json.status === 'awaiting-payment',
  );
  await w.advance(2000);
  const done = await w.eventually(started.links.self, (a) => a.json.status === 'finished');

  assert.equal(started.status, 'starting');
  assert.equal(started.amount, '150.00');
  assert.equal(started.amountKopecks, 15000);
  assert.equal(started.links.events, `/v1/payments/${started.id}/events`);
  assert.equal(waiting.json.paymentId, w.gateway.calls.find((c) => c.op === 'createQr')?.id);
  assert.equal(waiting.json.secondsLeft, 120);
  assert.match(waiting.json.qrText, /^https:\/\//);
  assert.equal(done.json.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(done.json.secondsLeft, null);
  assert.equal(w.printer.receipts.length, 1);
  assert.deepEqual(w.printer.receipts[0].payments, [{ paymentNumber: 2, kopecks: 15000 }]);
  assert.equal(done.json.fiscalDocumentNumber, w.printer.receipts[0].documentNumber);
  assert.equal(done.json.result.paid, '150.00');
});

test('the seconds left count down with the clock', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w, 99);
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');

  await w.advance(30_000);
  const later = await w.request('GET', started.links.self);

  assert.equal(later.json.secondsLeft, 90);
  assert.equal(later.json.status, 'awaiting-payment');
});

test('the event stream follows a payment from started to finished, then ends', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w);

  const sse = await readSse(w.http.url, started.links.events);
  await sse.next((m) => m.event === 'waiting');
  await w.advance(2000);
  const finished = await sse.next((m) => m.event === 'finished');
  await sse.ended;

  const types = sse.messages.map((m) => m.event).filter((e, i, all) => e !== all[i - 1]);
  assert.equal(sse.status, 200);
  assert.match(String(sse.headers['content-type']), /^text\/event-stream/);
  assert.deepEqual(types, [
    'started',
    'creating-qr',
    'qr-ready',
    'qr-printed',
    'waiting',
    'paid',
    'printing-receipt',
    'receipt-closed',
    'finished',
  ]);
  assert.equal(finished.data.result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(finished.data.id, started.id);
  const ids = sse.messages.map((m) => Number(m.id));
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => a - b),
  );
});

test('a reconnecting follower gets only what came after Last-Event-ID', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w, 1);
  await w.eventually(started.links.self, (a) => a.json.status === 'finished');

  const all = await readSse(w.http.url, started.links.events);
  await all.ended;
  const qrReady = all.messages.find((m) => m.event === 'qr-ready');
  const rest = await readSse(w.http.url, started.links.events, {
    'last-event-id': String(qrReady?.id),
  });
  await rest.ended;

  assert.ok(qrReady);
  assert.equal(rest.messages[0].event, all.messages[all.messages.indexOf(qrReady) + 1].event);
  assert.ok(rest.messages.every((m) => Number(m.id) > Number(qrReady.id)));
  assert.equal(rest.messages.at(-1)?.event, 'finished');
});

test('a second payment while one runs is refused with 409 PAYMENT_BUSY', async (t) => {
  const w = await serviceHarness(t);
  const first = await startPaid(w, 99);
  await w.eventually(first.links.self, (a) => a.json.status === 'awaiting-payment');

  const second = await w.request('POST', '/v1/payments', { body: { system: 'wm', amount: '10' } });

  assert.equal(second.status, 409);
  assert.equal(second.json.error.code, 'PAYMENT_BUSY');
  assert.equal(second.json.error.details.current, first.id);
  assert.equal(w.gateway.ops().filter((op) => op === 'createQr').length, 1);
});

test(
  'a retried POST with the same Idempotency-Key returns the same payment, ' + 'never a second',
  async (t) => {
    const w = await serviceHarness(t);
    const headers = { 'idempotency-key': 'order-1001' };
    w.gateway.next = { payOnPoll: 99 };

    const first = await w.request('POST', '/v1/payments', { body: SALE, headers });
    const retry = await w.request('POST', '/v1/payments', { body: SALE, headers });
    const changed = await w.request('POST', '/v1/payments', {
      body: { ...SALE, amount: '151.00' },
      headers,
    });

    assert.equal(first.status, 202);
    assert.equal(retry.status, 200);
    assert.equal(retry.json.id, first.json.id);
    assert.equal(changed.status, 422);
    assert.equal(changed.json.error.code, 'HTTP_IDEMPOTENCY_KEY_REUSED');
    assert.equal(w.gateway.ops().filter((op) => op === 'newPaymentId').length, 1);
  },
);

test(
  'bad payment input is refused with 400 naming the field, ' + 'and nothing reaches the gateway',
  async (t) => {
    const w = await serviceHarness(t, {
      settings: { paymentTypes: { sbp: { paymentNumber: 2, name: 'СБП' } } },
    });
    const cases: Array<[unknown, string, string]> = [
      [{ system: 'sbp', amount: '150.555' }, 'BAD_AMOUNT', 'amount'],
      [{ system: 'sbp', amount: 'сто' }, 'BAD_AMOUNT', 'amount'],
      [{ system: 'sbp', amount: 150.5 }, 'HTTP_FIELD_INVALID', 'amount'],
      [{ system: 'sbp', amount: '0' }, 'PAYMENT_BAD_AMOUNT', 'amount'],
      [{ system: 'sbp', amountKopecks: 1.5 }, 'BAD_AMOUNT', 'amountKopecks'],
      [{ amount: '150.00' }, 'HTTP_FIELD_MISSING', 'system'],
      [{ system: 'sbp' }, 'HTTP_FIELD_MISSING', 'amount'],
      [{ system: 'visa', amount: '1' }, 'PAYMENT_UNKNOWN_SYSTEM', 'system'],
      [{ system: 'wm', amount: '1' }, 'PAYMENT_SYSTEM_NOT_ENABLED', 'system'],
      [{ system: 'sbp', amount: '1', tip: '5' }, 'HTTP_UNKNOWN_FIELD', 'tip'],
      [
        { system: 'sbp', amount: '100.00', items: [{ name: 'Кофе', price: '75.00', quantity: 1 }] },
        'PAYMENT_ITEMS_TOTAL_MISMATCH',
        'items',
      ],
      [
        { system: 'sbp', items: [{ name: 'Кофе', price: '75.00', quantity: 0.1 + 0.2 }] },
        'HTTP_FIELD_INVALID',
        'items[0].quantity',
      ],
      [{ system: 'sbp', items: [{ name: 'Кофе' }] }, 'HTTP_FIELD_MISSING', 'items[0].price'],
      [{ system: 'sbp', items: [{ name: 'Coffee ☕', price: '1' }] }, 'PAYMENT_BAD_ITEM', 'items'],
    ];

    for (const [body, code, field] of cases) {
      const answer = await w.request('POST', '/v1/payments', { body });

      assert.equal(answer.status, 400, `${JSON.stringify(body)} → ${answer.text}`);
      assert.equal(answer.json.error.code, code, JSON.stringify(body));
      assert.equal(answer.json.error.field, field, JSON.stringify(body));
      assert.ok(answer.json.error.message.length > 0);
    }
    assert.deepEqual(w.gateway.calls, []);
  },
);

test('items without an amount are charged their total, exactly', async (t) => {
  const w = await serviceHarness(t);
  w.gateway.next = { payOnPoll: 1 };

  const started = await w.request('POST', '/v1/payments', {
    body: {
      system: 'sbp',
      items: [
        { name: 'Кофе', price: '75.10', quantity: 2 },
        { name: 'Сыр', priceKopecks: 99990, quantity: '0.25' },
      ],
    },
  });
  const done = await w.eventually(started.json.links.self, (a) => a.json.status === 'finished');

  assert.equal(started.json.amount, '400.18');
  assert.equal(done.json.outcome, 'PAID_RECEIPT_CLOSED');
  assert.deepEqual(w.printer.receipts[0].payments, [{ paymentNumber: 2, kopecks: 40018 }]);
});

test(
  'cancel makes the controller cancel the QR at the gateway: ' + 'CANCELLED_BY_CASHIER',
  async (t) => {
    const w = await serviceHarness(t);
    const started = await startPaid(w, 99);
    await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');

    const cancel = await w.request('POST', started.links.cancel);
    const done = await w.eventually(started.links.self, (a) => a.json.status === 'finished');
    const again = await w.request('POST', started.links.cancel);

    assert.equal(cancel.status, 202);
    assert.equal(cancel.json.cancelRequested, true);
    assert.equal(done.json.outcome, 'CANCELLED_BY_CASHIER');
    assert.ok(w.gateway.ops(done.json.paymentId).includes('cancel'));
    assert.equal(w.journal.get(done.json.paymentId)?.state, 'CANCELLED');
    assert.equal(w.printer.receipts.length, 0);
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'PAYMENT_ALREADY_FINISHED');
  },
);

test('a cancel that finds the payment already paid ends in a closed receipt', async (t) => {
  const w = await serviceHarness(t);
  w.gateway.next = { payOnPoll: 99, paidBeforeCancel: true };
  const started = (await w.request('POST', '/v1/payments', { body: SALE })).json;
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');

  await w.request('POST', started.links.cancel);
  const done = await w.eventually(started.links.self, (a) => a.json.status === 'finished');

  assert.equal(done.json.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(w.printer.receipts.length, 1);
});

test('current, by id and by the gateway payment id all find the payment', async (t) => {
  const w = await serviceHarness(t);
  const none = await w.request('GET', '/v1/payments/current');
  const started = await startPaid(w, 1);
  const done = await w.eventually(started.links.self, (a) => a.json.status === 'finished');

  const current = await w.request('GET', '/v1/payments/current');
  const byPaymentId = await w.request('GET', `/v1/payments/${done.json.paymentId}`);
  const list = await w.request('GET', '/v1/payments');
  const unknown = await w.request('GET', '/v1/payments/r-nope');

  assert.equal(none.status, 404);
  assert.equal(none.json.error.code, 'PAYMENT_NONE_YET');
  assert.equal(current.json.id, started.id);
  assert.equal(byPaymentId.json.id, started.id);
  assert.deepEqual(
    list.json.payments.map((p: { id: string }) => p.id),
    [started.id],
  );
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'PAYMENT_NOT_FOUND');
});

test('the QR is served as SVG only while it can be paid', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w, 2);
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');

  const svg = await w.request('GET', started.links.qr);
  await w.advance(2000);
  await w.eventually(started.links.self, (a) => a.json.status === 'finished');
  const after = await w.request('GET', started.links.qr);

  assert.equal(svg.status, 200);
  assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
  assert.match(svg.text, /^<svg [^>]*viewBox/);
  assert.equal(after.status, 404);
  assert.equal(after.json.error.code, 'PAYMENT_NO_QR');
});

test('the journal lists payments as JSON and CSV, filtered by time', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w, 1);
  const done = await w.eventually(started.links.self, (a) => a.json.status === 'finished');
  const id = done.json.paymentId;
  const later = new Date(w.clock.now() + 60_000).toISOString();

  const json = await w.request('GET', '/v1/journal');
  const csv = await w.request('GET', '/v1/journal?format=csv');
  const empty = await w.request('GET', `/v1/journal?since=${encodeURIComponent(later)}`);
  const entry = await w.request('GET', `/v1/journal/${id}`);
  const bad = await w.request('GET', '/v1/journal?since=yesterday');
  const missing = await w.request('GET', '/v1/journal/424242');

  assert.equal(json.json.count, 1);
  assert.equal(json.json.payments[0].paymentId, id);
  assert.equal(json.json.payments[0].state, 'RECEIPT_CLOSED');
  assert.equal(json.json.payments[0].amount, '150.00');
  assert.equal(json.json.payments[0].fiscalDocumentNumber, w.printer.receipts[0].documentNumber);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(csv.text, /^id,created_at,/);
  assert.ok(csv.text.split('\r\n')[1].startsWith(`${id},`));
  assert.equal(empty.json.count, 0);
  assert.deepEqual(entry.json.events.map((e: { step: string }) => e.step).slice(0, 2), [
    'creating-qr',
    'qr-issued',
  ]);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'since');
  assert.equal(missing.status, 404);
});

test('recover finishes an unfinished journal entry and refuses while a payment runs', async (t) => {
  const w = await serviceHarness(t);
  w.journal.begin({
    id: '777',
    paySystem: 'sbp',
    paymentNumber: 2,
    amountKopecks: 5000,
    items: [{ name: 'Товар', priceKopecks: 5000, quantityMilli: 1000 }],
    description: 'Товар',
    deadline: w.clock.now() + 120_000,
  });

  const report = await w.request('POST', '/v1/recover');
  const started = await startPaid(w, 99);
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');
  const busy = await w.request('POST', '/v1/recover');

  assert.equal(report.status, 200);
  assert.equal(report.json.payments[0].paymentId, '777');
  assert.equal(report.json.remaining, 0);
  assert.equal(busy.status, 409);
  assert.equal(busy.json.error.code, 'PAYMENT_BUSY');
});

test('with a token, /v1 needs it; health and the display do not', async (t) => {
  const token = 'pos-token-0123456789abcdef';
  const w = await serviceHarness(t, { token });

  const without = await w.request('GET', '/v1/payments');
  const wrong = await w.request('GET', '/v1/payments', {
    headers: { authorization: 'Bearer pos-token-0123456789abcdeX' },
  });
  const right = await w.request('GET', '/v1/payments', {
    headers: { authorization: `Bearer ${token}` },
  });
  const health = await w.request('GET', '/health');
  const display = await w.request('GET', '/display');

  assert.equal(without.status, 401);
  assert.equal(without.json.error.code, 'HTTP_UNAUTHORIZED');
  assert.equal(without.headers['www-authenticate'], 'Bearer realm="wmqr"');
  assert.equal(wrong.status, 401);
  assert.equal(right.status, 200);
  assert.equal(health.status, 200);
  assert.equal(display.status, 200);
  assert.ok(w.answers.every((a) => !a.includes(token)));
  assert.ok(!w.logger.text().includes(token));
});

test('malformed requests get their own codes', async (t) => {
  const w = await serviceHarness(t, { bodyLimitBytes: 1024 });

  const big = await w.request('POST', '/v1/payments', { raw: `{"x":"${'a'.repeat(5000)}"}` });
  const text = await w.request('POST', '/v1/payments', {
    raw: 'system=sbp',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const broken = await w.request('POST', '/v1/payments', { raw: '{"system":' });
  const array = await w.request('POST', '/v1/payments', { body: [] });
  const nowhere = await w.request('GET', '/v2/payments');
  const method = await w.request('DELETE', '/v1/payments');

  assert.equal(big.status, 413);
  assert.equal(big.json.error.code, 'HTTP_BODY_TOO_LARGE');
  assert.equal(text.status, 415);
  assert.equal(broken.status, 400);
  assert.equal(broken.json.error.code, 'HTTP_BAD_JSON');
  assert.equal(array.json.error.code, 'HTTP_BAD_JSON');
  assert.equal(nowhere.status, 404);
  assert.equal(nowhere.json.error.code, 'HTTP_NOT_FOUND');
  assert.equal(method.status, 405);
  assert.equal(method.headers.allow, 'GET, POST');
  assert.deepEqual(w.gateway.calls, []);
});

test('a web page of another origin, or a foreign Host name, cannot drive the till', async (t) => {
  const w = await serviceHarness(t);

  const foreignOrigin = await w.request('POST', '/v1/payments', {
    body: SALE,
    headers: { origin: 'https://evil.example' },
  });
  const rebound = await w.request('GET', '/v1/journal', {
    headers: { host: `evil.example:${w.http.port}` },
  });
  const sameOrigin = await w.request('GET', '/health', {
    headers: { origin: `http://127.0.0.1:${w.http.port}` },
  });

  assert.equal(foreignOrigin.status, 403);
  assert.equal(foreignOrigin.json.error.code, 'HTTP_FORBIDDEN_ORIGIN');
  assert.equal(rebound.status, 403);
  assert.equal(rebound.json.error.code, 'HTTP_FORBIDDEN_HOST');
  assert.equal(sameOrigin.status, 200);
  assert.deepEqual(w.gateway.calls, []);
});

test('no answer carries a secret of the settings', async (t) => {
  const token = 'pos-token-0123456789abcdef';
  const auth = { authorization: `Bearer ${token}` };
  const w = await serviceHarness(t, { token, settings: { device: { display: 'both' } } });
  w.gateway.next = { payOnPoll: 2 };
  const started = (await w.request('POST', '/v1/payments', { body: SALE, headers: auth })).json;
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment', auth);
  const sse = await readSse(w.http.url, started.links.events, auth);
  const display = await readSse(w.http.url, '/display/events');
  await display.next((m) => m.data.status === 'waiting');

  for (const path of ['/', '/health', '/display', '/v1/payments', '/v1/payments/current']) {
    await w.request('GET', path, { headers: auth });
  }
  await w.request('GET', started.links.qr, { headers: auth });
  await w.advance(2000);
  await sse.ended;
  await display.next((m) => m.data.status === 'paid');
  display.close();
  for (const path of ['/v1/journal', '/v1/journal?format=csv', started.links.self]) {
    await w.request('GET', path, { headers: auth });
  }
  await w.request('POST', '/v1/recover', { headers: auth });
  await w.request('POST', '/v1/payments', { body: { system: 'sbp', amount: 'x' }, headers: auth });

  const everything = [...w.answers, sse.raw(), display.raw()].join('\n');
  for (const secret of ['test-only-agent-key', 'test-only-password', token]) {
    assert.ok(!everything.includes(secret), `an answer holds ${secret}`);
  }
  assert.ok(everything.includes('150.00'));
});

test('close() cancels a running payment safely before the server stops', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w, 99);
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');
  const sse = await readSse(w.http.url, started.links.events);

  await w.http.close();
  await sse.ended;

  const run = w.http.runs.get(started.id);
  assert.equal(run?.result?.outcome, 'CANCELLED_BY_CASHIER');
  assert.equal(w.journal.get(run?.paymentId as string)?.state, 'CANCELLED');
  assert.equal(sse.messages.at(-1)?.event, 'finished');
});

test('HEAD answers like GET without a body, and does not hold an event stream open', async (t) => {
  const w = await serviceHarness(t);
  const started = await startPaid(w, 99);

  const health = await w.request('HEAD', '/health');
  const events = await w.request('HEAD', started.links.events);

  assert.equal(health.status, 200);
  assert.equal(health.text, '');
  assert.equal(events.status, 200);
  assert.match(String(events.headers['content-type']), /^text\/event-stream/);
});
