/**
 * Test-only host: speaks the link layer byte by byte with the shared frame codec, so tests can
 * check exactly what the emulated device sends. Not a driver: no retries, no recovery.
 */
import type { Duplex } from 'node:stream';
import {
  encodeFrame,
  FrameDecoder,
  hex,
  type DecodedItem,
} from '../../../src/printer/protocol/frame-codec';
import { LINK } from '../../../src/printer/protocol/link-bytes';
import iconv from 'iconv-lite';

/** Real-time guard so a broken test fails instead of hanging; never a timing assertion. */
const GUARD_MS = 3000;

export class RawHost {
  private readonly decoder = new FrameDecoder();
  private readonly items: DecodedItem[] = [];
  private waiter: (() => void) | undefined;
  /** Every byte the device sent, in order. */
  readonly received: number[] = [];
  ended = false;

  /** `tcp`: the device follows each acknowledged answer with one 0xFF; command() takes it. */
  constructor(
    readonly stream: Duplex,
    private readonly options: { tcp?: boolean } = {},
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.received.push(...chunk);
      this.items.push(...this.decoder.push(chunk));
      this.waiter?.();
    });
    stream.on('close', () => {
      this.ended = true;
      this.waiter?.();
    });
    stream.on('error', () => undefined);
  }

  write(bytes: Uint8Array | number[]): void {
    this.stream.write(Buffer.from(bytes));
  }

  /** The next thing the device sent (control byte, frame, garbage). */
  async next(): Promise<DecodedItem> {
    const deadline = Date.now() + GUARD_MS;
    while (this.items.length === 0) {
      if (this.ended) throw new Error('the device closed the link');
      if (Date.now() > deadline) throw new Error('nothing received from the device');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 20);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.items.shift()!;
  }

  async expectControl(byte: number): Promise<void> {
    const item = await this.next();
    if (item.kind !== 'control' || item.byte !== byte) {
      throw new Error(`expected control ${hex(Buffer.from([byte]))}, got ${describe(item)}`);
    }
  }

  async expectFrame(): Promise<Buffer> {
    const item = await this.next();
    if (item.kind !== 'frame') throw new Error(`expected a frame, got ${describe(item)}`);
    return item.body;
  }

  /** Items received so far and not yet taken. */
  pendingItems(): DecodedItem[] {
    return [...this.items];
  }

  /** One whole exchange: ENQ, NAK, frame, ACK, answer, ACK. Returns the answer body. */
  async command(body: Uint8Array | number[]): Promise<Buffer> {
    this.write([LINK.ENQ]);
    await this.expectControl(LINK.NAK);
    this.write(encodeFrame(Buffer.from(body)));
    await this.expectControl(LINK.ACK);
    const answer = await this.expectFrame();
    this.write([LINK.ACK]);
    if (this.options.tcp) await this.expectTrailer();
    return answer;
  }

  async expectTrailer(): Promise<void> {
    const item = await this.next();
    if (item.kind !== 'garbage' || item.bytes.length !== 1 || item.bytes[0] !== LINK.TCP_TRAILER) {
      throw new Error(`expected the TCP trailer FF, got ${describe(item)}`);
    }
  }

  close(): void {
    this.stream.destroy();
  }
}

function describe(item: DecodedItem): string {
  switch (item.kind) {
    case 'control':
      return `control ${hex(Buffer.from([item.byte]))}`;
    case 'frame':
      return `frame ${hex(item.body)}`;
    case 'bad-lrc':
      return `bad-LRC frame ${hex(item.body)}`;
    case 'garbage':
      return `garbage ${hex(item.bytes)}`;
  }
}

// ---- request builders (test side, independent of the emulator's own code) ------------------

export const SYSADMIN = 30;
export const ADMIN = 29;
export const CASHIER = 1;

export function le(value: number, size: number): number[] {
  const out = Buffer.alloc(size);
  out.writeUIntLE(value, 0, size);
  return [...out];
}

export function pwd(password: number): number[] {
  return le(password, 4);
}

export function win1251(text: string, width?: number): number[] {
  const bytes = [...iconv.encode(text, 'win1251')];
  if (width === undefined) return bytes;
  return [...bytes, ...new Array<number>(Math.max(0, width - bytes.length)).fill(0)].slice(
    0,
    width,
  );
}

/** Body of a one-byte command: [code, ...parts]. */
export function cmd(code: number, ...parts: number[][]): number[] {
  return code > 0xff ? [code >> 8, code & 0xff, ...parts.flat()] : [code, ...parts.flat()];
}

/** Error byte of an answer body (after 1 or 2 code bytes). */
export function errorOf(answer: Buffer): number {
  return answer[0] === 0xff ? answer[2] : answer[1];
}

export function saleLine(quantityMilli: number, priceKopecks: number, name: string): number[] {
  return cmd(
    0x80,
    pwd(CASHIER),
    le(quantityMilli, 5),
    le(priceKopecks, 5),
    [1],
    [0, 0, 0, 0],
    win1251(name, 40),
  );
}

/** 8Eh: 16 sums (sums[0] = cash), no discount, no taxes, 40 bytes of text. */
export function closeExtended(sums: Record<number, number>, text = ''): number[] {
  const all = Array.from({ length: 16 }, (_, i) => le(sums[i + 1] ?? 0, 5));
  return cmd(0x8e, pwd(CASHIER), ...all, le(0, 2), [0, 0, 0, 0], win1251(text, 40));
}

/** FF46h operation V2 with the sum computed by the device. */
export function operationV2(
  type: number,
  quantityMicro: number,
  priceKopecks: number,
  name: string,
  password = CASHIER,
): number[] {
  return cmd(
    0xff46,
    pwd(password),
    [type],
    le(quantityMicro, 6),
    le(priceKopecks, 5),
    [0xff, 0xff, 0xff, 0xff, 0xff],
    [0xff, 0xff, 0xff, 0xff, 0xff],
    [0x08],
    [1],
    [4],
    [1],
    win1251(name),
  );
}

/** FF45h close with 16 sums, no rounding, no taxes, tax system bit 0, and text. */
export function closeV2(sums: Record<number, number>, text = '', password = SYSADMIN): number[] {
  const all = Array.from({ length: 16 }, (_, i) => le(sums[i + 1] ?? 0, 5));
  return cmd(
    0xff45,
    pwd(password),
    ...all,
    [0],
    ...new Array(6).fill(le(0, 5)),
    [1],
    win1251(text),
  );
}
