import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/core/clock';
import { silentLogger } from '../../src/core/logger';
import type { QrCreatePayment } from '../../src/gateway/wire';
import { MockPaymentBook, createDataKey } from './mock-payment-book';
import type { PaymentScript } from './payment-script';

const POINT = '100200300';

function setup(script?: PaymentScript) {
  const clock = new VirtualClock(1_000_000);
  const book = new MockPaymentBook(clock, silentLogger);
  if (script) book.scriptNext(script);
  const request: QrCreatePayment = {
    id: '77',
    paySystem: 'wm',
    amountKopecks: 500,
    currency: 'RUB',
    test: false,
    date: clock.now(),
    description: 'x',
    ttlSeconds: 60,
  };
  book.scriptFor(POINT, request.id, true);
  const payment = book.create(POINT, request).payment;
  return { clock, book, payment, request };
}

test('payAfterPolls 2: two polls see it unpaid (WAITING), the third sees PAID', () => {
  const { book, payment } = setup({ payAfterPolls: 2 });

  const seen = [1, 2, 3].map(() => {
    book.poll(payment);
    return payment.state;
  });

  assert.deepEqual(seen, ['WAITING', 'WAITING', 'PAID']);
  assert.equal(payment.paidKopecks, 500);
  assert.ok(payment.wmTranId);
});

test('rejectAfterPolls rejects with the scripted reason', () => {
  const { book, payment } = setup({ rejectAfterPolls: { polls: 1, reason: 'limit exceeded' } });

  book.poll(payment);
  book.poll(payment);

  assert.equal(payment.state, 'REJECTED');
  assert.equal(payment.reason, 'limit exceeded');
});

test('payAfterMs pays at exactly that time on the clock, whenever it is looked at', async () => {
  const { clock, book, payment } = setup({ payAfterMs: 20_000 });

  await clock.advance(19_999);
  const before = book.find(payment.id)?.state;
  await clock.advance(30_000);
  const after = book.find(payment.id);

  assert.equal(before, 'NEW');
  assert.equal(after?.state, 'PAID');
  assert.equal(after?.updatedAt, 1_000_000 + 20_000);
});

test('an unpaid payment expires at its ttl', async () => {
  const { clock, book, payment } = setup({ payAfterMs: 61_000 });

  await clock.advance(59_999);
  assert.equal(book.find(payment.id)?.state, 'NEW');
  await clock.advance(10_000);

  assert.equal(payment.state, 'NEW', 'nothing moves until looked at');
  assert.equal(book.find(payment.id)?.state, 'EXPIRED');
  assert.equal(payment.updatedAt, payment.expiresAt);
});

test('neverPay ignores polls; only the customer control pays it', () => {
  const { book, payment } = setup({ neverPay: true, payAfterPolls: 0 });

  book.poll(payment);
  book.poll(payment);
  const polled = payment.state;
  book.pay(payment, 499);

  assert.equal(polled, 'NEW');
  assert.equal(payment.state, 'PAID');
  assert.equal(payment.paidKopecks, 499);
});

test('cancel stops a pending payment and leaves a final one as it is', () => {
  const pending = setup();
  const paid = setup({ payAfterPolls: 0 });
  paid.book.poll(paid.payment);

  pending.book.cancel(pending.payment);
  paid.book.cancel(paid.payment);

  assert.equal(pending.payment.state, 'CANCELLED');
  assert.equal(paid.payment.state, 'PAID');
  assert.throws(() => pending.book.pay(pending.payment), { code: 'MOCK_NOT_PENDING' });
});

test('scriptNext scripts are taken in order by the next new payments', () => {
  const clock = new VirtualClock(0);
  const book = new MockPaymentBook(clock, silentLogger, { neverPay: true });
  book.scriptNext({ payAfterPolls: 1 });
  book.scriptNext({ payAfterPolls: 2 });

  const first = book.scriptFor(POINT, '1', true);
  const again = book.scriptFor(POINT, '1', true);
  const second = book.scriptFor(POINT, '2', true);
  const third = book.scriptFor(POINT, '3', true);

  assert.equal(first.payAfterPolls, 1);
  assert.equal(again, first);
  assert.equal(second.payAfterPolls, 2);
  assert.equal(third.neverPay, true);
});

test('a repeated QrCreate is the same when only its date or ttl differ', () => {
  const { request } = setup();

  assert.equal(createDataKey({ ...request, date: 0, ttlSeconds: 5 }), createDataKey(request));
  assert.notEqual(createDataKey({ ...request, amountKopecks: 501 }), createDataKey(request));
  assert.notEqual(createDataKey({ ...request, paySystem: 'sbp' }), createDataKey(request));
  assert.notEqual(createDataKey({ ...request, description: 'y' }), createDataKey(request));
});
