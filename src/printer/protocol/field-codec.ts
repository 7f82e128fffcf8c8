/**
 * Field encoding of the command layer (vendor protocol v1.17, p. 13 "Формат передачи
 * значений"): integers little-endian, money as 5-byte kopecks, text in Windows-1251 with a
 * zero byte ending a shorter string. A writer builds request data; a reader walks answer data
 * and names the field that ran short.
 */
import iconv from 'iconv-lite';
import { WmqrError } from '../../core/errors';

/** Thrown when a value does not fit the field it is written to. */
export class FieldEncodeError extends WmqrError {
  constructor(code: string, message: string, details: Record<string, unknown>) {
    super(code, message, { details });
  }
}

/** Thrown when an answer is shorter than its layout or otherwise does not parse. */
export class AnswerDecodeError extends WmqrError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PRINTER_BAD_ANSWER', message, { details });
  }
}

/** Encodes `text` in Windows-1251; characters that have no code there are an error. */
export function encodeText(text: string, field = 'text'): Buffer {
  const bytes = iconv.encode(text, 'win1251');
  const back = iconv.decode(bytes, 'win1251');
  if (back !== text) {
    const bad = [...text].filter(
      (ch) => iconv.decode(iconv.encode(ch, 'win1251'), 'win1251') !== ch,
    );
    throw new FieldEncodeError(
      'PRINTER_TEXT_NOT_ENCODABLE',
      `${field} "${text}" has characters the printer cannot print (not in Windows-1251): ` +
        `${[...new Set(bad)].map((ch) => JSON.stringify(ch)).join(', ')}; replace them`,
      { field, characters: [...new Set(bad)] },
    );
  }
  return bytes;
}

/** Decodes Windows-1251 bytes up to the first zero byte. */
export function decodeText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return iconv.decode(Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)), 'win1251');
}

/** Builds request data field by field. */
export class ByteWriter {
  private readonly parts: Buffer[] = [];

  u8(value: number, field = 'byte'): this {
    return this.uint(value, 1, field);
  }

  u16(value: number, field = 'word'): this {
    return this.uint(value, 2, field);
  }

  u32(value: number, field = 'dword'): this {
    return this.uint(value, 4, field);
  }

  /** Unsigned little-endian integer of `size` bytes (1..6). */
  uint(value: number, size: number, field: string): this {
    const max = 2 ** (8 * size) - 1;
    if (!Number.isSafeInteger(value) || value < 0 || value > max) {
      throw new FieldEncodeError(
        'PRINTER_BAD_ARGUMENT',
        `${field} must be a whole number from 0 to ${max}, got ${value}`,
        { field, value, max },
      );
    }
    const bytes = Buffer.alloc(size);
    bytes.writeUIntLE(value, 0, size);
    this.parts.push(bytes);
    return this;
  }

  /** Signed little-endian 16-bit integer. */
  s16(value: number, field: string): this {
    if (!Number.isInteger(value) || value < -32768 || value > 32767) {
      throw new FieldEncodeError(
        'PRINTER_BAD_ARGUMENT',
        `${field} must fit a signed 16-bit value`,
        {
          field,
          value,
        },
      );
    }
    const bytes = Buffer.alloc(2);
    bytes.writeInt16LE(value, 0);
    this.parts.push(bytes);
    return this;
  }

  /** Money: 5 bytes of kopecks (p. 13 "Разрядность денежных величин"). */
  money(kopecks: number, field = 'sum'): this {
    return this.uint(kopecks, 5, field);
  }

  /** Five bytes of 0xFF: "not given, the device computes it" (FF46, p. 53). */
  absent5(): this {
    this.parts.push(Buffer.alloc(5, 0xff));
    return this;
  }

  bytes(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }

  /** Text padded with zero bytes to exactly `width` bytes; longer text is an error. */
  fixedText(text: string, width: number, field: string): this {
    const bytes = encodeText(text, field);
    if (bytes.length > width) throw textTooLong(field, text, bytes.length, width);
    const out = Buffer.alloc(width);
    bytes.copy(out);
    this.parts.push(out);
    return this;
  }

  /** Text of at most `max` bytes, sent without padding (variable-length tail fields). */
  varText(text: string, max: number, field: string): this {
    const bytes = encodeText(text, field);
    if (bytes.length > max) throw textTooLong(field, text, bytes.length, max);
    this.parts.push(bytes);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function textTooLong(field: string, text: string, length: number, max: number): FieldEncodeError {
  return new FieldEncodeError(
    'PRINTER_TEXT_TOO_LONG',
    `${field} "${text}" takes ${length} bytes, the field holds ${max}; shorten it`,
    { field, length, max },
  );
}

/** Reads answer data field by field; running short names the field and the command. */
export class ByteReader {
  private offset = 0;

  constructor(
    private readonly data: Buffer,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.data.length - this.offset;
  }

  u8(field: string): number {
    return this.take(1, field)[0]!;
  }

  u16(field: string): number {
    return this.take(2, field).readUInt16LE(0);
  }

  u32(field: string): number {
    return this.take(4, field).readUInt32LE(0);
  }

  uint(size: number, field: string): number {
    return this.take(size, field).readUIntLE(0, size);
  }

  money(field: string): number {
    return this.uint(5, field);
  }

  bytes(size: number, field: string): Buffer {
    return Buffer.from(this.take(size, field));
  }

  /** Everything left (variable-length tails such as a device name). */
  rest(): Buffer {
    return this.bytes(this.remaining, 'rest');
  }

  text(size: number, field: string): string {
    return decodeText(this.take(size, field));
  }

  private take(size: number, field: string): Buffer {
    if (this.offset + size > this.data.length) {
      throw new AnswerDecodeError(
        `${this.what} answer is too short: ${field} needs ${size} bytes at offset ` +
          `${this.offset}, only ${this.data.length - this.offset} left`,
        { what: this.what, field, offset: this.offset, length: this.data.length },
      );
    }
    const slice = this.data.subarray(this.offset, this.offset + size);
    this.offset += size;
    return slice;
  }
}
