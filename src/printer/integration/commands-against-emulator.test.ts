/**
 * Every typed command, sent by the production link layer to the emulator in process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import * as cmd from '../commands';
import { MODE, SUBMODE } from '../protocol/shtrih-constants';
import { startHarness } from './emulator-harness.test';

const OP = { password: 30 };

test('status commands 10, 11, FC and FF01 answer with the device state', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  const short = await h.printer.command(cmd.shortStatus, OP);
  const full = await h.printer.command(cmd.fullStatus, OP);
  const type = await h.printer.command(cmd.deviceType, {});
  const fn = await h.printer.command(cmd.fnStatus, OP);
  await h.close();

  assert.equal(short.mode & 0x0f, MODE.SHIFT_OPEN);
  assert.equal(short.submode, SUBMODE.PAPER_PRESENT);
  assert.equal(full.mode, short.mode);
  assert.equal(full.documentNumber, h.emu.device.status().lastDocumentNumber);
  assert.ok(type.name.length > 0);
  assert.equal(fn.shiftOpen, true);
  assert.equal(fn.lastDocumentNumber, h.emu.device.status().lastDocumentNumber);
});

test('print commands 12, 17, 25, C5, DD, DE and B0 reach the tape', async () => {
  const h = await startHarness();
  const line = Buffer.alloc(40, 0xff);

  await h.printer.command(cmd.printBold, { ...OP, text: 'ЖИРНЫЙ' });
  await h.printer.command(cmd.printString, { ...OP, text: 'Обычная строка' });
  await h.printer.command(cmd.printGraphicLine, { ...OP, repeat: 3, line });
  await h.printer.command(cmd.loadData, { ...OP, block: 0, data: Buffer.from('HELLO') });
  await h.printer.command(cmd.print2dBarcode, {
    ...OP,
    barcodeType: 3,
    length: 5,
    firstBlock: 0,
    params: [0, 0, 4, 0, 1],
    alignment: 'centre',
  });
  await h.printer.command(cmd.continuePrint, OP);
  await h.printer.command(cmd.cut, { ...OP, type: 'partial' });
  await h.close();

  const entries = h.emu.tape.entries;
  assert.deepEqual(
    entries.map((e) => e.kind),
    ['text', 'text', 'graphic-line', 'qr', 'cut'],
  );
  assert.deepEqual(entries[0], { kind: 'text', text: 'ЖИРНЫЙ', bold: true });
  assert.equal(entries[1]?.kind === 'text' && entries[1].text, 'Обычная строка');
  assert.equal(entries[2]?.kind === 'graphic-line' && entries[2].repeat, 3);
  assert.equal(entries[3]?.kind === 'qr' && entries[3].text, 'HELLO');
  assert.equal(entries[4]?.kind === 'cut' && entries[4].partial, true);
});

test('table commands 2D, 2E, 1F and 1E read and write table 5', async () => {
  const h = await startHarness();
  const name = iconv.encode('СБП', 'win1251');

  const table = await h.printer.command(cmd.tableStructure, { ...OP, table: 5 });
  const field = await h.printer.command(cmd.fieldStructure, { ...OP, table: 5, field: 1 });
  await h.printer.command(cmd.writeTable, {
    ...OP,
    table: 5,
    row: 3,
    field: 1,
    value: Buffer.concat([name, Buffer.from([0])]),
  });
  const read = await h.printer.command(cmd.readTable, { ...OP, table: 5, row: 3, field: 1 });
  await h.close();

  assert.equal(table.rows, 16);
  assert.ok(table.fields >= 1);
  assert.deepEqual({ type: field.type, size: field.size }, { type: 'char', size: 64 });
  assert.deepEqual(read.value.subarray(0, 4), Buffer.concat([name, Buffer.from([0])]));
  assert.equal(h.emu.device.readTable(5, 3, 1), 'СБП');
});

test('the device refuses renaming payment type 1 (row 1 is read-only)', async () => {
  const h = await startHarness();

  await assert.rejects(
    h.printer.command(cmd.writeTable, {
      ...OP,
      table: 5,
      row: 1,
      field: 1,
      value: Buffer.from('X\0'),
    }),
    { code: 'PRINTER_DEVICE_ERROR', deviceCode: 0x7a },
  );
  await h.close();
});

test('E0, 8D, 80, 85 make a classic receipt; 88 cancels one', async () => {
  const h = await startHarness();

  await h.printer.command(cmd.openShift, OP);
  await h.printer.command(cmd.openReceipt, { ...OP, type: 'sale' });
  await h.printer.command(cmd.sale, {
    ...OP,
    quantityMilli: 2000,
    priceKopecks: 5025,
    department: 1,
    text: 'Чай',
  });
  const closed = await h.printer.command(cmd.closeReceipt, { ...OP, sums: [20000], text: '' });
  await h.printer.command(cmd.openReceipt, { ...OP, type: 'sale' });
  await h.printer.command(cmd.cancelReceipt, OP);
  await h.close();

  assert.equal(closed.changeKopecks, 20000 - 10050);
  const [doc] = h.emu.device.fiscalDocuments();
  assert.equal(doc?.totalKopecks, 10050);
  assert.equal(h.emu.device.fiscalDocuments().length, 1, 'the cancelled one is not fiscal');
  assert.equal(h.emu.device.openReceipt, undefined);
});

test('8E closes with payment type 13', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });
  const sums = new Array<number>(16).fill(0);
  sums[12] = 777;

  await h.printer.command(cmd.openReceipt, { ...OP, type: 'sale' });
  await h.printer.command(cmd.sale, {
    ...OP,
    quantityMilli: 1000,
    priceKopecks: 777,
    department: 1,
    text: 'x',
  });
  const closed = await h.printer.command(cmd.closeReceiptExtended, { ...OP, sums, text: '' });
  await h.close();

  assert.equal(closed.changeKopecks, 0);
  assert.deepEqual(
    h.emu.device.fiscalDocuments()[0]?.payments.map((p) => [p.paymentNumber, p.kopecks]),
    [[13, 777]],
  );
});

test('FF46 and FF45 make a fiscal-drive receipt with its number and fiscal sign', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });
  const sums = new Array<number>(16).fill(0);
  sums[2] = 1500;

  await h.printer.command(cmd.operationV2, {
    ...OP,
    type: 'sale',
    quantityMicro: 1_500_000,
    priceKopecks: 1000,
    taxRate: 8,
    department: 1,
    paymentMethod: 4,
    paymentObject: 1,
    name: 'Сахар',
  });
  const closed = await h.printer.command(cmd.closeReceiptV2, {
    ...OP,
    sums,
    taxSystem: 1,
    text: 'WM',
  });
  await h.close();

  const doc = h.emu.device.fiscalDocuments()[0];
  assert.equal(closed.documentNumber, doc?.number);
  assert.equal(closed.fiscalSign, doc?.fiscalSign);
  assert.equal(doc?.totalKopecks, 1500);
  assert.equal(doc?.items[0]?.quantityMilli, 1500);
});

test('a wrong password is error 4F with the vendor words', async () => {
  const h = await startHarness();

  await assert.rejects(h.printer.command(cmd.shortStatus, { password: 12345 }), {
    code: 'PRINTER_DEVICE_ERROR',
    deviceCode: 0x4f,
    ru: 'Неверный пароль',
  });
  await h.close();
});
