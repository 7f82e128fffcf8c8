/**
 * Who may call the service. A web page the cashier happens to open must not be able to start
 * or cancel payments through the cashier's browser, so:
 *  - a request that carries an Origin other than the service's own is refused (browsers send
 *    Origin on every cross-site POST, and on fetches);
 *  - when listening on loopback, the Host header must name loopback too (DNS rebinding: a
 *    foreign name resolved to 127.0.0.1 would otherwise count as "the same origin");
 *  - with a token set, /v1/* needs "Authorization: Bearer <token>".
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServiceRequestError } from '../service-errors';
import { isLoopbackHost } from '../service-settings';

export function checkHostAndOrigin(req: IncomingMessage, listenHost: string): void {
  const hostHeader = req.headers.host;
  if (hostHeader !== undefined && isLoopbackHost(listenHost)) {
    const name = hostName(hostHeader);
    if (!isLoopbackHost(name)) {
      throw new ServiceRequestError(
        'HTTP_FORBIDDEN_HOST',
        `Host "${hostHeader}" is not this till: call the service as 127.0.0.1 or localhost`,
      );
    }
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader ?? ''}`) {
    throw new ServiceRequestError(
      'HTTP_FORBIDDEN_ORIGIN',
      `Requests from web pages of other origins (${origin}) are refused: ` +
        'call the service from the POS program, not from a browser page',
    );
  }
}

export function checkBearer(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
  if (!match || !sameSecret(match[1], token)) {
    throw new ServiceRequestError(
      'HTTP_UNAUTHORIZED',
      'Send "Authorization: Bearer <token>" with the token from WMQR_HTTP_TOKEN',
    );
  }
}

/** Compares in constant time, on digests so that the length does not leak either. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/** "127.0.0.1:7790" → "127.0.0.1", "[::1]:7790" → "::1", "localhost" → "localhost". */
function hostName(header: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1];
  return header.replace(/:\d+$/, '').toLowerCase();
}
