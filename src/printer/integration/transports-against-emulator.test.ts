/**
 * The driver over each real transport to the emulator: TCP (with the 0xFF trailer), a pty
 * opened through serialport's native binding, and a @serialport/binding-mock port. Real I/O,
 * so both sides run on the system clock; nothing here asserts timing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MockBinding } from '@serialport/binding-mock';
import { MemoryLogger } from '../../core/logger';
import { ShtrihEmulator } from '../../../simulator/shtrih';
import { openPrinter } from '../printer/open-printer';
import type { ShtrihPrinter } from '../printer/shtrih-printer';

const QR = 'https://qr.nspk.ru/AS100001?type=02&bank=100000000111&sum=5000&cur=RUB';

/** A short session every transport must carry: status, a line, a QR, a receipt, a cut. */
async function session(printer: ShtrihPrinter, emu: ShtrihEmulator): Promise<void> {
  const status = await printer.status();
  assert.equal(status.shift, 'closed');
  await printer.ensureShiftOpen();
  await printer.printLines(['Оплата по QR']);
  await printer.printQr(QR);
  await printer.cut();
  const closed = await printer.printFiscalReceipt({
    items: [{ name: 'Кофе', priceKopecks: 5000, quantityMilli: 1000 }],
    payments: [{ paymentNumber: 3, kopecks: 5000 }],
  });
  assert.equal(closed.documentNumber, emu.device.fiscalDocuments()[0]?.number);
  assert.ok(emu.tape.entries.some((e) => e.kind === 'qr' && e.text === QR));
}

test('over TCP (tcp://127.0.0.1:port), skipping the 0xFF after each ACK', async () => {
  const emu = new ShtrihEmulator();
  const listener = await emu.listenTcp({ port: 0 });
  const logger = new MemoryLogger();
  const printer = await openPrinter({ device: `tcp://127.0.0.1:${listener.port}`, logger });

  try {
    await session(printer, emu);
  } finally {
    await printer.close();
    await emu.close();
  }

  assert.equal(
    logger.records.filter((r) => r.msg === 'garbage skipped').length,
    0,
    'every trailer byte was expected',
  );
});

test('over a pty opened as a serial port (socat)', async (t) => {
  const emu = new ShtrihEmulator();
  let pty;
  try {
    pty = await emu.openPty();
  } catch (error) {
    await emu.close();
    if ((error as { code?: string }).code === 'EMULATOR_SOCAT_MISSING') {
      t.skip('socat is not installed');
      return;
    }
    throw error;
  }
  const printer = await openPrinter({ device: pty.path, baud: 115200 });

  try {
    await session(printer, emu);
  } finally {
    await printer.close();
    await emu.close();
  }
});

test('over @serialport/binding-mock', async () => {
  const emu = new ShtrihEmulator();
  emu.attachMockBinding('/dev/ttyWMQR0');
  const printer = await openPrinter({ device: '/dev/ttyWMQR0', baud: 4800, binding: MockBinding });

  try {
    await session(printer, emu);
  } finally {
    await printer.close();
    await emu.close();
  }
});

test('openPrinter gives PRINTER_OPEN_FAILED for a port that does not exist', async () => {
  await assert.rejects(
    openPrinter({ device: '/dev/ttyWMQR-missing', baud: 9600, binding: MockBinding }),
    { code: 'PRINTER_OPEN_FAILED' },
  );
  await assert.rejects(openPrinter({ device: 'tcp://127.0.0.1:1' }), {
    code: 'PRINTER_OPEN_FAILED',
  });
});
