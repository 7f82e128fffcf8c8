import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ShtrihEmulatorOptions } from '../emulator';
import {
  CASHIER,
  closeExtended,
  closeV2,
  cmd,
  errorOf,
  le,
  operationV2,
  pwd,
  saleLine,
  win1251,
} from '../test-support/raw-host';
import { emulatorOnVirtualClock } from '../test-support/emulator-host';

const HOUR = 60 * 60 * 1000;

/** A shift is open unless the test says otherwise. */
const setup = (options: ShtrihEmulatorOptions = {}) =>
  emulatorOnVirtualClock({ shiftOpen: true, ...options });

const openReceipt = (type: number) => cmd(0x8d, pwd(CASHIER), [type]);
const close85 = (cash: number, card = 0) =>
  cmd(
    0x85,
    pwd(CASHIER),
    le(cash, 5),
    le(card, 5),
    le(0, 5),
    le(0, 5),
    le(0, 2),
    [0, 0, 0, 0],
    win1251('', 40),
  );

describe('receipt commands, classic flow', () => {
  it('8Dh, two 80h lines, 8Eh with payment 3: a fiscal document named from table 5', async () => {
    const { emu, host } = setup({ paymentNames: { 3: 'СБП' } });
    const before = emu.device.status().lastDocumentNumber;

    await host.command(openReceipt(0));
    await host.command(saleLine(2000, 15050, 'Кофе'));
    await host.command(saleLine(1500, 1000, 'Сахар, кг'));
    const answer = await host.command(closeExtended({ 3: 31600 }, 'WM 12345'));

    assert.equal(errorOf(answer), 0);
    assert.equal(answer.readUIntLE(3, 5), 0, 'no change');
    const [doc] = emu.device.fiscalDocuments();
    assert.equal(doc.number, before + 1);
    assert.equal(doc.receiptType, 'sale');
    assert.deepEqual(
      doc.items.map((i) => [i.name, i.quantityMilli, i.priceKopecks, i.amountKopecks]),
      [
        ['Кофе', 2000, 15050, 30100],
        ['Сахар, кг', 1500, 1000, 1500],
      ],
    );
    assert.deepEqual(doc.payments, [{ paymentNumber: 3, name: 'СБП', kopecks: 31600 }]);
    assert.equal(doc.totalKopecks, 31600);
    assert.ok(doc.fiscalSign > 0);
    assert.equal(emu.device.openReceipt, undefined);
    await emu.close();
  });

  it('prints the header, lines, total, named payment and fiscal sign in order', async () => {
    const { emu, host } = setup({ paymentNames: { 3: 'СБП' } });

    await host.command(saleLine(1000, 5000, 'Чай'));
    await host.command(closeExtended({ 3: 5000 }));

    const kinds = emu.tape.entries.map((e) => e.kind);
    assert.deepEqual(kinds.slice(kinds.indexOf('receipt-header')), [
      'receipt-header',
      'sale-line',
      'total',
      'payment',
      'fiscal-sign',
    ]);
    assert.deepEqual(emu.tape.ofKind('payment')[0], {
      kind: 'payment',
      paymentNumber: 3,
      name: 'СБП',
      kopecks: 5000,
    });
    await emu.close();
  });

  it('85h gives change from cash and answers it in 5 bytes', async () => {
    const { emu, host } = setup();

    await host.command(saleLine(1000, 9990, 'Хлеб'));
    const answer = await host.command(close85(10000));

    assert.equal(answer.length, 8);
    assert.equal(answer.readUIntLE(3, 5), 10);
    assert.equal(emu.device.fiscalDocuments()[0].changeKopecks, 10);
    assert.equal(emu.tape.ofKind('change')[0].kopecks, 10);
    await emu.close();
  });

  it('refuses a close with short payments (45h) or a card part over the total (4Dh)', async () => {
    const { emu, host } = setup();
    await host.command(saleLine(1000, 10000, 'Товар'));

    const short = await host.command(close85(5000, 4999));
    const overCard = await host.command(close85(0, 10001));
    const ok = await host.command(close85(5000, 5000));

    assert.deepEqual([short, overCard, ok].map(errorOf), [0x45, 0x4d, 0]);
    assert.equal(emu.device.fiscalDocuments().length, 1);
    await emu.close();
  });

  it('rounds line amounts half up in kopecks', async () => {
    const { emu, host } = setup();

    await host.command(saleLine(333, 100, 'A'));
    await host.command(saleLine(335, 100, 'B'));

    assert.deepEqual(
      emu.device.openReceipt?.items.map((i) => i.amountKopecks),
      [33, 34],
    );
    await emu.close();
  });

  it('the first 80h opens a sale receipt; a sale line in a return receipt gets 49h', async () => {
    const { emu, host } = setup();

    await host.command(saleLine(1000, 100, 'A'));
    const inSale = emu.device.openReceipt?.type;
    await host.command(cmd(0x88, pwd(CASHIER)));
    await host.command(openReceipt(2));
    const answer = await host.command(saleLine(1000, 100, 'B'));

    assert.equal(inSale, 'sale');
    assert.equal(errorOf(answer), 0x49);
    await emu.close();
  });

  it('refuses a receipt in a closed shift (3Dh), after 24 h (4Eh), or twice (4Ah)', async () => {
    const closed = setup({ shiftOpen: false });
    const old = setup();
    const twice = setup();
    await old.clock.advance(25 * HOUR);

    const a = await closed.host.command(openReceipt(0));
    const b = await old.host.command(openReceipt(0));
    const c1 = await twice.host.command(openReceipt(0));
    const c2 = await twice.host.command(openReceipt(1));

    assert.deepEqual([a, b, c1, c2].map(errorOf), [0x3d, 0x4e, 0, 0x4a]);
    await Promise.all([closed.emu.close(), old.emu.close(), twice.emu.close()]);
  });

  it('refuses to close or cancel when no receipt is open (55h)', async () => {
    const { emu, host } = setup();

    const close = await host.command(close85(100));
    const cancel = await host.command(cmd(0x88, pwd(CASHIER)));
    const v2 = await host.command(closeV2({ 1: 100 }));

    assert.deepEqual([close, cancel, v2].map(errorOf), [0x55, 0x55, 0x55]);
    await emu.close();
  });

  it('88h cancels the open receipt: no fiscal document, back to mode 2', async () => {
    const { emu, host } = setup();
    await host.command(saleLine(1000, 100, 'A'));

    const answer = await host.command(cmd(0x88, pwd(CASHIER)));

    assert.equal(errorOf(answer), 0);
    assert.equal(emu.device.status().mode, 2);
    assert.deepEqual(emu.device.fiscalDocuments(), []);
    assert.equal(emu.tape.ofKind('receipt-cancelled').length, 1);
    await emu.close();
  });

  it('refuses to close a receipt without lines (8Eh)', async () => {
    const { emu, host } = setup();
    await host.command(openReceipt(0));

    const answer = await host.command(close85(0));

    assert.equal(errorOf(answer), 0x8e);
    await emu.close();
  });

  it('applies the percent discount of 85h to the total', async () => {
    const { emu, host } = setup();
    await host.command(saleLine(1000, 10000, 'A'));

    const body = cmd(
      0x85,
      pwd(CASHIER),
      le(9000, 5),
      le(0, 5),
      le(0, 5),
      le(0, 5),
      le(1000, 2),
      [0, 0, 0, 0],
      win1251('', 40),
    );
    const answer = await host.command(body);

    assert.equal(errorOf(answer), 0);
    assert.equal(emu.device.fiscalDocuments()[0].totalKopecks, 9000);
    await emu.close();
  });
});

describe('receipt commands, fiscal-drive flow', () => {
  it('FF46h opens, FF45h closes, answering the document number and fiscal sign', async () => {
    const { emu, host } = setup({ paymentNames: { 2: 'WEBMONEY' } });

    const op = await host.command(operationV2(1, 1_500_000, 1000, 'Молоко'));
    const answer = await host.command(closeV2({ 2: 1500 }, 'СПАСИБО'));

    assert.deepEqual([...op], [0xff, 0x46, 0x00]);
    assert.equal(errorOf(answer), 0);
    assert.equal(answer.length, 16);
    const [doc] = emu.device.fiscalDocuments();
    assert.equal(answer.readUIntLE(3, 5), 0, 'change');
    assert.equal(answer.readUInt32LE(8), doc.number);
    assert.equal(answer.readUInt32LE(12), doc.fiscalSign);
    assert.deepEqual(doc.items[0], {
      name: 'Молоко',
      priceKopecks: 1000,
      quantityMilli: 1500,
      amountKopecks: 1500,
    });
    assert.deepEqual(doc.payments, [{ paymentNumber: 2, name: 'WEBMONEY', kopecks: 1500 }]);
    await emu.close();
  });

  it('FF46h maps operation types to receipt types and refuses type 5', async () => {
    const { emu, host } = setup();

    await host.command(operationV2(3, 1_000_000, 100, 'Закупка'));
    const type = emu.device.openReceipt?.type;
    const bad = await host.command(operationV2(5, 1_000_000, 100, 'X'));

    assert.equal(type, 'purchase');
    assert.equal(errorOf(bad), 0x33);
    await emu.close();
  });

  it('FF46h keeps a "//" line in the document but does not print it', async () => {
    const { emu, host } = setup();

    await host.command(operationV2(1, 1_000_000, 100, '//Скрытая позиция'));
    await host.command(closeV2({ 1: 100 }));

    assert.equal(emu.device.fiscalDocuments()[0].items[0].name, 'Скрытая позиция');
    assert.deepEqual(emu.tape.ofKind('sale-line'), []);
    await emu.close();
  });

  it('FF46h refuses a sum more than a kopeck away from price x quantity', async () => {
    const { emu, host } = setup();
    const body = operationV2(1, 1_000_000, 100, 'X');
    body.splice(2 + 4 + 1 + 6 + 5, 5, ...le(102, 5));

    const answer = await host.command(body);

    assert.equal(errorOf(answer), 0x33);
    await emu.close();
  });

  it('FF45h needs the system administrator password', async () => {
    const { emu, host } = setup();
    await host.command(operationV2(1, 1_000_000, 100, 'X'));

    const answer = await host.command(closeV2({ 1: 100 }, '', CASHIER));

    assert.deepEqual([...answer], [0xff, 0x45, 0x4f]);
    assert.ok(emu.device.openReceipt, 'the receipt stays open');
    await emu.close();
  });
});
