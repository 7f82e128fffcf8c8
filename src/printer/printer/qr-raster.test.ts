import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildQrMatrix, rasterQr, type QrMatrix } from './qr-raster';

/** A 3x3 "matrix": dark corners and centre. */
const TINY: QrMatrix = { size: 3, get: (r, c) => (r + c) % 2 === 0 };

test('each module row becomes one line repeated dotSize times, centred, MSB = leftmost dot', () => {
  const { runs, dotSize } = rasterQr(TINY, { dotSize: 4, lineBytes: 2, quietModules: 0 });

  assert.equal(dotSize, 4);
  // 16 dots, the 12-dot code starts at dot 2: dark modules at dots 2-5 and 10-13.
  assert.deepEqual(
    runs.map((r) => [r.line.toString('hex'), r.repeat]),
    [
      ['3c3c', 4], // row 0: 0011 1100 0011 1100
      ['03c0', 4], // row 1: centre module, dots 6-9
      ['3c3c', 4], // row 2
    ],
  );
});

test('identical neighbouring rows and the quiet zones merge into one line', () => {
  const stripes: QrMatrix = { size: 4, get: (r) => r < 2 };

  const { runs } = rasterQr(stripes, { dotSize: 2, lineBytes: 4, quietModules: 4 });

  assert.deepEqual(
    runs.map((r) => r.repeat),
    [8, 4, 4 + 8],
    'top quiet zone, two dark rows, two light rows + bottom quiet zone',
  );
});

test('shrinks the dots to fit the line, and refuses a code that cannot fit', () => {
  const big: QrMatrix = { size: 41, get: () => true };

  assert.equal(
    rasterQr(big, { dotSize: 8, lineBytes: 40 }).dotSize,
    6,
    '(41 + 8) x 6 = 294 <= 320',
  );
  assert.throws(() => rasterQr(big, { dotSize: 4, lineBytes: 4 }), {
    code: 'PRINTER_BAD_ARGUMENT',
  });
});

test('a repeat beyond 1200 is split into several lines', () => {
  // A 1300-module quiet zone on a 3200-dot line: the top blank run is 1300 dot rows.
  const { runs } = rasterQr(TINY, { dotSize: 1, lineBytes: 400, quietModules: 1300 });

  assert.ok(runs.every((r) => r.repeat <= 1200));
  assert.equal(runs[0]?.repeat, 1200);
  assert.equal(runs[1]?.repeat, 100);
});

test('buildQrMatrix refuses text too long for a QR code', () => {
  assert.equal(buildQrMatrix('hello', 'M').size, 21);
  assert.throws(() => buildQrMatrix('x'.repeat(3000), 'H'), { code: 'PRINTER_BAD_ARGUMENT' });
});
