/** A small Server-Sent Events client for tests: collects messages, waits for one. */
import http from 'node:http';
import { settle } from '../../core/clock';

export interface SseMessage {
  event: string;
  id?: string;
  data: any;
}

export interface SseReader {
  status: number;
  headers: http.IncomingHttpHeaders;
  messages: SseMessage[];
  /** Every byte received, for "no secret" checks. */
  raw(): string;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  /** The first message (already received or coming) that satisfies `ok`. */
  next(ok: (m: SseMessage) => boolean): Promise<SseMessage>;
  close(): void;
}

export function readSse(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers, agent: false }, (res) => {
      const messages: SseMessage[] = [];
      let buffer = '';
      let all = '';
      const waiters: Array<{ ok: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }> =
        [];
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        all += chunk;
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const message = parseBlock(block);
          if (!message) continue;
          messages.push(message);
          for (const w of [...waiters]) {
            if (w.ok(message)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(message);
            }
          }
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        messages,
        raw: () => all,
        ended,
        next(ok) {
          const seen = messages.find(ok);
          if (seen) return Promise.resolve(seen);
          return new Promise<SseMessage>((found, fail) => {
            waiters.push({ ok, resolve: found });
            void ended.then(async () => {
              await settle();
              fail(
                new Error(
                  'the stream ended without the awaited message; got ' +
                    messages.map((m) => m.event).join(', '),
                ),
              );
            });
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

function parseBlock(block: string): SseMessage | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { event, id, data: JSON.parse(data.join('\n')) };
}
