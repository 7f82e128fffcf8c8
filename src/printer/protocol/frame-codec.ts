/**
 * Frame codec of the standard lower level: `STX LEN BODY LRC`, where BODY is the command code
 * (one byte, or two for FF xx / FE xx) and its data, LEN = BODY length, LRC = XOR of LEN and
 * every BODY byte. The encoder is a pure function; the decoder is a state machine that takes
 * bytes in any chunking and reports control bytes, frames and broken frames in order.
 */
import { WmqrError } from '../../core/errors';
import { LINK } from './link-bytes';

export class FrameTooLongError extends WmqrError {
  constructor(length: number) {
    super('FRAME_TOO_LONG', `A frame body of ${length} bytes does not fit (at most 255)`, {
      details: { length },
    });
  }
}

/** XOR of LEN and the body bytes. */
export function lrc(body: Uint8Array): number {
  let sum = body.length & 0xff;
  for (const byte of body) sum ^= byte;
  return sum;
}

/** Wraps a body (command code + data) into a frame. */
export function encodeFrame(body: Uint8Array): Buffer {
  if (body.length === 0 || body.length > LINK.MAX_FRAME_BODY) {
    throw new FrameTooLongError(body.length);
  }
  const frame = Buffer.alloc(body.length + 3);
  frame[0] = LINK.STX;
  frame[1] = body.length;
  frame.set(body, 2);
  frame[frame.length - 1] = lrc(body);
  return frame;
}

export type DecodedItem =
  /** ENQ, ACK or NAK seen between frames. */
  | { kind: 'control'; byte: number }
  /** A whole frame whose LRC matched. */
  | { kind: 'frame'; body: Buffer }
  /** A whole frame whose LRC did not match: the reader should NAK it. */
  | { kind: 'bad-lrc'; body: Buffer; expected: number; received: number }
  /** Bytes between frames that mean nothing (line noise, the TCP 0xFF trailer). */
  | { kind: 'garbage'; bytes: Buffer };

type State = 'idle' | 'length' | 'body' | 'lrc';

export class FrameDecoder {
  private state: State = 'idle';
  private body: Buffer = Buffer.alloc(0);
  private filled = 0;
  private garbage: number[] = [];

  /** True while a frame has started but not ended (the caller's byte timeout matters then). */
  get inFrame(): boolean {
    return this.state !== 'idle';
  }

  /** Forgets a half-read frame, e.g. after the byte timeout ran out. */
  reset(): void {
    this.state = 'idle';
    this.filled = 0;
  }

  /** Feeds bytes; returns everything they completed, in wire order. */
  push(chunk: Uint8Array): DecodedItem[] {
    const out: DecodedItem[] = [];
    for (const byte of chunk) this.step(byte, out);
    this.flushGarbage(out);
    return out;
  }

  private step(byte: number, out: DecodedItem[]): void {
    switch (this.state) {
      case 'idle':
        if (byte === LINK.STX) {
          this.flushGarbage(out);
          this.state = 'length';
        } else if (byte === LINK.ENQ || byte === LINK.ACK || byte === LINK.NAK) {
          this.flushGarbage(out);
          out.push({ kind: 'control', byte });
        } else {
          this.garbage.push(byte);
        }
        return;
      case 'length':
        // LEN 0 cannot start a real frame: treat the STX as noise and look again.
        if (byte === 0) {
          this.garbage.push(LINK.STX, byte);
          this.state = 'idle';
          return;
        }
        this.body = Buffer.alloc(byte);
        this.filled = 0;
        this.state = 'body';
        return;
      case 'body':
        this.body[this.filled++] = byte;
        if (this.filled === this.body.length) this.state = 'lrc';
        return;
      case 'lrc': {
        const expected = lrc(this.body);
        this.state = 'idle';
        out.push(
          expected === byte
            ? { kind: 'frame', body: this.body }
            : { kind: 'bad-lrc', body: this.body, expected, received: byte },
        );
        return;
      }
    }
  }

  private flushGarbage(out: DecodedItem[]): void {
    if (this.garbage.length === 0) return;
    out.push({ kind: 'garbage', bytes: Buffer.from(this.garbage) });
    this.garbage = [];
  }
}

/** Hex dump for logs and error messages: "02 05 10 1E 00 00 00 0B". */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Parses "02 05 10 ..." (spaces and comments after '#' ignored) into bytes, for fixtures. */
export function fromHex(text: string): Buffer {
  const clean = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join(' ')
    .replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex bytes: ${text}`);
  return Buffer.from(clean, 'hex');
}
