/**
 * A small scripted device for the link layer's tests: it speaks the device side of the
 * standard lower level (ENQ -> NAK/ACK, ACK the frame, answer, keep the answer until the host
 * ACKs it) and has knobs for each failure the host must survive. Commands are answered by a
 * handler; the real device model is the emulator in simulator/.
 */
import type { Duplex } from 'node:stream';
import type { Clock } from '../../core/clock';
import { FrameDecoder, encodeFrame } from '../protocol/frame-codec';
import { LINK } from '../protocol/link-bytes';
import { createDuplexPair } from '../transport/duplex-pair';

export type CommandHandler = (body: Buffer) => Buffer;

export interface ScriptedDeviceOptions {
  clock: Clock;
  /** Answers a command body; default: echo the command code with error 0. */
  handler?: CommandHandler;
  /** Delay before ACK/NAK replies and answers (the device's byte timeout, p. 8). */
  replyDelayMs?: number;
  /** Time to prepare an answer after ACKing a command. */
  answerDelayMs?: number;
  /** Send 0xFF after the host's ACK, like the device over TCP. */
  tcpTrailer?: boolean;
}

export class ScriptedDevice {
  /** The host end of the link. */
  readonly hostEnd: Duplex;
  /** Every command body the device executed, in order. */
  readonly executed: Buffer[] = [];
  /** Every byte the device received, for "what was on the wire" assertions. */
  readonly received: number[] = [];
  /** Knobs: counts of upcoming events to mangle. */
  nakNextFrames = 0;
  corruptNextAnswers = 0;
  swallowNextCommandAck = false;
  ignoreNextHostAck = false;
  /** Drop the pending answer when the host NAKs it (a device that rebooted meanwhile). */
  forgetAnswerOnNak = false;
  silent = false;
  answerDelayMs: number;
  handler: CommandHandler;

  private readonly deviceEnd: Duplex;
  private readonly decoder = new FrameDecoder();
  private pending: Buffer | undefined;
  private preparing = false;

  constructor(private readonly options: ScriptedDeviceOptions) {
    [this.hostEnd, this.deviceEnd] = createDuplexPair();
    this.handler = options.handler ?? ((body) => Buffer.from([body[0]!, 0x00]));
    this.answerDelayMs = options.answerDelayMs ?? 0;
    this.deviceEnd.on('data', (chunk: Buffer) => this.onBytes(chunk));
  }

  /** Leaves an unacknowledged answer behind, as after a host that crashed mid-exchange. */
  leavePendingAnswer(body: Buffer): void {
    this.pending = encodeFrame(body);
  }

  get hasPendingAnswer(): boolean {
    return this.pending !== undefined;
  }

  private onBytes(chunk: Buffer): void {
    this.received.push(...chunk);
    if (this.silent) return;
    for (const item of this.decoder.push(chunk)) {
      if (item.kind === 'control') this.onControl(item.byte);
      else if (item.kind === 'frame') this.onFrame(item.body);
      else if (item.kind === 'bad-lrc') this.later(() => this.write([LINK.NAK]));
    }
  }

  private onControl(byte: number): void {
    if (byte === LINK.ENQ) {
      this.later(() => {
        if (this.preparing) this.write([LINK.ACK]);
        else if (this.pending) {
          this.write([LINK.ACK]);
          this.sendAnswer(this.pending);
        } else this.write([LINK.NAK]);
      });
    } else if (byte === LINK.ACK) {
      if (this.ignoreNextHostAck) {
        this.ignoreNextHostAck = false;
        return;
      }
      this.pending = undefined;
      if (this.options.tcpTrailer) this.write([LINK.TCP_TRAILER]);
    }
    // NAK: keep the answer; the host asks again with ENQ.
    if (byte === LINK.NAK && this.forgetAnswerOnNak) this.pending = undefined;
  }

  private onFrame(body: Buffer): void {
    if (this.nakNextFrames > 0) {
      this.nakNextFrames -= 1;
      this.later(() => this.write([LINK.NAK]));
      return;
    }
    const answer = this.handler(body);
    this.executed.push(body);
    this.preparing = true;
    const swallow = this.swallowNextCommandAck;
    this.swallowNextCommandAck = false;
    this.later(() => {
      if (!swallow) this.write([LINK.ACK]);
      this.options.clock.setTimer(this.answerDelayMs, () => {
        this.preparing = false;
        this.pending = encodeFrame(answer);
        this.sendAnswer(this.pending);
      });
    });
  }

  private sendAnswer(frame: Buffer): void {
    const wire = Buffer.from(frame);
    if (this.corruptNextAnswers > 0) {
      this.corruptNextAnswers -= 1;
      wire[wire.length - 1] ^= 0xff;
    }
    this.write(wire);
  }

  private later(fn: () => void): void {
    this.options.clock.setTimer(this.options.replyDelayMs ?? 0, fn);
  }

  private write(bytes: Uint8Array | number[]): void {
    if (!this.deviceEnd.destroyed) this.deviceEnd.write(Buffer.from(bytes));
  }
}
