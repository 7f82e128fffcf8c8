import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../core/clock';
import { PaymentJournal, type NewPayment } from './payment-journal';

function tempJournal(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-journal-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'journal.sqlite');
}

function payment(id: string, overrides: Partial<NewPayment> = {}): NewPayment {
  return {
    id,
    paySystem: 'sbp',
    paymentNumber: 2,
    amountKopecks: 15050,
    items: [{ name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 }],
    description: 'Кофе',
    deadline: 0,
    ...overrides,
  };
}

test('a closed and reopened journal still holds every field and every step in order', async (t) => {
  const file = tempJournal(t);
  const clock = new VirtualClock(1_000_000);
  const journal = PaymentJournal.open(file, { clock });

  journal.begin(payment('101'), { ttlSeconds: 240 });
  await clock.advance(1500);
  journal.record('101', 'qr-issued', {
    state: 'QR_ISSUED',
    qrText: 'https://qr.nspk.ru/AD1',
    expiresAt: 1_240_000,
  });
  await clock.advance(2000);
  journal.record('101', 'paid', { state: 'PAID', paidKopecks: 15050, wmTranId: '777' });
  journal.record('101', 'printing-receipt', { state: 'PRINTING_RECEIPT', docBefore: 41 });
  journal.record('101', 'receipt-closed', {
    state: 'RECEIPT_CLOSED',
    fiscalDocumentNumber: 42,
    outcome: 'PAID_RECEIPT_CLOSED',
  });
  journal.close();
  const reopened = PaymentJournal.open(file, { clock });
  t.after(() => reopened.close());

  const entry = reopened.get('101');
  const events = reopened.events('101');

  assert.deepEqual(
    { ...entry, createdAt: undefined, updatedAt: undefined },
    {
      ...payment('101'),
      createdAt: undefined,
      updatedAt: undefined,
      state: 'RECEIPT_CLOSED',
      qrText: 'https://qr.nspk.ru/AD1',
      expiresAt: 1_240_000,
      paidKopecks: 15050,
      wmTranId: '777',
      docBefore: 41,
      fiscalDocumentNumber: 42,
      outcome: 'PAID_RECEIPT_CLOSED',
    },
  );
  assert.equal(entry?.createdAt, 1_000_000);
  assert.deepEqual(
    events.map((e) => [e.step, e.state, e.at]),
    [
      ['creating-qr', 'CREATING_QR', 1_000_000],
      ['qr-issued', 'QR_ISSUED', 1_001_500],
      ['paid', 'PAID', 1_003_500],
      ['printing-receipt', 'PRINTING_RECEIPT', 1_003_500],
      ['receipt-closed', 'RECEIPT_CLOSED', 1_003_500],
    ],
  );
  assert.deepEqual(events[0].data, { ttlSeconds: 240 });
});

test('what record() returned is on disk even when the writer is killed right after', async (t) => {
  const file = tempJournal(t);
  const script = `
    const { PaymentJournal } = require(${JSON.stringify(path.join(__dirname, 'payment-journal'))});
    const j = PaymentJournal.open(${JSON.stringify(file)});
    j.begin({ id: '900', paySystem: 'wm', paymentNumber: 3, amountKopecks: 100, items: [],
      description: 'x', deadline: 0 });
    j.record('900', 'paid', { state: 'PAID', paidKopecks: 100 });
    process.stdout.write('recorded\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--require', 'ts-node/register', '-e', script], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('recorded')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  child.removeAllListeners('exit');
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  const journal = PaymentJournal.open(file);
  t.after(() => journal.close());

  assert.equal(journal.get('900')?.state, 'PAID');
  assert.equal(journal.get('900')?.paidKopecks, 100);
  assert.deepEqual(
    journal.unfinished().map((e) => e.id),
    ['900'],
  );
});

test('a second writer is refused while the first is open, and admitted after it closes', (t) => {
  const file = tempJournal(t);
  const first = PaymentJournal.open(file);

  assert.throws(() => PaymentJournal.open(file), { code: 'JOURNAL_LOCKED' });
  first.close();
  const second = PaymentJournal.open(file);
  second.close();
});

test('a reader sees what the writer committed, without taking the lock', (t) => {
  const file = tempJournal(t);
  const writer = PaymentJournal.open(file);
  t.after(() => writer.close());
  writer.begin(payment('5'));

  const reader = PaymentJournal.open(file, { readOnly: true });
  const seen = reader.get('5')?.state;
  reader.close();

  assert.equal(seen, 'CREATING_QR');
});

test('listing a journal that does not exist says no payment was made yet', (t) => {
  const file = tempJournal(t);

  assert.throws(() => PaymentJournal.open(file, { readOnly: true }), { code: 'JOURNAL_NOT_FOUND' });
});

test('unfinished() lists exactly the payments recovery must look at', (t) => {
  const journal = PaymentJournal.open(tempJournal(t));
  t.after(() => journal.close());
  const states = [
    'QR_ISSUED',
    'RECEIPT_CLOSED',
    'RECEIPT_OWED',
    'DECLINED',
    'UNRESOLVED',
    'CANCELLED',
  ] as const;

  journal.begin(payment('1'));
  states.forEach((state, i) => {
    journal.begin(payment(String(i + 2)));
    journal.record(String(i + 2), 'gateway-state', { state });
  });

  assert.deepEqual(
    journal.unfinished().map((e) => [e.id, e.state]),
    [
      ['1', 'CREATING_QR'],
      ['2', 'QR_ISSUED'],
      ['4', 'RECEIPT_OWED'],
      ['6', 'UNRESOLVED'],
    ],
  );
});

test('list() returns the payments created in the asked range', async (t) => {
  const clock = new VirtualClock(10_000);
  const journal = PaymentJournal.open(tempJournal(t), { clock });
  t.after(() => journal.close());
  for (const id of ['a', 'b', 'c']) {
    journal.begin(payment(id));
    await clock.advance(1000);
  }

  assert.deepEqual(
    journal.list({ since: 11_000 }).map((e) => e.id),
    ['b', 'c'],
  );
  assert.deepEqual(
    journal.list({ since: 10_000, until: 12_000 }).map((e) => e.id),
    ['a', 'b'],
  );
});

test('recording a step of an unknown payment is an error, not a silent no-op', (t) => {
  const journal = PaymentJournal.open(tempJournal(t));
  t.after(() => journal.close());

  assert.throws(() => journal.record('404', 'paid', { state: 'PAID' }), {
    code: 'JOURNAL_NO_SUCH_PAYMENT',
  });
});
