/**
 * Writing answers: JSON with fixed security headers, and errors as `{error: {code, message}}`
 * with the stable code of the WmqrError behind them. An error that is not ours is answered
 * with a generic message: its text was never checked for what it might reveal.
 */
import type { ServerResponse } from 'node:http';
import { WmqrError } from '../../core/errors';
import { redact } from '../../core/logger';
import { httpStatusFor } from '../service-errors';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** The request field that was wrong (e.g. "amount", "items[1].price"). */
    field?: string;
    details?: Record<string, unknown>;
  };
}

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`, headers);
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': contentType,
    'content-length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

/** The status and body an error is answered with. */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody } {
  if (!(error instanceof WmqrError)) {
    return {
      status: 500,
      body: {
        error: { code: 'INTERNAL_ERROR', message: 'Unexpected error: see the service log' },
      },
    };
  }
  const details = { ...error.details } as Record<string, unknown>;
  const field = typeof details.field === 'string' ? details.field : undefined;
  delete details.field;
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (field) body.error.field = field;
  // Details never hold secrets by rule; redaction is the belt to that pair of braces.
  if (Object.keys(details).length > 0) {
    body.error.details = redact(details) as Record<string, unknown>;
  }
  return { status: httpStatusFor(error.code), body };
}

export function sendError(
  res: ServerResponse,
  error: unknown,
  headers: Record<string, string> = {},
): number {
  const { status, body } = errorAnswer(error);
  const extra = { ...headers };
  // The unread rest of an oversized body must not be taken for the next request.
  if (body.error.code === 'HTTP_BODY_TOO_LARGE') extra.connection = 'close';
  sendJson(res, status, body, extra);
  return status;
}
