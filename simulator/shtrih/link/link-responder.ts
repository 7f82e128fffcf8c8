/**
 * The device side of the standard lower level (p. 8, appendix 2 p. 72), for one link:
 *
 * - ENQ when idle -> NAK ("ready for a command"); ENQ with an answer not yet acknowledged ->
 *   ACK, then that answer again.
 * - A command frame with a good LRC -> ACK, execute, send the answer unprompted; the answer
 *   stays pending until the host ACKs it. A bad LRC, or a frame cut short by the byte
 *   timeout -> NAK, nothing executed.
 * - NAK from the host after an answer: the device does not resend by itself, it waits for ENQ.
 * - A new frame while an answer is still pending is not taken (NAK): the host must first
 *   collect that answer with ENQ, so a command never runs twice and no answer is lost.
 * - Over TCP, one 0xFF byte follows the host's ACK of an answer (appendix 3 note, p. 74).
 */
import type { Clock, TimerHandle } from '../../../src/core/clock';
import type { Logger } from '../../../src/core/logger';
import { encodeFrame, FrameDecoder, hex } from '../../../src/printer/protocol/frame-codec';
import { LINK } from '../../../src/printer/protocol/link-bytes';
import { TWO_BYTE_PREFIX } from '../../../src/printer/protocol/shtrih-constants';
import type { LinkInfo, ShtrihDevice } from '../fiscal-device';

/** One-shot and lasting link faults, shared by every link of an emulator. */
export interface LinkFaultState {
  /** Ignore everything the host sends. */
  stopped: boolean;
  /** Send the next answer with a wrong LRC (a resend after ENQ is correct). */
  corruptNextAnswerLrc: boolean;
  /** Execute the next command but do not send its ACK. */
  swallowNextAck: boolean;
  /** ACK and execute the next command, keep its answer pending, but do not send it. */
  swallowNextAnswer: boolean;
}

export interface LinkResponderOptions {
  device: ShtrihDevice;
  clock: Clock;
  logger: Logger;
  faults: LinkFaultState;
  link: LinkInfo;
  /** Bytes to the host. */
  send: (bytes: Buffer) => void;
  /** 0 disables (TCP: the byte timeout does not apply to port 128, p. 21 note 5). */
  byteTimeoutMs: number;
}

export class LinkResponder {
  private readonly decoder = new FrameDecoder();
  private pendingAnswer: Buffer | undefined;
  private byteTimer: TimerHandle | undefined;

  constructor(private readonly options: LinkResponderOptions) {}

  /** The answer frame the host has not acknowledged yet, if any. */
  get pending(): Buffer | undefined {
    return this.pendingAnswer;
  }

  receive(chunk: Uint8Array): void {
    if (this.options.faults.stopped) {
      this.decoder.reset();
      return;
    }
    for (const item of this.decoder.push(chunk)) {
      switch (item.kind) {
        case 'control':
          this.onControl(item.byte);
          break;
        case 'frame':
          this.onFrame(item.body);
          break;
        case 'bad-lrc':
          this.options.logger.debug('command frame with bad LRC: NAK', { body: hex(item.body) });
          this.sendByte(LINK.NAK);
          break;
        case 'garbage':
          this.options.logger.debug('ignored bytes between frames', { bytes: hex(item.bytes) });
          break;
      }
    }
    this.armByteTimeout();
  }

  close(): void {
    this.byteTimer?.cancel();
    this.byteTimer = undefined;
  }

  private onControl(byte: number): void {
    if (byte === LINK.ENQ) {
      if (this.pendingAnswer) {
        this.sendByte(LINK.ACK);
        this.options.send(this.pendingAnswer);
      } else {
        this.sendByte(LINK.NAK);
      }
      return;
    }
    if (byte === LINK.ACK && this.pendingAnswer) {
      this.pendingAnswer = undefined;
      if (this.options.link.tcp) this.sendByte(LINK.TCP_TRAILER);
    }
    // NAK after an answer: keep it pending until ENQ. ACK/NAK when idle mean nothing.
  }

  private onFrame(body: Buffer): void {
    if (this.pendingAnswer) {
      this.options.logger.debug('command frame while an answer is pending: NAK');
      this.sendByte(LINK.NAK);
      return;
    }
    const faults = this.options.faults;
    if (faults.swallowNextAck) faults.swallowNextAck = false;
    else this.sendByte(LINK.ACK);

    const answer = encodeFrame(this.options.device.execute(body, this.options.link));
    this.pendingAnswer = answer;
    if (faults.swallowNextAnswer) {
      // Lost on the wire: the device still holds it and sends it after the next ENQ.
      faults.swallowNextAnswer = false;
      const command = hex(body.subarray(0, body[0] === TWO_BYTE_PREFIX ? 2 : 1));
      this.options.logger.debug('answer frame lost on the wire (fault)', { command });
      return;
    }
    if (faults.corruptNextAnswerLrc) {
      faults.corruptNextAnswerLrc = false;
      const broken = Buffer.from(answer);
      broken[broken.length - 1] ^= 0xff;
      this.options.send(broken);
    } else {
      this.options.send(answer);
    }
  }

  private armByteTimeout(): void {
    this.byteTimer?.cancel();
    this.byteTimer = undefined;
    const ms = this.options.byteTimeoutMs;
    if (ms <= 0 || !this.decoder.inFrame) return;
    this.byteTimer = this.options.clock.setTimer(ms, () => {
      this.byteTimer = undefined;
      if (!this.decoder.inFrame) return;
      this.decoder.reset();
      this.options.logger.debug('frame cut short by the byte timeout: NAK', { ms });
      this.sendByte(LINK.NAK);
    });
  }

  private sendByte(byte: number): void {
    this.options.send(Buffer.from([byte]));
  }
}
