/**
 * The host side of the Shtrih-M "standard lower level" (vendor protocol v1.17, p. 8 and
 * appendix 3; SHTRIH-M.md "Link layer"). One exchange:
 *
 *   ENQ -> NAK (idle)   -> frame -> ACK -> answer frame -> host ACK
 *       -> ACK (an answer is pending: read it, ACK it, ENQ again)
 *       -> nothing      (no link: retry, then PRINTER_NO_ANSWER)
 *
 * A NAKed command frame is resent; an answer with a bad LRC is NAKed and asked for again
 * with ENQ (the device never resends on its own). A pending answer found before our command
 * was sent is someone else's (a host that restarted): it is drained and not mistaken for
 * ours, and nothing that already ran is ever repeated. Calls queue: one exchange at a time.
 */
import { systemClock, type Clock, type TimerHandle } from '../../core/clock';
import { throwIfAborted } from '../../core/errors';
import { silentLogger, type Logger } from '../../core/logger';
import { FrameDecoder, encodeFrame, hex, type DecodedItem } from '../protocol/frame-codec';
import { DEFAULT_BYTE_TIMEOUT_MS, LINK } from '../protocol/link-bytes';
import { commandHex } from '../protocol/shtrih-constants';
import type { LinkTransport } from '../transport/link-transport';
import {
  PrinterAnswerLostError,
  PrinterConnectionClosedError,
  PrinterLinkFailedError,
  PrinterNoAnswerError,
  PrinterProtocolError,
} from './link-errors';

export interface HostLinkOptions {
  clock?: Clock;
  logger?: Logger;
  /** Longest gap between two bytes of one frame (p. 8: 50 ms by default). */
  byteTimeoutMs?: number;
  /**
   * How long to wait for ACK/NAK after ENQ or after a command frame. The device waits one
   * byte timeout before it replies (p. 8), so this must be comfortably longer.
   */
  controlTimeoutMs?: number;
  /** Retries for silence after ENQ, NAKed frames, bad answers, drained stale answers. */
  maxRetries?: number;
}

export const LINK_DEFAULTS = {
  controlTimeoutMs: 500,
  /** TCP segments may be delayed longer than a serial byte gap. */
  tcpByteTimeoutMs: 1_000,
  tcpControlTimeoutMs: 2_000,
  maxRetries: 10,
} as const;

export interface ExchangeOptions {
  /** Time the device may take to prepare the answer after ACKing the command. */
  answerTimeoutMs: number;
  signal?: AbortSignal;
}

export interface LinkStats {
  bytesWritten: number;
  bytesRead: number;
  exchanges: number;
  staleAnswersDrained: number;
}

type Incoming =
  DecodedItem | { kind: 'byte-timeout' } | { kind: 'closed'; error?: Error } | { kind: 'timeout' };

/** What came back after ENQ or after a command frame. */
type Reply =
  | { kind: 'ack' }
  | { kind: 'nak' }
  | { kind: 'silent' }
  | { kind: 'frame'; body: Buffer }
  | { kind: 'bad'; why: string };

type Answer = { kind: 'frame'; body: Buffer } | { kind: 'bad'; why: string } | { kind: 'silent' };

export class HostLink {
  readonly stats: LinkStats = {
    bytesWritten: 0,
    bytesRead: 0,
    exchanges: 0,
    staleAnswersDrained: 0,
  };
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly byteTimeoutMs: number;
  private readonly controlTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly decoder = new FrameDecoder();
  private inbox: Incoming[] = [];
  private waiter: ((item: Incoming) => void) | undefined;
  private byteTimer: TimerHandle | undefined;
  private closed: { error?: Error } | undefined;
  private trailersToSkip = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly transport: LinkTransport,
    options: HostLinkOptions = {},
  ) {
    const tcp = transport.kind === 'tcp';
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'printer-link' });
    this.byteTimeoutMs =
      options.byteTimeoutMs ?? (tcp ? LINK_DEFAULTS.tcpByteTimeoutMs : DEFAULT_BYTE_TIMEOUT_MS);
    this.controlTimeoutMs =
      options.controlTimeoutMs ??
      (tcp ? LINK_DEFAULTS.tcpControlTimeoutMs : LINK_DEFAULTS.controlTimeoutMs);
    this.maxRetries = options.maxRetries ?? LINK_DEFAULTS.maxRetries;
    transport.onData((chunk) => this.onData(chunk));
    transport.onClose((error) => {
      this.closed = { error };
      this.byteTimer?.cancel();
      this.deliver({ kind: 'closed', error });
    });
  }

  /**
   * Sends one command body (code + data) and resolves with the answer body (code, error
   * byte, data). Calls made while another runs wait their turn.
   */
  exchange(body: Uint8Array, options: ExchangeOptions): Promise<Buffer> {
    const run = this.tail.then(() => this.run(Buffer.from(body), options));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends ENQ once and reports what the device said: 'idle' (NAK), 'answer-pending' (ACK),
   * or 'silent'. Used by baud-rate discovery; queued like exchanges.
   */
  probe(timeoutMs = this.controlTimeoutMs): Promise<'idle' | 'answer-pending' | 'silent'> {
    const run = this.tail.then(async () => {
      this.flushInbox();
      await this.send(Buffer.from([LINK.ENQ]));
      const reply = await this.readReply(timeoutMs);
      if (reply.kind === 'nak') return 'idle' as const;
      if (reply.kind === 'ack' || reply.kind === 'frame') return 'answer-pending' as const;
      return 'silent' as const;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.byteTimer?.cancel();
    await this.transport.close();
  }

  // ---- one exchange ------------------------------------------------------------------------

  private async run(body: Buffer, options: ExchangeOptions): Promise<Buffer> {
    const command = commandHex(
      body[0] === 0xff || body[0] === 0xfe ? body.readUInt16BE(0) : body[0]!,
    );
    const frame = encodeFrame(body);
    const started = this.clock.now();
    let silentEnqs = 0;
    let failures = 0;
    // unsent: the device cannot have our command; unconfirmed: it may have it;
    // accepted: ACKed.
    let state: 'unsent' | 'unconfirmed' | 'accepted' = 'unsent';

    const retry = (reason: string) => {
      failures += 1;
      this.logger.warn('link retry', { command, reason, attempt: failures });
      if (failures > this.maxRetries) throw new PrinterLinkFailedError(reason, command, failures);
    };
    this.stats.exchanges += 1;

    for (;;) {
      throwIfAborted(options.signal, `printer command ${command}h`);
      this.flushInbox();
      await this.send(Buffer.from([LINK.ENQ]));
      let reply = await this.readReply(this.controlTimeoutMs);

      if (reply.kind === 'silent') {
        silentEnqs += 1;
        if (silentEnqs > this.maxRetries) {
          throw new PrinterNoAnswerError('enq', this.controlTimeoutMs, command, silentEnqs);
        }
        continue;
      }

      if (reply.kind === 'nak') {
        // Idle. If it had ACKed our command, its answer is gone: never send it twice.
        if (state === 'accepted') throw new PrinterAnswerLostError(command);
        reply = await this.sendCommand(frame, command, retry);
        if (reply.kind === 'silent') {
          // No ACK: the frame or its ACK was lost. The next ENQ tells which.
          state = 'unconfirmed';
          retry('no ACK for the command frame');
          continue;
        }
        state = reply.kind === 'ack' ? 'accepted' : 'unconfirmed';
      }

      // An answer is coming: after ENQ->ACK, after the command's ACK, or already here.
      const answer =
        reply.kind === 'ack' ? await this.readAnswer(options.answerTimeoutMs) : (reply as Answer);
      if (answer.kind === 'silent') {
        throw new PrinterNoAnswerError('answer', options.answerTimeoutMs, command, failures + 1);
      }
      if (answer.kind === 'bad') {
        // The device keeps the answer and resends it after the next ENQ (p. 8). State stays
        // as it is: a device that then says "idle" never had an answer to give.
        await this.send(Buffer.from([LINK.NAK]));
        retry(`answer ${answer.why}`);
        continue;
      }

      await this.acknowledgeAnswer();
      if (state !== 'unsent' && sameCommand(answer.body, body)) {
        this.logger.debug('answer', {
          command,
          error: answer.body[commandLength(body)],
          bytes: answer.body.length,
          elapsedMs: this.clock.now() - started,
        });
        return answer.body;
      }
      if (state === 'accepted') {
        throw new PrinterProtocolError(
          `The printer answered command ${command}h with an answer to ` +
            `${hex(answer.body.subarray(0, commandLength(answer.body)))}h`,
          { command, answer: hex(answer.body.subarray(0, 4)) },
        );
      }
      this.stats.staleAnswersDrained += 1;
      this.logger.warn('drained a stale answer', {
        command,
        staleAnswer: hex(answer.body.subarray(0, commandLength(answer.body))),
      });
      retry('stale answer drained');
    }
  }

  /** Writes the frame until the device ACKs it (NAK: resend, at most maxRetries times). */
  private async sendCommand(
    frame: Buffer,
    command: string,
    retry: (reason: string) => void,
  ): Promise<Reply> {
    for (;;) {
      await this.send(frame);
      this.logger.debug('command sent', { command, bytes: frame.length });
      const reply = await this.readReply(this.controlTimeoutMs);
      if (reply.kind !== 'nak') return reply;
      retry('command frame NAKed');
    }
  }

  // ---- reading -----------------------------------------------------------------------------

  /** ACK, NAK, silence, or a frame (the answer, when the device's ACK got lost). */
  private async readReply(timeoutMs: number): Promise<Reply> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const item = await this.next(Math.max(0, deadline - this.clock.now()));
      switch (item.kind) {
        case 'timeout':
          return { kind: 'silent' };
        case 'control':
          if (item.byte === LINK.ACK) return { kind: 'ack' };
          if (item.byte === LINK.NAK) return { kind: 'nak' };
          continue;
        case 'frame':
          return { kind: 'frame', body: item.body };
        case 'bad-lrc':
          return { kind: 'bad', why: 'LRC wrong' };
        case 'byte-timeout':
          return { kind: 'bad', why: 'byte timeout inside the frame' };
        case 'closed':
          throw new PrinterConnectionClosedError(this.transport.target, item.error);
        case 'garbage':
          continue;
      }
    }
  }

  /** The answer frame, a broken one, or silence after `timeoutMs`. */
  private async readAnswer(timeoutMs: number): Promise<Answer> {
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const reply = await this.readReply(Math.max(0, deadline - this.clock.now()));
      if (reply.kind === 'ack' || reply.kind === 'nak') continue;
      return reply;
    }
  }

  private async acknowledgeAnswer(): Promise<void> {
    if (this.transport.trailerAfterAck) this.trailersToSkip += 1;
    await this.send(Buffer.from([LINK.ACK]));
  }

  private next(timeoutMs: number): Promise<Incoming> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve({ kind: 'closed', error: this.closed.error });
    return new Promise((resolve) => {
      let timer: TimerHandle;
      const arm = () =>
        this.clock.setTimer(timeoutMs, () => {
          // A frame is arriving: the byte timeout governs it, not this one.
          if (this.decoder.inFrame) {
            timer = arm();
            return;
          }
          this.waiter = undefined;
          resolve({ kind: 'timeout' });
        });
      timer = arm();
      this.waiter = (item) => {
        timer.cancel();
        resolve(item);
      };
    });
  }

  private onData(chunk: Buffer): void {
    this.stats.bytesRead += chunk.length;
    for (const item of this.decoder.push(chunk)) {
      if (
        item.kind === 'garbage' &&
        this.trailersToSkip > 0 &&
        item.bytes[0] === LINK.TCP_TRAILER
      ) {
        this.trailersToSkip -= 1;
        if (item.bytes.length === 1) continue;
        this.deliver({ kind: 'garbage', bytes: item.bytes.subarray(1) });
        continue;
      }
      this.deliver(item);
    }
    this.byteTimer?.cancel();
    this.byteTimer = undefined;
    if (this.decoder.inFrame) {
      this.byteTimer = this.clock.setTimer(this.byteTimeoutMs, () => {
        this.byteTimer = undefined;
        this.decoder.reset();
        this.deliver({ kind: 'byte-timeout' });
      });
    }
  }

  private deliver(item: Incoming): void {
    if (item.kind === 'garbage') this.logger.debug('garbage skipped', { bytes: hex(item.bytes) });
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter(item);
    } else {
      this.inbox.push(item);
    }
  }

  /** Drops leftovers (noise, late control bytes) before a fresh ENQ. */
  private flushInbox(): void {
    const dropped = this.inbox.filter((i) => i.kind !== 'closed');
    if (dropped.length > 0) this.logger.debug('dropped leftovers', { items: dropped.length });
    this.inbox = this.inbox.filter((i) => i.kind === 'closed');
  }

  private async send(bytes: Buffer): Promise<void> {
    if (this.closed)
      throw new PrinterConnectionClosedError(this.transport.target, this.closed.error);
    this.stats.bytesWritten += bytes.length;
    try {
      await this.transport.write(bytes);
    } catch (error) {
      throw new PrinterConnectionClosedError(this.transport.target, error);
    }
  }
}

/** 2 for FF xx / FE xx bodies, else 1. */
function commandLength(body: Uint8Array): number {
  return body[0] === 0xff || body[0] === 0xfe ? 2 : 1;
}

/** True when `answer` answers `request`: same code (FE xx answers echo only FE, p. 42). */
function sameCommand(answer: Buffer, request: Buffer): boolean {
  if (request[0] === 0xfe) return answer[0] === 0xfe;
  const length = commandLength(request);
  return answer.length > length && answer.subarray(0, length).equals(request.subarray(0, length));
}
