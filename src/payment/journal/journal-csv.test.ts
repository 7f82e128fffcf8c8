import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journalToCsv } from './journal-csv';
import type { JournalEntry } from './payment-journal';

const entry: JournalEntry = {
  id: '123',
  createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  updatedAt: Date.UTC(2026, 0, 2, 3, 5, 0),
  paySystem: 'sbp',
  paymentNumber: 2,
  amountKopecks: 15005,
  items: [],
  description: '',
  deadline: 0,
  state: 'DECLINED',
  outcome: 'DECLINED',
  reason: '=HYPERLINK("x"), "quoted"',
};

test('CSV has a header, rubles with two decimals, ISO times and RFC 4180 quoting', () => {
  const csv = journalToCsv([entry, { ...entry, id: '124', paidKopecks: 100, reason: undefined }]);
  const lines = csv.split('\r\n');

  assert.equal(lines[0].split(',')[0], 'id');
  assert.equal(
    lines[1],
    '123,2026-01-02T03:04:05.000Z,2026-01-02T03:05:00.000Z,sbp,2,150.05,,DECLINED,DECLINED,,,' +
      `"'=HYPERLINK(""x""), ""quoted"""` +
      ',',
  );
  assert.match(lines[2], /^124,.*,150\.05,1\.00,DECLINED/);
  assert.equal(lines[3], '');
});
