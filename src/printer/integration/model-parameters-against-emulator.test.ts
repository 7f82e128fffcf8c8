/**
 * F7h model parameters read by the driver from the emulator: the C5h dot order (bit 26), the
 * graphic line width and the font-1 width for wrapping, read once and lazily; models without
 * F7h keep the classic layout; the caller's explicit options win.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { fromHex } from '../protocol/frame-codec';
import { CMD } from '../protocol/shtrih-constants';
import { startHarness, type Harness } from './emulator-harness.test';

const SBP_QR =
  'https://qr.nspk.ru/AS1000670LSS7DN18SJQDNP4B05KLJL2' +
  '?type=01&bank=100000000001&sum=15050&cur=RUB&crc=C08B';

function decodePng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** Makes the link answer F7h with `answer` (hex body) instead of asking the emulator. */
function answerF7With(h: Harness, answer: string): { asked: number } {
  const exchange = h.link.exchange.bind(h.link);
  const counter = { asked: 0 };
  h.link.exchange = (body, opts) => {
    if (body[0] !== CMD.EXTENDED_REQUEST) return exchange(body, opts);
    counter.asked++;
    return Promise.resolve(fromHex(answer));
  };
  return counter;
}

test('an LSB-first model (F7h bit 26): the C5h QR is bit-reversed and scans from the tape', async () => {
  const h = await startHarness({
    emulator: { supports2dBarcode: false, graphicsBitOrder: 'lsb-first' },
  });

  await h.printer.printQr(SBP_QR);
  const png = await h.emu.tape.toPng();
  await h.printer.printLines(['Оплата по QR']);
  await h.close();

  assert.equal(h.sent.filter((c) => c === CMD.EXTENDED_REQUEST).length, 1, 'read once');
  assert.ok(
    h.sent.indexOf(CMD.EXTENDED_REQUEST) < h.sent.indexOf(CMD.PRINT_GRAPHIC_LINE),
    'read before the first graphic line',
  );
  assert.equal((await h.printer.printLayout()).reverseLineBytes, true);
  assert.equal(decodePng(png), SBP_QR);
});

test('without bit 26 the same QR would be mirrored in every byte: it does not scan', async () => {
  // Guards the test above: the emulator really mirrors, so only the driver's flip makes it scan.
  const h = await startHarness({
    emulator: { supports2dBarcode: false, graphicsBitOrder: 'lsb-first' },
  });
  answerF7With(h, 'F7 37 # not supported: classic MSB-first layout');

  await h.printer.printQr(SBP_QR);
  const png = await h.emu.tape.toPng();
  await h.close();

  assert.equal(decodePng(png), undefined);
});

test('the default MSB-first model: F7h read, bit 26 clear, the QR scans from the tape', async () => {
  const h = await startHarness({ emulator: { supports2dBarcode: false } });

  await h.printer.printQr(SBP_QR);
  const png = await h.emu.tape.toPng();
  await h.close();

  const layout = await h.printer.printLayout();
  assert.deepEqual(layout, {
    graphicLineBytes: 40,
    reverseLineBytes: false,
    lineWidth: 40,
    source: 'device',
  });
  assert.equal(decodePng(png), SBP_QR);
});

test('F7h not supported (37h): classic defaults, logged at debug, the QR still scans', async () => {
  const h = await startHarness({ emulator: { supports2dBarcode: false } });
  answerF7With(h, 'F7 37');

  await h.printer.printQr(SBP_QR);
  await h.printer.printLines(['x'.repeat(45)]);
  const png = await h.emu.tape.toPng();
  await h.close();

  assert.deepEqual(await h.printer.printLayout(), {
    graphicLineBytes: 40,
    reverseLineBytes: false,
    lineWidth: 40,
    source: 'defaults',
  });
  const logged = h.logger.records.find((r) => /no model parameters/.test(r.msg));
  assert.equal(logged?.level, 'debug');
  assert.equal(decodePng(png), SBP_QR);
  const texts = h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
  assert.deepEqual(texts, ['x'.repeat(40), 'x'.repeat(5)]);
});

test('font 1 width from F7h wraps text lines; 2-D QR printing never asks F7h', async () => {
  const h = await startHarness();
  const f7 = answerF7With(
    h,
    `F7 00
     00 00 00 00 00 00 00 00  # no flags
     20 10 00 0C 0A 00 00     # font 1: 32 characters, font 2: 16, first line, digits
     00 00 00 00 1E 00 00 00  # default passwords
     00 00 00 00              # Bluetooth table, tax field, maximum command length
     28 00 00 00              # 40-byte graphic line, no graphics-512`,
  );

  await h.printer.printQr(SBP_QR);
  assert.equal(f7.asked, 0, 'DE needs no layout');
  await h.printer.printLines(['Оплата через Систему быстрых платежей']);
  await h.printer.printLines(['second call']);
  await h.close();

  const texts = h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
  assert.deepEqual(texts, ['Оплата через Систему быстрых', 'платежей', 'second call']);
  assert.equal(f7.asked, 1, 'read once');
});

test('explicit lineWidth and graphicLineBytes win: lines never ask F7h', async () => {
  const h = await startHarness({
    emulator: { supports2dBarcode: false },
    printer: { lineWidth: 10, qr: { graphicLineBytes: 40 } },
  });
  const f7 = answerF7With(
    h,
    `F7 00 00 00 00 00 00 00 00 00 30 18 00 0C 0A 00 00 00 00 00 00 1E 00 00 00 00 00 00 00
     48 00 00 00  # 72-byte graphic line, font 1: 48`,
  );

  await h.printer.printLines(['eleven char line']);
  assert.equal(f7.asked, 0);
  await h.printer.printQr(SBP_QR);
  await h.close();

  const lines = h.emu.tape.entries.flatMap((e) => (e.kind === 'graphic-line' ? [e] : []));
  assert.ok(lines.length > 0);
  assert.equal((await h.printer.printLayout()).graphicLineBytes, 72, 'the device said 72');
  assert.deepEqual(
    h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : [])),
    ['eleven', 'char line'],
  );
});

test('a link failure while reading F7h is not cached: the next print asks again', async () => {
  const h = await startHarness();
  const exchange = h.link.exchange.bind(h.link);
  let failures = 1;
  h.link.exchange = (body, opts) => {
    if (body[0] === CMD.EXTENDED_REQUEST && failures-- > 0) {
      return Promise.reject(Object.assign(new Error('link down'), { code: 'LINK_TEST' }));
    }
    return exchange(body, opts);
  };

  await assert.rejects(h.printer.printLines(['a']), { code: 'LINK_TEST' });
  await h.printer.printLines(['b']);
  await h.close();

  assert.equal((await h.printer.printLayout()).source, 'device');
  const texts = h.emu.tape.entries.flatMap((e) => (e.kind === 'text' ? [e.text] : []));
  assert.deepEqual(texts, ['b']);
});

test('a wide model (F7h graphic line 64 bytes): C5h lines are 64 bytes wide', async () => {
  const h = await startHarness({ printer: { qr: { mode: 'graphic' } } });
  answerF7With(
    h,
    `F7 00 00 00 00 00 00 00 00 00 30 18 00 0C 0A 00 00 00 00 00 00 1E 00 00 00 00 00 00 00
     40 00 00 00  # 64-byte graphic line`,
  );
  // The emulator prints 40-byte lines only: take the C5h lines here and answer "done".
  const exchange = h.link.exchange.bind(h.link);
  const lineLengths: number[] = [];
  h.link.exchange = (body, opts) => {
    if (body[0] !== CMD.PRINT_GRAPHIC_LINE) return exchange(body, opts);
    lineLengths.push(body.length - 1 - 4 - 2); // code, password, repeat count
    return Promise.resolve(fromHex('C5 00 1E'));
  };

  await h.printer.printQr(SBP_QR);
  await h.close();

  assert.ok(lineLengths.length > 0);
  assert.deepEqual([...new Set(lineLengths)], [64]);
});
