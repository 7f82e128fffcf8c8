/**
 * Failures of the link layer, one class per phase, each with a stable code and the context an
 * engineer needs (which command, which phase, the timeout in ms, how many attempts).
 */
import { WmqrError } from '../../core/errors';

export type LinkPhase = 'enq' | 'command-ack' | 'answer';

/** The device stayed silent: after ENQ (no link) or while preparing the answer. */
export class PrinterNoAnswerError extends WmqrError {
  constructor(
    readonly phase: LinkPhase,
    readonly timeoutMs: number,
    command: string,
    attempts: number,
  ) {
    const what =
      phase === 'answer'
        ? `did not answer command ${command}h within ${timeoutMs} ms`
        : `did not answer ENQ within ${timeoutMs} ms (${attempts} attempts): check the ` +
          `cable, the port or address and the baud rate`;
    super('PRINTER_NO_ANSWER', `The printer ${what}`, {
      details: { phase, timeoutMs, command, attempts },
    });
  }
}

/** The device kept refusing or garbling frames until the retries ran out. */
export class PrinterLinkFailedError extends WmqrError {
  constructor(reason: string, command: string, attempts: number) {
    super(
      'PRINTER_LINK_FAILED',
      `The link to the printer failed for command ${command}h ` +
        `after ${attempts} attempts: ${reason}`,
      { details: { reason, command, attempts } },
    );
  }
}

/**
 * The device accepted the command but its answer is gone (it reports idle). The command may
 * have run, so it is not repeated; the caller must check the device state.
 */
export class PrinterAnswerLostError extends WmqrError {
  constructor(command: string) {
    super(
      'PRINTER_ANSWER_LOST',
      `The printer accepted command ${command}h but its answer was lost; the command may ` +
        `have run, check the printer state before repeating it`,
      { details: { command } },
    );
  }
}

/** An answer that does not belong to the command that was sent. */
export class PrinterProtocolError extends WmqrError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PRINTER_PROTOCOL_ERROR', message, { details });
  }
}

/** The connection (serial port, socket, stream) closed or failed. */
export class PrinterConnectionClosedError extends WmqrError {
  constructor(target: string, cause?: unknown) {
    super('PRINTER_CONNECTION_CLOSED', `The connection to the printer at ${target} is closed`, {
      cause,
      details: { target },
    });
  }
}
