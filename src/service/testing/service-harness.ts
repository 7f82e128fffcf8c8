/**
 * The HTTP service on a real 127.0.0.1:0 socket over the payment core built from fakes
 * (FakePrinter, FakeGateway, an in-memory journal) on a VirtualClock, for the service's
 * tests. Time moves only when a test advances the clock, so "still running" is a stable
 * state to look at. Every answer body is kept, for "no secret in any answer" checks.
 */
import http from 'node:http';
import type { TestContext } from 'node:test';
import { settle, systemClock } from '../../core/clock';
import { fakePaymentCore, type FakePaymentCore } from '../../payment/testing/fake-payment-core';
import type { TestSettingsOverrides } from '../../payment/testing/test-settings';
import { startPaymentHttpService, type PaymentHttpService } from '../payment-http-service';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is, instead of JSON of `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface ServiceHarness extends FakePaymentCore {
  http: PaymentHttpService;
  /** Every answer body received so far. */
  answers: string[];
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  /** Asks `path` until `ok(answer)`, letting the payment's promises run in between. */
  eventually(
    path: string,
    ok: (a: Answer) => boolean,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  /** Advances the virtual clock in steps, letting every timer's work finish. */
  advance(ms: number): Promise<void>;
}

export interface HarnessOptions {
  settings?: TestSettingsOverrides;
  token?: string;
  bodyLimitBytes?: number;
}

export async function serviceHarness(
  t: TestContext,
  options: HarnessOptions = {},
): Promise<ServiceHarness> {
  const core = fakePaymentCore(options.settings);
  const { clock, journal, logger, service } = core;
  const server = await startPaymentHttpService({
    service,
    port: 0,
    token: options.token,
    bodyLimitBytes: options.bodyLimitBytes,
    clock,
    ioClock: systemClock,
    logger,
  });
  t.after(async () => {
    await server.close();
    journal.close();
  });

  const answers: string[] = [];
  const request = async (method: string, path: string, opts: RequestOptions = {}) => {
    const answer = await send(server.url, method, path, opts);
    answers.push(answer.text, JSON.stringify(answer.headers));
    return answer;
  };
  return {
    ...core,
    http: server,
    answers,
    request,
    async eventually(path, ok, headers) {
      let last: Answer | undefined;
      for (let i = 0; i < 100; i++) {
        last = await request('GET', path, { headers });
        if (ok(last)) return last;
        await settle();
      }
      throw new Error(`${path} never became as expected; last answer: ${last?.text}`);
    },
    async advance(ms) {
      // One second at a time, so each poll's gateway call and the events it causes settle.
      for (let done = 0; done < ms; done += 1000) await clock.advance(Math.min(1000, ms - done));
      await settle();
    },
  };
}

/** One request on its own connection (no keep-alive to clean up). */
export function send(
  base: string,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Answer> {
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = { ...opts.headers };
  if (
    payload !== undefined &&
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
  ) {
    headers['content-type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
