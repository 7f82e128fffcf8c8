/**
 * Fault injection for tests and QA: paper, busy printer, broken frames, a silent or vanished
 * device and a slow line. Each method says what a real register would do in that situation.
 */
import type { PaperOutPlan, ShtrihDevice } from './fiscal-device';
import type { LinkFaultState } from './link/link-responder';
import { WmqrError } from '../../src/core/errors';

export class EmulatorFaults {
  /** Shared with every link responder. */
  readonly link: LinkFaultState = {
    stopped: false,
    corruptNextAnswerLrc: false,
    swallowNextAck: false,
    swallowNextAnswer: false,
  };
  private baud: number | null = null;

  constructor(
    private readonly device: ShtrihDevice,
    private readonly dropLinks: () => void,
  ) {}

  /** The roll is empty now: status submode 1, print commands answer 6Bh until a refill. */
  paperOutNow(plan: PaperOutPlan = {}): void {
    this.device.paperOutNow(plan);
  }

  /**
   * The next printing command is accepted (error 0), but the paper runs out while it prints:
   * submode 2 until the refill, then 3 (print commands answer 58h) until B0h, which prints
   * the interrupted part after a "new roll" mark.
   */
  paperOutDuringNextPrint(plan: PaperOutPlan = {}): void {
    this.device.paperOutDuringNextPrint(plan);
  }

  refillPaper(): void {
    this.device.refillPaper();
  }

  /** The next `n` commands, status polls included, answer 50h "printing previous command". */
  busyForPolls(n: number): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new WmqrError('EMULATOR_BAD_FAULT', `busyForPolls needs a count >= 0, not ${n}`);
    }
    this.device.busyCommands = n;
  }

  /** The next answer frame goes out with a wrong LRC; the resend after ENQ is correct. */
  corruptNextAnswerLrc(): void {
    this.link.corruptNextAnswerLrc = true;
  }

  /** The next command executes and is answered, but its ACK byte never reaches the host. */
  swallowNextAck(): void {
    this.link.swallowNextAck = true;
  }

  /**
   * The next command is ACKed and executes, and its answer is prepared, but the answer frame
   * is lost on the wire. The device keeps it pending, as a real register does: the host's next
   * ENQ gets ACK and that answer, and a new command frame is refused (NAK) until then. Unlike
   * swallowNextAck, the host learns the command was taken but hears nothing more.
   */
  swallowNextAnswer(): void {
    this.link.swallowNextAnswer = true;
  }

  /** The device goes silent: no ACK, NAK or answer, whatever arrives. */
  stopAnswering(): void {
    this.link.stopped = true;
  }

  resumeAnswering(): void {
    this.link.stopped = false;
  }

  /** Closes all open connections (TCP, stream pair, mock port) from the device side. */
  dropConnection(): void {
    this.dropLinks();
  }

  /** Delays each byte, both ways, by its time at `baud` (10 bits a byte); null = instant. */
  setWireSpeed(baud: number | null): void {
    if (baud !== null && (!Number.isFinite(baud) || baud <= 0)) {
      throw new WmqrError('EMULATOR_BAD_FAULT', `wire speed must be a baud rate > 0, not ${baud}`);
    }
    this.baud = baud;
  }

  get wireSpeed(): number | null {
    return this.baud;
  }
}
