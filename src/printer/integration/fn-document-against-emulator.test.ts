/** ShtrihPrinter.fiscalDocument (FF0Ah) against the emulator, and on a model without it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FISCAL_DOCUMENT_UNSUPPORTED } from '../../payment/ports';
import { fromHex } from '../protocol/frame-codec';
import { ShtrihPrinter } from '../printer/shtrih-printer';
import { startHarness } from './emulator-harness.test';

test('fiscalDocument reads back the receipt just printed and the shift opening before it', async () => {
  const h = await startHarness({ printer: { receiptFlow: 'fiscal-drive' } });
  await h.printer.ensureShiftOpen();
  const closed = await h.printer.printFiscalReceipt({
    items: [{ name: 'Кофе', priceKopecks: 15_050, quantityMilli: 1000 }],
    payments: [{ paymentNumber: 2, kopecks: 15_050 }],
  });
  const receipt = await h.printer.fiscalDocument(closed.documentNumber!);
  const opening = await h.printer.fiscalDocument(closed.documentNumber! - 1);
  const beyond = await h.printer.fiscalDocument(closed.documentNumber! + 1);
  await h.close();

  assert.deepEqual(
    { ...receipt, dateTime: undefined },
    {
      type: 3,
      number: closed.documentNumber,
      fiscalSign: closed.fiscalSign,
      dateTime: undefined,
      operationType: 1,
      totalKopecks: 15_050,
    },
  );
  assert.match(receipt!.dateTime!, /^20\d\d-\d\d-\d\d \d\d:\d\d$/);
  assert.equal(opening?.type, 2);
  assert.equal(opening?.totalKopecks, undefined);
  assert.equal(beyond, undefined);
});

test('a model that answers FF0Ah with 37h gets FISCAL_DOCUMENT_UNSUPPORTED', async () => {
  const printer = new ShtrihPrinter({ exchange: async () => fromHex('FF 0A 37') });

  await assert.rejects(printer.fiscalDocument(5), { code: FISCAL_DOCUMENT_UNSUPPORTED });
});

test('other device errors from FF0Ah are passed on unchanged', async () => {
  const printer = new ShtrihPrinter({ exchange: async () => fromHex('FF 0A 4F') });

  await assert.rejects(printer.fiscalDocument(5), {
    code: 'PRINTER_DEVICE_ERROR',
    deviceCode: 0x4f,
  });
});
