/**
 * Server-Sent Events (text/event-stream): one `event:` name, one `id:` and one JSON `data:`
 * line per message. Comment lines at an interval keep an idle stream from being dropped.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock, type TimerHandle } from '../../core/clock';

export interface EventStreamOptions {
  /** Clock for the keep-alive comments: real time, even when payments run on a virtual one. */
  ioClock?: Clock;
  heartbeatMs: number;
  /** Milliseconds a browser waits before it reconnects after the stream broke. */
  retryMs?: number;
}

export interface EventStream {
  readonly closed: boolean;
  send(event: string, data: unknown, id?: number): void;
  /** Ends the stream from the server side. */
  close(): void;
  /** Called once, when the stream ends from either side. */
  onClose(listener: () => void): void;
}

export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  options: EventStreamOptions,
): EventStream {
  const clock = options.ioClock ?? systemClock;
  const listeners: Array<() => void> = [];
  let closed = false;
  let heartbeat: TimerHandle | undefined;

  const finish = () => {
    if (closed) return;
    closed = true;
    heartbeat?.cancel();
    for (const listener of listeners.splice(0)) listener();
  };
  const beat = () => {
    if (closed) return;
    res.write(': keep-alive\n\n');
    heartbeat = clock.setTimer(options.heartbeatMs, beat);
  };

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
    // Tells a reverse proxy (nginx) not to hold events back in its buffer.
    'x-accel-buffering': 'no',
  });
  if (req.method === 'HEAD') {
    // A HEAD asks only whether the stream exists: there is no body to keep open.
    res.end();
    return { closed: true, send: () => undefined, close: () => undefined, onClose: (fn) => fn() };
  }
  res.write(`retry: ${options.retryMs ?? 2000}\n\n`);
  heartbeat = clock.setTimer(options.heartbeatMs, beat);
  req.on('close', finish);
  res.on('close', finish);

  return {
    get closed() {
      return closed;
    },
    send(event, data, id) {
      if (closed) return;
      const idLine = id === undefined ? '' : `id: ${id}\n`;
      res.write(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      res.end();
      finish();
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}

/** The id after which a reconnecting client wants events (Last-Event-ID header or ?after=). */
export function lastEventId(req: IncomingMessage, query: URLSearchParams): number {
  const text = String(req.headers['last-event-id'] ?? query.get('after') ?? '');
  return /^\d{1,15}$/.test(text) ? Number(text) : 0;
}
