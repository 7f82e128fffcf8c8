/**
 * Recovery after a lost answer: the register ACKed and ran the receipt close, but its answer
 * frame never reached the host. The driver must not run the close again; the pending answer
 * is collected by the next exchange (ENQ -> ACK + answer, drained as stale), and the caller
 * learns the outcome from documentState().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CMD } from '../protocol/shtrih-constants';
import type { ReceiptFlow } from '../printer/shtrih-printer';
import { startHarness, type Harness } from './emulator-harness.test';

const RECEIPT = {
  items: [{ name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 }],
  payments: [{ paymentNumber: 3, kopecks: 15050 }],
};

const CLOSE_CODES: Record<ReceiptFlow, number> = {
  classic: CMD.CLOSE_RECEIPT,
  'fiscal-drive': CMD.CLOSE_RECEIPT_V2,
};

/** Arms the emulator's lost-answer fault just before the command `code` goes out. */
function loseAnswerOf(h: Harness, code: number): void {
  const exchange = h.link.exchange.bind(h.link);
  let armed = true;
  h.link.exchange = (body, options) => {
    const sent = body[0] === 0xff ? (body[0] << 8) | body[1]! : body[0]!;
    if (armed && sent === code) {
      armed = false;
      h.emu.faults.swallowNextAnswer();
    }
    return exchange(body, options);
  };
}

/**
 * Runs `act`, then closes the harness even on failure: its self-advancing clock would
 * never stop.
 */
async function settled<T>(h: Harness, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } finally {
    await h.close();
  }
}

for (const flow of ['classic', 'fiscal-drive'] as const) {
  test(`${flow}: a close whose answer was lost runs once; documentState finds it`, async () => {
    const h = await startHarness({
      emulator: { shiftOpen: true },
      printer: { receiptFlow: flow },
    });
    const closeCode = CLOSE_CODES[flow];
    loseAnswerOf(h, closeCode);

    const outcome = await settled(h, async () => {
      const error = await h.printer.printFiscalReceipt(RECEIPT).then(
        () => undefined,
        (e: { code?: string; details?: { phase?: string } }) => e,
      );
      return { error, state: await h.printer.documentState() };
    });
    const documents = h.emu.device.fiscalDocuments();

    assert.equal(documents.length, 1, 'exactly one fiscal document');
    assert.equal(h.sent.filter((c) => c === closeCode).length, 1, 'the close was sent once');
    assert.equal(h.link.stats.staleAnswersDrained, 1, 'the lost answer was collected');
    assert.equal(outcome.error?.code, 'PRINTER_NO_ANSWER');
    assert.equal(outcome.error?.details?.phase, 'answer');
    assert.deepEqual(outcome.state, {
      receiptOpen: false,
      lastDocumentNumber: documents[0]!.number,
    });
  });
}

test('after a lost close answer, the next receipt is normal and has the next number', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });
  loseAnswerOf(h, CMD.CLOSE_RECEIPT);

  const second = await settled(h, async () => {
    await h.printer.printFiscalReceipt(RECEIPT).catch(() => undefined);
    return h.printer.printFiscalReceipt(RECEIPT);
  });
  const documents = h.emu.device.fiscalDocuments();

  assert.equal(documents.length, 2);
  assert.equal(second.documentNumber, documents[1]!.number);
  assert.equal(documents[1]!.number, documents[0]!.number + 1);
});
