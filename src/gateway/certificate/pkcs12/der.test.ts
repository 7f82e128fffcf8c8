import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  childAt,
  childrenOf,
  der,
  encode,
  expectTag,
  explicitContent,
  parseElement,
  readBmpString,
  readOctets,
  readOid,
  readSmallInteger,
  TAG,
  TAG_CLASS,
  type Element,
} from './der';
import { isPkcs12Error, Pkcs12Error } from './pkcs12-error';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function assertMalformed(run: () => unknown): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof Pkcs12Error, `expected a Pkcs12Error, got ${String(error)}`);
    assert.equal(error.kind, 'malformed');
    return true;
  });
}

/** Every reader applied to every element of the tree, as the PKCS#12 reader might. */
function walk(element: Element, depth = 0): void {
  for (const read of [readOid, readSmallInteger, readOctets, readBmpString]) {
    try {
      read(element, 'fuzz');
    } catch (error) {
      if (!(error instanceof Pkcs12Error)) throw error;
    }
  }
  if (element.constructed && depth < 8) {
    for (const child of childrenOf(element, 'fuzz')) walk(child, depth + 1);
  }
}

describe('der writers and reader', () => {
  it('writes a SEQUENCE that reads back as its children', () => {
    const bytes = der.sequence([der.null(), der.integer(5)]);

    const element = parseElement(bytes, 'test');

    // 30 05: SEQUENCE, 5 bytes | 05 00: NULL | 02 01 05: INTEGER 5
    assert.deepEqual(bytes, hex('30 05  05 00  02 01 05'));
    assert.equal(element.tag, TAG.SEQUENCE);
    assert.equal(element.constructed, true);
    assert.equal(element.indefinite, false);
    const [nullElement, integer] = childrenOf(element, 'test');
    assert.equal(nullElement?.tag, TAG.NULL);
    assert.equal(readSmallInteger(integer!, 'test'), 5);
  });

  it('sorts the elements of a SET by their encodings, as DER requires', () => {
    const bytes = der.set([
      der.null(),
      der.octetString(hex('0102')),
      der.integer(2),
      der.octetString(hex('01')),
      der.integer(1),
    ]);

    const children = childrenOf(parseElement(bytes, 'test'), 'test').map((child) =>
      child.whole.toString('hex'),
    );

    // 31 0f: SET, 15 bytes; then in ascending byte order of the encodings: INTEGER 1,
    // INTEGER 2, OCTET STRING 01 (length 01 sorts before 02), OCTET STRING 01 02, NULL.
    assert.equal(bytes.subarray(0, 2).toString('hex'), '310f');
    assert.deepEqual(children, ['020101', '020102', '040101', '04020102', '0500']);
  });

  it('writes an OCTET STRING with short, one-byte and multi-byte long-form lengths', () => {
    const cases = [
      { length: 0, header: '04 00' },
      { length: 127, header: '04 7f' },
      { length: 128, header: '04 81 80' },
      { length: 255, header: '04 81 ff' },
      { length: 256, header: '04 82 01 00' },
      { length: 70_000, header: '04 83 01 11 70' },
    ];

    for (const { length, header } of cases) {
      const content = Buffer.alloc(length, 0xab);
      const bytes = der.octetString(content);

      assert.deepEqual(bytes.subarray(0, bytes.length - length), hex(header), `length ${length}`);
      assert.deepEqual(readOctets(parseElement(bytes, 'test'), 'test'), content);
    }
  });

  it('writes NULL as 05 00', () => {
    const bytes = der.null();

    const element = parseElement(bytes, 'test');

    assert.deepEqual(bytes, hex('05 00'));
    assert.equal(element.tag, TAG.NULL);
    assert.equal(element.content.length, 0);
  });

  it('writes a BMPString as big-endian UTF-16, surrogate pairs included', () => {
    const cases = [
      // 1e 00: empty
      { text: '', bytes: '1e 00' },
      // 1e 04: 4 bytes | 00 41: "A" | 04 4f: "я" (U+044F)
      { text: 'Aя', bytes: '1e 04  00 41  04 4f' },
      // 1e 04 | d8 3d de 00: U+1F600 as a UTF-16 surrogate pair
      { text: '😀', bytes: '1e 04  d8 3d de 00' },
    ];

    for (const { text, bytes } of cases) {
      const written = der.bmpString(text);

      assert.deepEqual(written, hex(bytes), JSON.stringify(text));
      assert.equal(readBmpString(parseElement(written, 'test'), 'test'), text);
    }
  });

  it('refuses an odd-length BMPString', () => {
    // 1e 03: BMPString of 3 bytes, which cannot be UTF-16
    const element = parseElement(hex('1e 03 00 41 00'), 'test');

    assertMalformed(() => readBmpString(element, 'test'));
  });

  it('writes INTEGERs minimally, with a leading 00 only when the top bit is set', () => {
    const cases: [number, string][] = [
      [0, '02 01 00'],
      [1, '02 01 01'],
      [127, '02 01 7f'],
      [128, '02 02 00 80'],
      [255, '02 02 00 ff'],
      [256, '02 02 01 00'],
      [2048, '02 02 08 00'],
      [65_535, '02 03 00 ff ff'],
      [2 ** 32, '02 05 01 00 00 00 00'],
      [2 ** 47 - 1, '02 06 7f ff ff ff ff ff'],
      [2 ** 47, '02 07 00 80 00 00 00 00 00'],
      [Number.MAX_SAFE_INTEGER, '02 07 1f ff ff ff ff ff ff'],
    ];

    for (const [value, bytes] of cases) {
      assert.deepEqual(der.integer(value), hex(bytes), `INTEGER ${value}`);
    }
  });

  it('reads back every INTEGER of up to six content bytes', () => {
    const values = [0, 1, 127, 128, 255, 256, 2048, 65_535, 10_000_000, 2 ** 32, 2 ** 47 - 1];

    const read = values.map((value) =>
      readSmallInteger(parseElement(der.integer(value), 't'), 't'),
    );

    assert.deepEqual(read, values);
  });

  it('reads a small INTEGER with a redundant leading zero (BER)', () => {
    // 02 03: INTEGER, 3 bytes | 00 00 05: the value 5, not minimally encoded
    const element = parseElement(hex('02 03 00 00 05'), 'test');

    assert.equal(readSmallInteger(element, 'test'), 5);
  });

  it('refuses INTEGERs that are empty, negative or too large for a count', () => {
    const cases = [
      '02 00', // no content
      '02 01 80', // -128
      '02 01 ff', // -1
      '02 07 00 80 00 00 00 00 00', // 2^47: seven content bytes
    ];

    for (const bytes of cases) {
      assertMalformed(() => readSmallInteger(parseElement(hex(bytes), 'test'), 'test'));
    }
  });

  it('refuses to write a negative, fractional or unsafe INTEGER', () => {
    for (const value of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
      assert.throws(() => der.integer(value), /bad INTEGER/, String(value));
    }
  });

  it('writes and reads OIDs, including multi-byte arcs and first arc 2', () => {
    const cases: [string, string][] = [
      // 06 0b | 2a: 1.2 (40*1+2) | 86 48: 840 | 86 f7 0d: 113549 | 01 0c 0a 01 02
      ['1.2.840.113549.1.12.10.1.2', '06 0b  2a 86 48 86 f7 0d 01 0c 0a 01 02'],
      // 06 09 | 60: 2.16 (80+16) | 86 48: 840 | 01 65 03 04 01 2a: 1.101.3.4.1.42
      ['2.16.840.1.101.3.4.1.42', '06 09  60 86 48 01 65 03 04 01 2a'],
      // 06 03 | 88 37: 2.999 (80+999 = 1079 = 0x437) | 03
      ['2.999.3', '06 03  88 37 03'],
      // 06 01 | 00: 0.0
      ['0.0', '06 01  00'],
      // 06 01 | 4f: 1.39 (40+39), the last second arc under 1
      ['1.39', '06 01  4f'],
      // 06 06 | 2a: 1.2 | 90 80 80 80 00: 2^32 in base 128 (16 followed by four 0 groups)
      ['1.2.4294967296', '06 06  2a 90 80 80 80 00'],
      // 06 09 | 2a | 8f ff ff ff ff ff ff 7f: 2^53 - 1 = seven 7-bit groups of 1s after 0b1111
      ['1.2.9007199254740991', '06 09  2a 8f ff ff ff ff ff ff 7f'],
    ];

    for (const [dotted, bytes] of cases) {
      const written = der.oid(dotted);

      assert.deepEqual(written, hex(bytes), dotted);
      assert.equal(readOid(parseElement(written, 'test'), 'test'), dotted);
    }
  });

  it('refuses an empty, a truncated and an oversized OID', () => {
    const cases = [
      '06 00', // no content
      '06 02 2a 86', // the last arc's continuation bit is set: ends mid-arc
      '06 0a 2a ff ff ff ff ff ff ff ff 7f', // an arc far beyond 2^53
    ];

    for (const bytes of cases) {
      assertMalformed(() => readOid(parseElement(hex(bytes), 'test'), 'test'));
    }
  });

  it('writes [n] EXPLICIT as a constructed context wrapper that explicitContent opens', () => {
    const bytes = der.explicit(3, der.null());

    const element = parseElement(bytes, 'test');

    // a3 02: [3] constructed, 2 bytes | 05 00: NULL
    assert.deepEqual(bytes, hex('a3 02  05 00'));
    assert.equal(element.tagClass, TAG_CLASS.context);
    assert.equal(element.constructed, true);
    assert.equal(explicitContent(element, 3, 'test').tag, TAG.NULL);
    assertMalformed(() => explicitContent(element, 0, 'test'));
  });

  it('writes [n] IMPLICIT primitive bytes that readOctets reads under that tag', () => {
    const bytes = der.implicitPrimitive(0, hex('01 02 03'));

    const element = parseElement(bytes, 'test');

    // 80 03: [0] primitive, 3 bytes | 01 02 03
    assert.deepEqual(bytes, hex('80 03  01 02 03'));
    assert.deepEqual(readOctets(element, 'test', 0, TAG_CLASS.context), hex('01 02 03'));
    assertMalformed(() => readOctets(element, 'test'));
  });

  it('encodes any tag byte with its length', () => {
    const bytes = encode(0x0c, Buffer.from('hé', 'utf8'));

    const element = parseElement(bytes, 'test');

    // 0c 03: UTF8String, 3 bytes | 68 c3 a9: "hé"
    assert.deepEqual(bytes, hex('0c 03  68 c3 a9'));
    assert.equal(element.tag, TAG.UTF8_STRING);
    assert.equal(element.content.toString('utf8'), 'hé');
  });
});

describe('der reader, BER as found in PKCS#12 files', () => {
  it('hands out each element as the exact slice of the input, encoding kept', () => {
    const input = hex(
      // 30 0a: SEQUENCE, 10 bytes
      '30 0a' +
        // 04 81 02 aa bb: OCTET STRING with a non-minimal long-form length of 2
        '04 81 02 aa bb' +
        // 02 03 00 00 07: INTEGER 7 with redundant leading zeros
        '02 03 00 00 07',
    );

    const root = parseElement(input, 'test');
    const [octets, integer] = childrenOf(root, 'test');

    assert.equal(root.whole.buffer, input.buffer);
    assert.equal(root.whole.byteOffset, input.byteOffset);
    assert.equal(root.whole.length, input.length);
    assert.deepEqual(octets!.whole, hex('04 81 02 aa bb'));
    assert.equal(octets!.whole.byteOffset, input.byteOffset + 2);
    assert.deepEqual(octets!.content, hex('aa bb'));
    assert.deepEqual(integer!.whole, hex('02 03 00 00 07'));
    assert.equal(integer!.content.byteOffset, input.byteOffset + 9);
  });

  it('accepts long-form lengths longer than needed', () => {
    // 04 84 00 00 00 02: OCTET STRING, length 2 in four length bytes | aa bb
    const element = parseElement(hex('04 84 00 00 00 02 aa bb'), 'test');

    assert.deepEqual(readOctets(element, 'test'), hex('aa bb'));
  });

  it('refuses a length of more than six length bytes', () => {
    // 04 87: seven length bytes follow
    assertMalformed(() => parseElement(hex('04 87 00 00 00 00 00 00 01 aa'), 'test'));
  });

  it('reads indefinite lengths with nested indefinite children', () => {
    const input = hex(
      // 30 80: SEQUENCE, indefinite
      '30 80' +
        // 04 01 aa: OCTET STRING aa
        '04 01 aa' +
        // 30 80 | 05 00 | 00 00: an indefinite SEQUENCE holding NULL, then its end-of-contents
        '30 80  05 00  00 00' +
        // 02 01 09: INTEGER 9
        '02 01 09' +
        // 00 00: end-of-contents of the outer SEQUENCE
        '00 00',
    );

    const root = parseElement(input, 'test');
    const [octets, inner, integer] = childrenOf(root, 'test');

    assert.equal(root.indefinite, true);
    assert.deepEqual(root.whole, input);
    assert.deepEqual(root.content, input.subarray(2, input.length - 2));
    assert.deepEqual(readOctets(octets!, 'test'), hex('aa'));
    assert.equal(inner!.indefinite, true);
    assert.deepEqual(inner!.whole, hex('30 80 05 00 00 00'));
    assert.equal(childAt(inner!, 0, 'test').tag, TAG.NULL);
    assert.equal(readSmallInteger(integer!, 'test'), 9);
    assert.equal(childrenOf(root, 'test').length, 3);
  });

  it('joins the chunks of a constructed OCTET STRING, definite or indefinite', () => {
    const cases = [
      // 24 80: constructed OCTET STRING, indefinite | 04 02 01 02 | 04 01 03 | 00 00
      '24 80  04 02 01 02  04 01 03  00 00',
      // 24 07: constructed OCTET STRING, 7 bytes | 04 02 01 02 | 04 01 03
      '24 07  04 02 01 02  04 01 03',
      // 24 09 | 24 04 (04 02 01 02): a constructed chunk inside | 04 01 03
      '24 09  24 04 04 02 01 02  04 01 03',
    ];

    for (const bytes of cases) {
      assert.deepEqual(readOctets(parseElement(hex(bytes), 'test'), 'test'), hex('01 02 03'));
    }
  });

  it('joins a constructed [0] IMPLICIT OCTET STRING (an encryptedContent in BER)', () => {
    // a0 80: [0] constructed, indefinite | 04 01 aa | 04 01 bb | 00 00
    const element = parseElement(hex('a0 80  04 01 aa  04 01 bb  00 00'), 'test');

    assert.deepEqual(readOctets(element, 'test', 0, TAG_CLASS.context), hex('aa bb'));
  });

  it('refuses a constructed OCTET STRING with a chunk of another type', () => {
    // 24 03 | 02 01 05: an INTEGER where an OCTET STRING chunk belongs
    const element = parseElement(hex('24 03  02 01 05'), 'test');

    assertMalformed(() => readOctets(element, 'test'));
  });

  it('refuses truncated input', () => {
    const cases = [
      '', // nothing at all
      '30', // a tag without a length
      '04 82 01', // a long-form length cut short
      '30 80  05 00', // an indefinite length never closed
      '30 80  05 00  00', // half an end-of-contents
    ];

    for (const bytes of cases) {
      assertMalformed(() => parseElement(hex(bytes), 'test'));
    }
  });

  it('refuses a length beyond the end of the input', () => {
    // 30 05: SEQUENCE of 5 bytes | 05 00: only 2 follow
    assertMalformed(() => parseElement(hex('30 05  05 00'), 'test'));
    // 30 03 | 04 05 aa: a child claiming more than its parent holds
    assertMalformed(() => childrenOf(parseElement(hex('30 03  04 05 aa'), 'test'), 'test'));
  });

  it('refuses bytes after the value', () => {
    // 05 00: NULL | 00: one byte too many
    assertMalformed(() => parseElement(hex('05 00  00'), 'test'));
    // 30 80 05 00 00 00 | ff: after an indefinite value
    assertMalformed(() => parseElement(hex('30 80 05 00 00 00  ff'), 'test'));
  });

  it('refuses an indefinite length on a primitive value', () => {
    // 04 80: primitive OCTET STRING, indefinite
    assertMalformed(() => parseElement(hex('04 80  aa  00 00'), 'test'));
  });

  it('refuses multi-byte tags, which PKCS#12 never uses', () => {
    // 1f 81 00: tag number in the following bytes
    assertMalformed(() => parseElement(hex('1f 81 00 00'), 'test'));
  });

  it('refuses children of a primitive, a missing child and an unexpected tag', () => {
    const primitive = parseElement(hex('04 01 aa'), 'test');
    const sequence = parseElement(hex('30 02 05 00'), 'test');

    assertMalformed(() => childrenOf(primitive, 'test'));
    assertMalformed(() => childAt(sequence, 1, 'test'));
    assertMalformed(() => expectTag(sequence, TAG.SET, 'test'));
    assertMalformed(() => expectTag(sequence, TAG.SEQUENCE, 'test', TAG_CLASS.context));
    assert.equal(expectTag(sequence, TAG.SEQUENCE, 'test'), sequence);
  });

  it('reads indefinite lengths nested as deep as real files nest them', () => {
    const depth = 32;
    const input = Buffer.concat([
      Buffer.alloc(depth * 2, hex('30 80')),
      hex('05 00'),
      Buffer.alloc(depth * 2),
    ]);

    let element = parseElement(input, 'test');
    for (let level = 1; level < depth; level++) element = childAt(element, 0, 'test');

    assert.equal(childAt(element, 0, 'test').tag, TAG.NULL);
  });

  it('refuses absurdly deep indefinite nesting with a Pkcs12Error, not a stack overflow', () => {
    // 30 80 twenty thousand times, then as many end-of-contents: 80 KB that once overflowed
    const depth = 20_000;
    const input = Buffer.concat([Buffer.alloc(depth * 2, hex('30 80')), Buffer.alloc(depth * 2)]);

    assertMalformed(() => parseElement(input, 'test'));
  });

  it('refuses absurdly deep OCTET STRING chunks with a Pkcs12Error, not a stack overflow', () => {
    // From the inside out: 04 01 41, wrapped 30,000 times in 24 83 <3-byte length>
    const depth = 30_000;
    const headers: Buffer[] = [];
    let length = 3;
    for (let level = 0; level < depth; level++) {
      headers.push(Buffer.from([0x24, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]));
      length += 5;
    }
    const input = Buffer.concat([...headers.reverse(), hex('04 01 41')]);

    const element = parseElement(input, 'test');

    assertMalformed(() => readOctets(element, 'test'));
  });

  it(
    'either parses random bytes or throws a Pkcs12Error, and never hangs',
    { timeout: 20_000 },
    () => {
      const structural = fc.constantFrom(
        0x00,
        0x01,
        0x02,
        0x04,
        0x05,
        0x06,
        0x1e,
        0x24,
        0x30,
        0x31,
        0x80,
        0x81,
        0x82,
        0x84,
        0x87,
        0xa0,
        0xff,
      );
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(structural, { maxLength: 64 }).map((values) => Uint8Array.from(values)),
      );

      fc.assert(
        fc.property(bytes, (array) => {
          const input = Buffer.from(array);
          let element: Element;
          try {
            element = parseElement(input, 'fuzz');
          } catch (error) {
            assert.ok(isPkcs12Error(error, 'malformed'), `not a malformed Pkcs12Error: ${error}`);
            return;
          }
          assert.deepEqual(element.whole, input);
          try {
            walk(element);
          } catch (error) {
            assert.ok(isPkcs12Error(error, 'malformed'), `not a malformed Pkcs12Error: ${error}`);
          }
        }),
        { numRuns: 500 },
      );
    },
  );
});
