/**
 * Counts the real I/O a simulated shop is waiting for: gateway HTTPS requests and printer
 * link exchanges. While any is in flight the virtual clock stands still (see
 * virtual-time-driver.ts), so a socket that is slow on a busy machine can never look like
 * minutes passing: no poll, countdown or deadline moves on while bytes are on the wire.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** Node publishes every http/https client request here (node:diagnostics_channel). */
const HTTP_CLIENT_REQUEST_START = 'http.client.request.start';

export class IoInFlight {
  private count = 0;

  /** True while at least one tracked operation has not finished. */
  get busy(): boolean {
    return this.count > 0;
  }

  get inFlight(): number {
    return this.count;
  }

  /** Counts `operation` as in flight until it settles; passes its result through. */
  track<T>(operation: Promise<T>): Promise<T> {
    this.count++;
    return operation.finally(() => {
      this.count--;
    });
  }

  /**
   * Counts every HTTP(S) client request made in this process from now on, until the request
   * closes (answered, failed or destroyed). Returns the function that stops counting.
   */
  trackHttpRequests(): () => void {
    const onStart = (message: unknown) => {
      const request = (message as { request: ClientRequest }).request;
      this.count++;
      request.once('close', () => {
        this.count--;
      });
    };
    diagnostics.subscribe(HTTP_CLIENT_REQUEST_START, onStart);
    return () => {
      diagnostics.unsubscribe(HTTP_CLIENT_REQUEST_START, onStart);
    };
  }
}
