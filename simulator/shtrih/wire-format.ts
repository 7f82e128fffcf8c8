/**
 * Field encodings of the Shtrih-M command layer (p. 13): integers little-endian, money in
 * 5 bytes, text in Windows-1251 where a zero byte ends the string. The reader refuses a short
 * request with "invalid parameters" instead of reading past the end.
 */
import iconv from 'iconv-lite';
import { DEVICE_ERROR as ERR } from '../../src/printer/protocol/device-errors';

/** Thrown inside a command handler: the device answers `CMD code` and nothing else (p. 13). */
export class CommandRefused extends Error {
  constructor(
    readonly errorCode: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'CommandRefused';
  }
}

export function refuse(errorCode: number, reason: string): never {
  throw new CommandRefused(errorCode, reason);
}

/** Decodes Windows-1251 bytes up to the first zero byte. */
export function decodeText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  const used = end < 0 ? bytes : bytes.subarray(0, end);
  return iconv.decode(Buffer.from(used), 'win1251');
}

/** Text to Windows-1251; what it cannot hold becomes '?' (device-side display). */
export function encodeText(text: string): Buffer {
  return iconv.encode(text, 'win1251');
}

/** Text in a fixed-width, zero-padded field, cut to `width` bytes. */
export function fixedText(text: string, width: number): Buffer {
  const out = Buffer.alloc(width);
  encodeText(text).copy(out, 0, 0, width);
  return out;
}

/** Little-endian unsigned integer of `size` bytes (at most 6, so it fits a JS number). */
export function uintLE(value: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  out.writeUIntLE(value, 0, size);
  return out;
}

export class RequestReader {
  private offset: number;

  /** `start` skips the command code (1 or 2 bytes). */
  constructor(
    private readonly data: Buffer,
    start: number,
  ) {
    this.offset = start;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  uint(size: number, what: string): number {
    this.need(size, what);
    const value = this.data.readUIntLE(this.offset, size);
    this.offset += size;
    return value;
  }

  u8(what: string): number {
    return this.uint(1, what);
  }

  u16(what: string): number {
    return this.uint(2, what);
  }

  /** Signed 16-bit value, e.g. the discount of 85h (p. 31). */
  s16(what: string): number {
    this.need(2, what);
    const value = this.data.readInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  bytes(size: number, what: string): Buffer {
    this.need(size, what);
    const out = this.data.subarray(this.offset, this.offset + size);
    this.offset += size;
    return out;
  }

  /** Everything left, at most `max` bytes (longer is refused). */
  rest(max: number, what: string): Buffer {
    if (this.remaining > max) refuse(ERR.INVALID_PARAMETERS, `${what} longer than ${max} bytes`);
    return this.bytes(this.remaining, what);
  }

  private need(size: number, what: string): void {
    if (this.remaining < size) {
      refuse(ERR.INVALID_PARAMETERS, `request too short for ${what}`);
    }
  }
}
