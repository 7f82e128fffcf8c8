/**
 * The root of every error the project throws on purpose.
 *
 * `code` is stable and meant for programs (tests assert it, the HTTP service returns it);
 * the message is for people and may change. Context that an engineer or a cashier needs
 * (device error code, gateway retval, timeout in ms) goes into `details`, never secrets.
 */
export class WmqrError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** Thrown when an operation was aborted by its caller (Ctrl+C, cashier abort, shutdown). */
export class AbortedError extends WmqrError {
  constructor(what: string, cause?: unknown) {
    super('ABORTED', `${what} was aborted`, { cause });
  }
}

/** A feature that is declared but not built yet: says so at run time instead of pretending. */
export class NotImplementedError extends WmqrError {
  constructor(what: string, issue: number) {
    super('NOT_IMPLEMENTED', `${what} is not implemented yet (see issue #${issue})`, {
      details: { issue },
    });
  }
}

/** Throws AbortedError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new AbortedError(what, signal.reason);
}
