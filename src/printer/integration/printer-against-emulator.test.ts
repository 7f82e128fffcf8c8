/**
 * Every operation of the high-level printer against the emulator in process, including the
 * paper, busy and shift situations the emulator can stage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { CMD } from '../protocol/shtrih-constants';
import { staffMessage } from '../printer/printer-errors';
import { startHarness } from './emulator-harness.test';

const SBP_QR =
  'https://qr.nspk.ru/AS1000670LSS7DN18SJQDNP4B05KLJL2' +
  '?type=01&bank=100000000001&sum=15050&cur=RUB&crc=C08B';

const HOUR = 3_600_000;

test('status gives mode, submode and paper in words', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  const status = await h.printer.status();
  await h.close();

  assert.equal(status.shift, 'open');
  assert.equal(status.paperPresent, true);
  assert.equal(status.words.mode.ru, 'Смена открыта');
  assert.equal(status.words.submode.en, 'Paper present');
});

test('waitUntilReady polls through "printing the previous command" (error 50)', async () => {
  const h = await startHarness();
  h.emu.faults.busyForPolls(4);

  await h.printer.waitUntilReady();
  await h.close();

  assert.deepEqual(h.sent, [0x10, 0x10, 0x10, 0x10, 0x10]);
});

test('printLines waits out a busy printer and resends the refused line once', async () => {
  const h = await startHarness();

  await h.printer.printLines(['first']);
  h.emu.faults.busyForPolls(2);
  await h.printer.printLines(['second']);
  await h.close();

  const texts = h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
  assert.deepEqual(texts, ['first', 'second']);
});

test('paper out mid-print: waits for the refill, sends B0, the line is printed', async () => {
  const h = await startHarness();
  h.emu.faults.paperOutDuringNextPrint({ refillAfterMs: 5_000 });
  const started = h.clock.now();

  await h.printer.printLines(['Оплата по QR']);
  await h.close();

  assert.ok(h.clock.now() - started >= 5_000, 'it waited for the paper');
  assert.ok(h.sent.includes(CMD.CONTINUE_PRINT));
  assert.deepEqual(
    h.emu.tape.entries.map((e) => e.kind),
    ['paper-out', 'text'],
  );
});

test('no paper and none coming: PRINTER_PAPER_OUT after the wait, in words for staff', async () => {
  const h = await startHarness({ printer: { ready: { paperWaitMs: 20_000 } } });
  h.emu.faults.paperOutNow();
  const started = h.clock.now();

  const error = await h.printer.printLines(['x']).catch((e: unknown) => e);
  await h.close();

  assert.equal((error as { code?: string }).code, 'PRINTER_PAPER_OUT');
  assert.ok(h.clock.now() - started >= 20_000);
  assert.match(staffMessage(error), /нет бумаги/);
  assert.match(staffMessage(error, 'en'), /out of paper/);
  assert.equal(h.emu.tape.entries.length, 0);
});

test('paper put back while waiting: the print goes through', async () => {
  const h = await startHarness();
  h.emu.faults.paperOutNow({ refillAfterStatusPolls: 3 });

  await h.printer.printLines(['after refill']);
  await h.close();

  assert.equal(h.emu.tape.toText().includes('after refill'), true);
});

test('printLines wraps long lines at spaces, refuses text the printer cannot print', async () => {
  const h = await startHarness({ printer: { lineWidth: 20 } });

  await h.printer.printLines(['Спасибо за покупку, приходите ещё']);
  await assert.rejects(h.printer.printLines(['ok', 'emoji 😀']), {
    code: 'PRINTER_TEXT_NOT_ENCODABLE',
  });
  await h.close();

  const texts = h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
  assert.deepEqual(texts, ['Спасибо за покупку,', 'приходите ещё'], 'nothing of the refused call');
});

test('printQr loads the text in 64-byte blocks and prints it with DE', async () => {
  const h = await startHarness();

  await h.printer.printQr(SBP_QR, { moduleSize: 5, errorCorrection: 'Q' });
  await h.close();

  const blocks = Math.ceil(Buffer.byteLength(SBP_QR) / 64);
  assert.deepEqual(
    h.sent.filter((c) => c !== CMD.SHORT_STATUS),
    [...new Array(blocks).fill(CMD.LOAD_DATA), CMD.PRINT_2D_BARCODE],
  );
  const qr = h.emu.tape.entries.find((e) => e.kind === 'qr');
  assert.ok(qr && qr.kind === 'qr');
  assert.equal(qr.text, SBP_QR);
  assert.equal(qr.moduleSize, 5);
  assert.equal(qr.errorCorrection, 'Q');
});

test('printQr falls back to C5 lines on a model without 2-D barcodes; the QR scans', async () => {
  const h = await startHarness({ emulator: { supports2dBarcode: false } });

  await h.printer.printQr(SBP_QR);
  await h.printer.printQr(SBP_QR);
  await h.close();

  const lines = h.emu.tape.entries.flatMap((e) => (e.kind === 'graphic-line' ? [e] : []));
  const dotRows = lines.reduce((sum, l) => sum + l.repeat, 0);
  assert.ok(lines.length * 3 < dotRows, 'repeat counts carry the vertical scale');
  const loadsTried = h.sent.filter((c) => c === CMD.LOAD_DATA).length;
  assert.equal(loadsTried, 1, 'the model is asked once, then remembered');
  const half = lines.slice(0, lines.length / 2);
  assert.equal(decodeGraphicLines(half), SBP_QR);
});

test('printQr in "graphic" mode never tries DD/DE', async () => {
  const h = await startHarness({ printer: { qr: { mode: 'graphic' } } });

  await h.printer.printQr('https://example.com/pay?id=42');
  await h.close();

  assert.equal(h.sent.includes(CMD.LOAD_DATA), false);
  assert.ok(h.sent.includes(CMD.PRINT_GRAPHIC_LINE));
});

test('cut cuts (partial by default, full when set)', async () => {
  const h = await startHarness();
  const full = await startHarness({ printer: { cutType: 'full' } });

  await h.printer.cut();
  await full.printer.cut();
  await h.close();
  await full.close();

  assert.deepEqual(h.emu.tape.entries, [{ kind: 'cut', partial: true }]);
  assert.deepEqual(full.emu.tape.entries, [{ kind: 'cut', partial: false }]);
});

test('ensureShiftOpen opens a closed shift, and leaves an open one alone', async () => {
  const h = await startHarness();

  await h.printer.ensureShiftOpen();
  await h.printer.ensureShiftOpen();
  await h.close();

  assert.equal(h.emu.device.status().shiftOpen, true);
  assert.equal(h.sent.filter((c) => c === CMD.OPEN_SHIFT).length, 1);
});

test('ensureShiftOpen refuses a shift over 24 hours old: PRINTER_SHIFT_OVER_24H', async () => {
  const h = await startHarness();
  h.emu.device.setShiftOpenedAt(h.clock.now() - 25 * HOUR);

  await assert.rejects(h.printer.ensureShiftOpen(), { code: 'PRINTER_SHIFT_OVER_24H' });
  await assert.rejects(
    h.printer.printFiscalReceipt({
      items: [{ name: 'x', priceKopecks: 100, quantityMilli: 1000 }],
      payments: [{ paymentNumber: 1, kopecks: 100 }],
    }),
    { code: 'PRINTER_SHIFT_OVER_24H' },
  );
  await h.close();

  assert.equal(h.sent.includes(CMD.OPEN_SHIFT), false);
});

test('payment names: read all 16, write one after checking the table structure', async () => {
  const h = await startHarness({ emulator: { paymentNames: { 3: 'СБП' } } });

  const before = await h.printer.readPaymentNames();
  await h.printer.writePaymentName(5, '  WebMoney QR ');
  const after = await h.printer.readPaymentName(5);
  await h.close();

  assert.equal(before.length, 16);
  assert.equal(before[0], 'НАЛИЧНЫМИ');
  assert.equal(before[2], 'СБП');
  assert.equal(after, 'WebMoney QR');
  assert.equal(h.emu.device.readTable(5, 5, 1), 'WebMoney QR');
  assert.deepEqual(
    h.sent.slice(0, 2),
    [CMD.TABLE_STRUCTURE, CMD.FIELD_STRUCTURE],
    'structure first',
  );
  assert.equal(h.sent.filter((c) => c === CMD.TABLE_STRUCTURE).length, 1, 'checked once');
});

test('payment names: refuses row 1, numbers outside 1..16, and names that do not fit', async () => {
  const h = await startHarness();

  await assert.rejects(h.printer.writePaymentName(1, 'X'), { code: 'PRINTER_BAD_ARGUMENT' });
  await assert.rejects(h.printer.readPaymentName(17), { code: 'PRINTER_BAD_ARGUMENT' });
  await assert.rejects(h.printer.writePaymentName(4, 'Я'.repeat(65)), {
    code: 'PRINTER_BAD_ARGUMENT',
    details: { paymentNumber: 4, bytes: 65, max: 64 },
  });
  await assert.rejects(h.printer.writePaymentName(4, '支付宝'), {
    code: 'PRINTER_TEXT_NOT_ENCODABLE',
  });
  await h.close();

  assert.equal(h.sent.includes(CMD.WRITE_TABLE), false);
});

const RECEIPT = {
  items: [
    { name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 },
    { name: 'Сахар, кг', priceKopecks: 8000, quantityMilli: 500 },
  ],
  footer: 'WM 1234567',
};

test('classic receipt, payment 3: 8D, 80 x2, 85, and the document number reported', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  const closed = await h.printer.printFiscalReceipt({
    ...RECEIPT,
    payments: [{ paymentNumber: 3, kopecks: 19050 }],
  });
  await h.close();

  const fiscal = h.sent.filter((c) => [0x8d, 0x80, 0x85, 0x8e].includes(c));
  assert.deepEqual(fiscal, [0x8d, 0x80, 0x80, 0x85]);
  const doc = h.emu.device.fiscalDocuments()[0];
  assert.equal(doc?.totalKopecks, 19050);
  assert.deepEqual(
    doc?.payments.map((p) => [p.paymentNumber, p.kopecks]),
    [[3, 19050]],
  );
  assert.equal(closed.documentNumber, doc?.number);
  assert.equal(closed.changeKopecks, 0);
});

test('classic receipt with payment 13 uses 8E', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  await h.printer.printFiscalReceipt({
    ...RECEIPT,
    payments: [{ paymentNumber: 13, kopecks: 19050 }],
  });
  await h.close();

  assert.ok(h.sent.includes(0x8e));
  assert.equal(h.sent.includes(0x85), false);
  assert.equal(h.emu.device.fiscalDocuments()[0]?.payments[0]?.paymentNumber, 13);
});

test('fiscal-drive receipt uses FF46 x2 and FF45 and returns number and fiscal sign', async () => {
  const h = await startHarness({
    emulator: { shiftOpen: true },
    printer: { receiptFlow: 'fiscal-drive' },
  });

  const closed = await h.printer.printFiscalReceipt({
    ...RECEIPT,
    payments: [{ paymentNumber: 7, kopecks: 19050 }],
  });
  await h.close();

  const fiscal = h.sent.filter((c) => c > 0xff);
  assert.deepEqual(fiscal, [CMD.OPERATION_V2, CMD.OPERATION_V2, CMD.CLOSE_RECEIPT_V2]);
  const doc = h.emu.device.fiscalDocuments()[0];
  assert.deepEqual(closed, {
    changeKopecks: 0,
    documentNumber: doc?.number,
    fiscalSign: doc?.fiscalSign,
  });
  assert.equal(doc?.payments[0]?.paymentNumber, 7);
});

test('paper out in the middle of a receipt: refill, B0, and the receipt closes once', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });
  h.emu.faults.paperOutDuringNextPrint({ refillAfterMs: 3_000 });

  const closed = await h.printer.printFiscalReceipt({
    ...RECEIPT,
    payments: [{ paymentNumber: 3, kopecks: 19050 }],
  });
  await h.close();

  assert.equal(h.emu.device.fiscalDocuments().length, 1);
  assert.equal(closed.documentNumber, h.emu.device.fiscalDocuments()[0]?.number);
  assert.ok(h.sent.includes(CMD.CONTINUE_PRINT));
  assert.ok(h.emu.tape.entries.some((e) => e.kind === 'paper-out'));
  assert.equal(h.emu.tape.entries.filter((e) => e.kind === 'sale-line').length, 2);
});

test('a receipt opens the shift when it is closed', async () => {
  const h = await startHarness();

  await h.printer.printFiscalReceipt({
    ...RECEIPT,
    payments: [{ paymentNumber: 1, kopecks: 20000 }],
  });
  await h.close();

  assert.equal(h.emu.device.fiscalDocuments()[0]?.changeKopecks, 950);
});

test('a refused close cancels the receipt it opened and passes the device error on', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  await assert.rejects(
    h.printer.printFiscalReceipt({ ...RECEIPT, payments: [{ paymentNumber: 3, kopecks: 100 }] }),
    { code: 'PRINTER_DEVICE_ERROR', deviceCode: 0x45 },
  );
  await h.close();

  assert.equal(h.emu.device.openReceipt, undefined);
  assert.ok(h.sent.includes(CMD.CANCEL_RECEIPT));
  assert.equal(h.emu.device.fiscalDocuments().length, 0);
});

test('an item name the printer cannot encode fails before the receipt is opened', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  await assert.rejects(
    h.printer.printFiscalReceipt({
      items: [{ name: 'Tea 🍵', priceKopecks: 100, quantityMilli: 1000 }],
      payments: [{ paymentNumber: 1, kopecks: 100 }],
    }),
    { code: 'PRINTER_TEXT_NOT_ENCODABLE' },
  );
  await assert.rejects(
    h.printer.printFiscalReceipt({
      items: RECEIPT.items,
      payments: [{ paymentNumber: 17, kopecks: 1 }],
    }),
    { code: 'PRINTER_BAD_ARGUMENT' },
  );
  await h.close();

  assert.deepEqual(h.sent, []);
});

test('open receipt: refused by printFiscalReceipt, seen by documentState, cancelled', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });
  await h.printer.command((await import('../commands')).openReceipt, {
    password: 30,
    type: 'sale',
  });

  await assert.rejects(
    h.printer.printFiscalReceipt({ ...RECEIPT, payments: [{ paymentNumber: 1, kopecks: 19050 }] }),
    { code: 'PRINTER_RECEIPT_OPEN' },
  );
  const open = await h.printer.documentState();
  const cancelled = await h.printer.cancelOpenReceipt();
  const again = await h.printer.cancelOpenReceipt();
  const closed = await h.printer.documentState();
  await h.close();

  assert.equal(open.receiptOpen, true);
  assert.deepEqual([cancelled, again], [true, false]);
  assert.equal(closed.receiptOpen, false);
  assert.equal(closed.lastDocumentNumber, h.emu.device.status().lastDocumentNumber);
});

test('documentState follows the last fiscal document number', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  const before = await h.printer.documentState();
  await h.printer.printFiscalReceipt({
    ...RECEIPT,
    payments: [{ paymentNumber: 2, kopecks: 19050 }],
  });
  const after = await h.printer.documentState();
  await h.close();

  assert.equal(after.lastDocumentNumber, before.lastDocumentNumber + 1);
  assert.equal(after.lastDocumentNumber, h.emu.device.fiscalDocuments()[0]?.number);
});

test('fullStatus, deviceType and fiscalDriveStatus', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });

  const full = await h.printer.fullStatus();
  const type = await h.printer.deviceType();
  const fn = await h.printer.fiscalDriveStatus();
  await h.close();

  assert.equal(full.mode & 0x0f, 2);
  assert.match(type.name, /ШТРИХ/);
  assert.equal(fn.shiftOpen, true);
});

/** Rebuilds the dot picture of C5 lines and reads it with a QR decoder. */
function decodeGraphicLines(lines: Array<{ bits: Buffer; repeat: number }>): string | undefined {
  const width = lines[0]!.bits.length * 8;
  const rows: boolean[][] = [];
  for (const { bits, repeat } of lines) {
    const row = Array.from({ length: width }, (_, x) => (bits[x >> 3]! & (0x80 >> (x & 7))) !== 0);
    for (let i = 0; i < repeat; i++) rows.push(row);
  }
  const rgba = new Uint8ClampedArray(width * rows.length * 4);
  rows.forEach((row, y) =>
    row.forEach((dark, x) => {
      const v = dark ? 0 : 255;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }),
  );
  return jsQR(rgba, width, rows.length)?.data;
}
