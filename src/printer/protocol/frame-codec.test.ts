import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameDecoder, encodeFrame, fromHex, hex, lrc, type DecodedItem } from './frame-codec';

const SHORT_STATUS_PWD_30 = fromHex(`
  02           # STX
  05           # LEN: command + 4 password bytes
  10           # command 0x10, short status
  1E 00 00 00  # password 30, little-endian
  0B           # LRC = 05 ^ 10 ^ 1E
`);

test('encodes short status with password 30 as the vendor example', () => {
  const frame = encodeFrame(fromHex('10 1E 00 00 00'));

  assert.equal(hex(frame), '02 05 10 1E 00 00 00 0B');
});

test('decodes the vendor example back to its body', () => {
  const items = new FrameDecoder().push(SHORT_STATUS_PWD_30);

  assert.deepEqual(items, [{ kind: 'frame', body: fromHex('10 1E 00 00 00') }]);
});

test('decodes a two-byte FF command frame both ways', () => {
  const wire = fromHex('02 06 FF 01 1E 00 00 00 E6');

  assert.equal(lrc(fromHex('FF 01 1E 00 00 00')), 0xe6);
  assert.deepEqual(encodeFrame(fromHex('FF 01 1E 00 00 00')), wire);
  assert.deepEqual(new FrameDecoder().push(wire), [
    { kind: 'frame', body: fromHex('FF 01 1E 00 00 00') },
  ]);
});

test('reports control bytes between frames and skips garbage before STX', () => {
  const items = new FrameDecoder().push(fromHex('15 FF 33 06 02 05 10 1E 00 00 00 0B FF'));

  assert.deepEqual(
    items.map((i) => i.kind),
    ['control', 'garbage', 'control', 'frame', 'garbage'],
  );
  assert.deepEqual(items[0], { kind: 'control', byte: 0x15 });
});

test('reports a bad LRC as its own item and decodes the next frame', () => {
  const broken = fromHex('02 05 10 1E 00 00 00 0C');
  const items = new FrameDecoder().push(Buffer.concat([broken, SHORT_STATUS_PWD_30]));

  assert.equal(items[0]!.kind, 'bad-lrc');
  assert.deepEqual(items[0], {
    kind: 'bad-lrc',
    body: fromHex('10 1E 00 00 00'),
    expected: 0x0b,
    received: 0x0c,
  });
  assert.equal(items[1]!.kind, 'frame');
});

test('refuses an empty body and one longer than 255 bytes', () => {
  assert.throws(() => encodeFrame(Buffer.alloc(0)), { code: 'FRAME_TOO_LONG' });
  assert.throws(() => encodeFrame(Buffer.alloc(256)), { code: 'FRAME_TOO_LONG' });
});

test('reset drops a half-read frame', () => {
  const decoder = new FrameDecoder();
  decoder.push(fromHex('02 05 10 1E'));
  assert.equal(decoder.inFrame, true);

  decoder.reset();
  const items = decoder.push(SHORT_STATUS_PWD_30);

  assert.deepEqual(items, [{ kind: 'frame', body: fromHex('10 1E 00 00 00') }]);
});

/** Splits `bytes` at the given cut points. */
function chunk(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    parts.push(bytes.subarray(start, p));
    start = p;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

const NOISE = fc.uint8Array({ maxLength: 8 }).map((bytes) =>
  // Noise may hold anything but the bytes that start or end frames.
  Buffer.from(bytes.filter((b) => ![0x02, 0x05, 0x06, 0x15].includes(b))),
);

test('any chunking and any noise between frames yields the same frames', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(NOISE, fc.uint8Array({ minLength: 1, maxLength: 255 })), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.array(fc.nat(2000), { maxLength: 20 }),
      (pieces, cuts) => {
        const wire = Buffer.concat(pieces.flatMap(([noise, body]) => [noise, encodeFrame(body)]));
        const decoder = new FrameDecoder();
        const items: DecodedItem[] = [];
        for (const part of chunk(wire, cuts)) items.push(...decoder.push(part));

        const frames = items.filter((i) => i.kind === 'frame').map((i) => i.body);
        assert.deepEqual(
          frames,
          pieces.map(([, body]) => Buffer.from(body)),
        );
      },
    ),
  );
});
