/**
 * The link layer against the emulator's staged line faults: garbled answers, lost ACKs, a
 * device that goes quiet, a dropped connection. A command must never run twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from './emulator-harness.test';

const RECEIPT = {
  items: [{ name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 }],
  payments: [{ paymentNumber: 3, kopecks: 15050 }],
};

test('a garbled answer is asked for again; the receipt is printed once', async () => {
  const h = await startHarness({ emulator: { shiftOpen: true } });
  h.emu.faults.corruptNextAnswerLrc();

  await h.printer.printFiscalReceipt(RECEIPT);
  await h.close();

  assert.equal(h.emu.device.fiscalDocuments().length, 1);
  assert.ok(
    h.logger.records.some((r) => r.msg === 'link retry' && /LRC/.test(String(r.fields.reason))),
  );
});

test('a lost ACK of a command still delivers its answer; the line prints once', async () => {
  const h = await startHarness();
  h.emu.faults.swallowNextAck();

  await h.printer.printLines(['один раз']);
  await h.close();

  const texts = h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
  assert.deepEqual(texts, ['один раз']);
});

test('a device that stops answering gives PRINTER_NO_ANSWER, and works again after', async () => {
  const h = await startHarness();
  h.emu.faults.stopAnswering();

  await assert.rejects(
    h.printer.status(),
    (error: { code?: string; details?: { phase?: string } }) => {
      assert.equal(error.code, 'PRINTER_NO_ANSWER');
      assert.equal(error.details?.phase, 'enq');
      return true;
    },
  );
  h.emu.faults.resumeAnswering();
  const status = await h.printer.status();
  await h.close();

  assert.equal(status.submode, 0);
});

test('a dropped connection gives PRINTER_CONNECTION_CLOSED', async () => {
  const h = await startHarness();
  await h.printer.status();

  h.emu.faults.dropConnection();

  await assert.rejects(h.printer.status(), { code: 'PRINTER_CONNECTION_CLOSED' });
  await h.close();
});

test('wire speed: at 4800 baud a status exchange takes the time of its bytes', async () => {
  const h = await startHarness();
  h.emu.faults.setWireSpeed(4800);
  const started = h.clock.now();

  await h.printer.status();
  await h.close();

  // ENQ, NAK, 8-byte frame, ACK, 19-byte answer: 30 bytes the host waits for, 10 bits each.
  const elapsed = h.clock.now() - started;
  assert.ok(elapsed >= (30 * 10 * 1000) / 4800 - 1, `elapsed ${elapsed} ms`);
});
