/**
 * Just enough ASN.1 to read and write PKCS#12 files: a reader that hands out elements as
 * slices of the input (so a certificate comes out byte for byte as it went in, whatever its
 * encoding), and DER writers for the few types a PKCS#12 file is built from.
 *
 * The reader accepts BER as PKCS#12 files in the wild use it: long-form lengths that are
 * longer than needed, indefinite lengths, and OCTET STRINGs split into constructed chunks.
 */
import { Pkcs12Error } from './pkcs12-error';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x10,
  SET: 0x11,
  BMP_STRING: 0x1e,
} as const;

export const TAG_CLASS = { universal: 0, context: 2 } as const;

/** One element. `whole` is the element exactly as encoded, `content` its content bytes. */
export interface Element {
  tagClass: number;
  constructed: boolean;
  tag: number;
  content: Buffer;
  whole: Buffer;
  /** Content of an indefinite-length element still holds its children's bytes (no EOC). */
  indefinite: boolean;
}

/** Reads the element that fills `bytes` exactly; trailing bytes are an error. */
export function parseElement(bytes: Buffer, what: string): Element {
  const { element, end } = readElement(bytes, 0, what);
  if (end !== bytes.length) {
    throw malformed(`${what}: ${bytes.length - end} unexpected bytes after the ASN.1 value`);
  }
  return element;
}

/** The elements inside a constructed element. */
export function childrenOf(parent: Element, what: string): Element[] {
  if (!parent.constructed) throw malformed(`${what}: expected a constructed ASN.1 value`);
  const found: Element[] = [];
  let offset = 0;
  while (offset < parent.content.length) {
    const { element, end } = readElement(parent.content, offset, what);
    found.push(element);
    offset = end;
  }
  return found;
}

/** The `index`th child, which must exist. */
export function childAt(parent: Element, index: number, what: string): Element {
  const found = childrenOf(parent, what)[index];
  if (!found) throw malformed(`${what}: ASN.1 element ${index + 1} is missing`);
  return found;
}

export function expectTag(element: Element, tag: number, what: string, tagClass = 0): Element {
  if (element.tag !== tag || element.tagClass !== tagClass) {
    throw malformed(
      `${what}: expected ASN.1 tag ${describeTag(tagClass, tag)}, ` +
        `found ${describeTag(element.tagClass, element.tag)}`,
    );
  }
  return element;
}

/** The single element inside an EXPLICIT [n] wrapper. */
export function explicitContent(element: Element, tag: number, what: string): Element {
  expectTag(element, tag, what, TAG_CLASS.context);
  return childAt(element, 0, what);
}

export function readOid(element: Element, what: string): string {
  const bytes = expectTag(element, TAG.OID, what).content;
  if (bytes.length === 0) throw malformed(`${what}: empty OID`);
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) throw malformed(`${what}: OID component too large`);
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else {
        parts.push(value);
      }
      value = 0;
    }
  }
  if ((bytes[bytes.length - 1]! & 0x80) !== 0) throw malformed(`${what}: truncated OID`);
  return parts.join('.');
}

/** A non-negative INTEGER that fits a JavaScript number (versions, iteration counts). */
export function readSmallInteger(element: Element, what: string): number {
  const bytes = expectTag(element, TAG.INTEGER, what).content;
  if (bytes.length === 0 || bytes.length > 6 || (bytes[0]! & 0x80) !== 0) {
    throw malformed(`${what}: expected a small non-negative INTEGER`);
  }
  return bytes.reduce((sum, byte) => sum * 256 + byte, 0);
}

/** An OCTET STRING's bytes; `tag`/`tagClass` for IMPLICIT ones. Joins BER chunks. */
export function readOctets(
  element: Element,
  what: string,
  tag: number = TAG.OCTET_STRING,
  tagClass: number = TAG_CLASS.universal,
): Buffer {
  return joinOctets(expectTag(element, tag, what, tagClass), what, 0);
}

function joinOctets(element: Element, what: string, depth: number): Buffer {
  if (!element.constructed) return element.content;
  if (depth >= MAX_NESTING) throw malformed(`${what}: OCTET STRING chunks nested too deeply`);
  return Buffer.concat(
    childrenOf(element, what).map((chunk) =>
      joinOctets(expectTag(chunk, TAG.OCTET_STRING, what), what, depth + 1),
    ),
  );
}

export function readBmpString(element: Element, what: string): string {
  const bytes = expectTag(element, TAG.BMP_STRING, what).content;
  if (bytes.length % 2 !== 0) throw malformed(`${what}: odd-length BMPString`);
  return Buffer.from(bytes).swap16().toString('utf16le');
}

/** Far deeper than any real file goes; a crafted file must not overflow the stack. */
const MAX_NESTING = 64;

function readElement(
  bytes: Buffer,
  start: number,
  what: string,
  depth = 0,
): { element: Element; end: number } {
  let offset = start;
  const byteAt = (at: number): number => {
    const value = bytes[at];
    if (value === undefined) throw malformed(`${what}: ASN.1 data ends early (byte ${at})`);
    return value;
  };

  const first = byteAt(offset++);
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  const tag = first & 0x1f;
  if (tag === 0x1f) throw malformed(`${what}: multi-byte ASN.1 tags are not used in PKCS#12`);

  const lengthByte = byteAt(offset++);
  if (lengthByte === 0x80) {
    if (!constructed) throw malformed(`${what}: indefinite length on a primitive value`);
    if (depth >= MAX_NESTING) throw malformed(`${what}: ASN.1 values nested too deeply`);
    return readIndefinite(bytes, start, offset, { tagClass, tag }, what, depth);
  }
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 6) throw malformed(`${what}: ASN.1 length of ${count} bytes`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byteAt(offset++);
  }
  const end = offset + length;
  if (end > bytes.length) {
    throw malformed(`${what}: ASN.1 value needs ${length} bytes, ${bytes.length - offset} left`);
  }
  return {
    element: {
      tagClass,
      constructed,
      tag,
      content: bytes.subarray(offset, end),
      whole: bytes.subarray(start, end),
      indefinite: false,
    },
    end,
  };
}

function readIndefinite(
  bytes: Buffer,
  start: number,
  contentStart: number,
  header: { tagClass: number; tag: number },
  what: string,
  depth: number,
): { element: Element; end: number } {
  let offset = contentStart;
  for (;;) {
    if (bytes[offset] === 0 && bytes[offset + 1] === 0) {
      const element: Element = {
        ...header,
        constructed: true,
        content: bytes.subarray(contentStart, offset),
        whole: bytes.subarray(start, offset + 2),
        indefinite: true,
      };
      return { element, end: offset + 2 };
    }
    offset = readElement(bytes, offset, what, depth + 1).end;
  }
}

function describeTag(tagClass: number, tag: number): string {
  return tagClass === TAG_CLASS.context ? `[${tag}]` : `0x${tag.toString(16).padStart(2, '0')}`;
}

function malformed(message: string): Pkcs12Error {
  return new Pkcs12Error('malformed', message);
}

// ---- DER writers ----

export function encode(tagByte: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tagByte]), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const der = {
  sequence: (items: Buffer[]) => encode(0x20 | TAG.SEQUENCE, Buffer.concat(items)),
  /** SET OF in DER sorts its elements by their encodings. */
  set: (items: Buffer[]) =>
    encode(0x20 | TAG.SET, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b)))),
  octetString: (bytes: Buffer) => encode(TAG.OCTET_STRING, bytes),
  null: () => encode(TAG.NULL, Buffer.alloc(0)),
  bmpString: (text: string) => encode(TAG.BMP_STRING, Buffer.from(text, 'utf16le').swap16()),
  integer(value: number): Buffer {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`bad INTEGER ${value}`);
    const bytes: number[] = [];
    for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
    if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
    return encode(TAG.INTEGER, Buffer.from(bytes));
  },
  oid(dotted: string): Buffer {
    const [first, second, ...rest] = dotted.split('.').map(Number);
    const body = [first! * 40 + second!, ...rest].flatMap((value) => {
      const groups = [value & 0x7f];
      for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) {
        groups.unshift(0x80 | (v & 0x7f));
      }
      return groups;
    });
    return encode(TAG.OID, Buffer.from(body));
  },
  /** [n] EXPLICIT: a constructed context-specific wrapper. */
  explicit: (tag: number, inner: Buffer) => encode(0xa0 | tag, inner),
  /** [n] IMPLICIT on a primitive (an OCTET STRING's bytes under another tag). */
  implicitPrimitive: (tag: number, bytes: Buffer) => encode(0x80 | tag, bytes),
};
