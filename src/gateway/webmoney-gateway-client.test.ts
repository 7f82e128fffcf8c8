/**
 * The client against a scripted gateway made with nock (no sockets, no TLS: the real mutual
 * TLS is tested against the mock gateway in simulator/gateway). Time is a VirtualClock, so
 * retry delays, request timeouts and deadlines are exact and instant.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import nock from 'nock';
import { VirtualClock, settle, type TimerHandle } from '../core/clock';
import { MemoryLogger } from '../core/logger';
import type { GatewayState } from '../payment/ports';
import { GatewayError } from './gateway-error';
import { GATEWAY_FAILURES } from './gateway-error-codes';
import {
  WebMoneyGatewayClient,
  type WebMoneyGatewayClientOptions,
} from './webmoney-gateway-client';
import {
  decodeRequest,
  encodeAnswer,
  verifySignature,
  type AnswerPayment,
  type GatewayOperation,
  type GatewayRequest,
} from './wire';
import { rejection } from './testing';

const BASE = 'https://gateway.test/qr';
const KEY = 'nock-agent-key-0xSECRET';
const PASSPHRASE = 'nock-pfx-password-0xSECRET';
const WIRE = { timeZone: 'Europe/Moscow' };
const RETRY_MS = 700;
const TIMEOUT_MS = 5_000;

/** A VirtualClock that can tell whether the client is waiting out a retry delay. */
class TracingClock extends VirtualClock {
  private live = new Map<number, number>();

  override setTimer(ms: number, fn: () => void): TimerHandle {
    this.live.set(ms, (this.live.get(ms) ?? 0) + 1);
    const done = () => this.live.set(ms, (this.live.get(ms) ?? 1) - 1);
    const handle = super.setTimer(ms, () => {
      done();
      fn();
    });
    return {
      cancel: () => {
        done();
        handle.cancel();
      },
    };
  }

  waitingFor(ms: number): boolean {
    return (this.live.get(ms) ?? 0) > 0;
  }
}

/** Lets real I/O callbacks run until `condition` holds; fails instead of hanging. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (condition()) return;
    await settle(1);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`gave up waiting for ${what}`);
}

type Behaviour =
  | { kind: 'ok'; payment?: Partial<AnswerPayment> }
  | { kind: 'retval'; retval: number; retdesc: string }
  | { kind: 'http'; status: number; body?: string }
  | { kind: 'reset' }
  | { kind: 'raw'; body: string }
  | { kind: 'hold' };

interface Received {
  op: GatewayOperation;
  request: GatewayRequest;
  signatureValid: boolean;
  at: number;
}

/** Answers like a gateway, unless a behaviour was queued for the next request. */
class ScriptedGateway {
  readonly received: Received[] = [];
  readonly queue: Behaviour[] = [];
  state: GatewayState = 'NEW';

  constructor(private readonly clock: VirtualClock) {
    nock('https://gateway.test')
      .persist()
      .post(/^\/qr\/Qr(Create|State|Cancel)$/)
      .reply(async (request: Request) => this.answer(request));
  }

  then(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  ops(): GatewayOperation[] {
    return this.received.map((r) => r.op);
  }

  private async answer(request: Request): Promise<[number, string]> {
    const op = new URL(request.url).pathname.split('/').pop() as GatewayOperation;
    const decoded = decodeRequest(op, await request.text(), WIRE);
    this.received.push({
      op,
      request: decoded.request,
      signatureValid: verifySignature(KEY, decoded.signedString, decoded.sign),
      at: this.clock.now(),
    });
    const { reqn } = decoded.request.header;
    const id = decoded.request.payment.id;
    const behaviour = this.queue.shift() ?? { kind: 'ok' };
    switch (behaviour.kind) {
      case 'hold':
        return new Promise(() => undefined);
      case 'reset':
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      case 'http':
        return [behaviour.status, behaviour.body ?? 'Bad Gateway'];
      case 'raw':
        return [200, behaviour.body];
      case 'retval':
        return [200, encodeAnswer({ reqn, ...behaviour }, WIRE)];
      case 'ok': {
        const payment: AnswerPayment = {
          id,
          state: op === 'QrCreate' ? 'NEW' : this.state,
          qr: `https://qr.nspk.ru/AD${id}?type=02`,
          expiresAt: this.clock.now() + 180_000 - (this.clock.now() % 1000),
          paidKopecks: this.state === 'PAID' ? 15050 : undefined,
          ...behaviour.payment,
        };
        return [200, encodeAnswer({ reqn, retval: 0, retdesc: '', payment }, WIRE)];
      }
    }
  }
}

let stateDir: string;
let clock: TracingClock;
let gateway: ScriptedGateway;
let logger: MemoryLogger;
let client: WebMoneyGatewayClient;

function makeClient(overrides: Partial<WebMoneyGatewayClientOptions> = {}) {
  return new WebMoneyGatewayClient({
    baseUrl: BASE,
    agent: '50001',
    point: '100200300',
    agentKey: KEY,
    certificate: { pfx: Buffer.from('not parsed: nock ignores TLS'), passphrase: PASSPHRASE },
    stateDir,
    clock,
    logger,
    requestTimeoutMs: TIMEOUT_MS,
    retryDelayMs: RETRY_MS,
    ...overrides,
  });
}

beforeEach(() => {
  nock.disableNetConnect();
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-client-'));
  clock = new TracingClock();
  gateway = new ScriptedGateway(clock);
  logger = new MemoryLogger();
  client = makeClient();
});

afterEach(() => {
  client.close();
  nock.cleanAll();
  nock.enableNetConnect();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

const SALE = {
  paySystem: 'sbp' as const,
  amountKopecks: 15050,
  description: 'Чек 7',
  ttlSeconds: 180,
};

/** Runs `call`, stepping the clock over every retry delay the client waits out. */
async function withRetries<T>(call: Promise<T>): Promise<T> {
  let settled = false;
  const watched = call.finally(() => (settled = true));
  watched.catch(() => undefined);
  for (;;) {
    await until(() => settled || clock.waitingFor(RETRY_MS), 'an answer or a retry delay');
    if (settled) return watched;
    await clock.advance(RETRY_MS);
  }
}

// ---- happy path -----------------------------------------------------------------------------

test('createQr sends a signed QrCreate and returns the QR and its expiry', async () => {
  const id = await client.newPaymentId();

  const payment = await client.createQr({ id, ...SALE }, { deadline: clock.now() + 30_000 });

  assert.equal(payment.state, 'NEW');
  assert.equal(payment.qr, `https://qr.nspk.ru/AD${id}?type=02`);
  assert.equal(typeof payment.expiresAt, 'number');
  const [sent] = gateway.received;
  assert.equal(sent.signatureValid, true);
  assert.deepEqual(sent.request.payment, {
    id,
    paySystem: 'sbp',
    amountKopecks: 15050,
    currency: 'RUB',
    test: false,
    date: clock.now(),
    description: 'Чек 7',
    ttlSeconds: 180,
  });
  assert.deepEqual(sent.request.header, {
    reqn: sent.request.header.reqn,
    wmid: '0',
    agent: '50001',
    point: '100200300',
    crsId: '0',
  });
});

test(
  'getState returns PAID with the amount to the kopeck; ' + 'cancel returns the final state',
  async () => {
    gateway.state = 'PAID';
    const id = await client.newPaymentId();
    const deadline = clock.now() + 30_000;

    const state = await client.getState(id, { deadline });
    const cancelled = await client.cancel(id, { deadline });

    assert.equal(state.state, 'PAID');
    assert.equal(state.paidKopecks, 15050);
    assert.equal(cancelled.state, 'PAID');
    assert.deepEqual(gateway.ops(), ['QrState', 'QrCancel']);
  },
);

test('every request gets a larger reqn, also across a restart of the client', async () => {
  const id = await client.newPaymentId();
  const deadline = clock.now() + 30_000;
  await client.getState(id, { deadline });
  await client.getState(id, { deadline });
  client.close();
  client = makeClient({ clock: new TracingClock(clock.now() - 3_600_000) });

  await client.getState(id, { deadline: Infinity });

  const reqns = gateway.received.map((r) => Number(r.request.header.reqn));
  assert.ok(reqns[0] < reqns[1] && reqns[1] < reqns[2], `${reqns}`);
});

test('test mode marks payments with test="1"', async () => {
  client.close();
  client = makeClient({ test: true });
  const id = await client.newPaymentId();

  await client.createQr({ id, ...SALE }, { deadline: clock.now() + 30_000 });

  assert.equal((gateway.received[0].request.payment as { test: boolean }).test, true);
});

// ---- retries --------------------------------------------------------------------------------

test('5xx, reset and -100 are retried with the same id, amount and date', async () => {
  gateway.then(
    { kind: 'http', status: 502 },
    { kind: 'reset' },
    { kind: 'retval', retval: -100, retdesc: 'busy' },
  );
  const id = await client.newPaymentId();
  const started = clock.now();

  const payment = await withRetries(
    client.createQr({ id, ...SALE }, { deadline: clock.now() + 30_000 }),
  );

  assert.equal(payment.state, 'NEW');
  assert.equal(gateway.received.length, 4);
  const first = gateway.received[0].request.payment;
  for (const r of gateway.received) assert.deepEqual(r.request.payment, first);
  assert.deepEqual(
    gateway.received.map((r) => r.at - started),
    [0, RETRY_MS, 2 * RETRY_MS, 3 * RETRY_MS],
  );
  assert.equal(new Set(gateway.received.map((r) => r.request.header.reqn)).size, 4);
});

test('unreadable XML is retried like a cut connection', async () => {
  gateway.then({ kind: 'raw', body: '<w3s.response><reqn>1</reqn><retval>0<' });
  const id = await client.newPaymentId();

  const payment = await withRetries(client.getState(id, { deadline: clock.now() + 30_000 }));

  assert.equal(payment.state, 'NEW');
  assert.equal(gateway.received.length, 2);
});

test('a request with no answer times out after requestTimeoutMs and is sent again', async () => {
  gateway.then({ kind: 'hold' });
  const id = await client.newPaymentId();
  const started = clock.now();
  const call = client.getState(id, { deadline: started + 60_000 });

  await until(() => gateway.received.length === 1, 'the first request');
  await clock.advance(TIMEOUT_MS);
  const payment = await withRetries(call);

  assert.equal(payment.state, 'NEW');
  assert.deepEqual(
    gateway.received.map((r) => r.at - started),
    [0, TIMEOUT_MS + RETRY_MS],
  );
  assert.match(logger.text(), /GATEWAY_TIMEOUT/);
});

test(
  'a request never runs past the deadline: ' + 'a slow answer ends at the deadline exactly',
  async () => {
    gateway.then({ kind: 'hold' });
    const id = await client.newPaymentId();
    const deadline = clock.now() + 3_000;
    const call = client.getState(id, { deadline });
    const failed = assert.rejects(call, (error: GatewayError) => {
      assert.equal(error.code, 'GATEWAY_DEADLINE');
      assert.equal(error.retryable, false);
      return true;
    });

    await until(() => gateway.received.length === 1, 'the first request');
    await clock.advance(2_999);
    assert.equal(clock.waitingFor(3_000), true, 'the request timer was cut to the deadline');
    await clock.advance(1);

    await failed;
    assert.equal(clock.now(), deadline);
    assert.equal(gateway.received.length, 1);
  },
);

test('transient failures end in GATEWAY_DEADLINE, no request after the deadline', async () => {
  gateway.then(...Array.from({ length: 20 }, () => ({ kind: 'http' as const, status: 503 })));
  const id = await client.newPaymentId();
  // Not a multiple of RETRY_MS: a request timer cut to the deadline never looks like a delay.
  const deadline = clock.now() + 3_600;

  const error = await withRetries(client.getState(id, { deadline })).catch((e: GatewayError) => e);

  assert.ok(error instanceof GatewayError);
  assert.equal(error.code, 'GATEWAY_DEADLINE');
  assert.equal(error.httpStatus, 503);
  assert.equal(error.details.lastCode, 'GATEWAY_HTTP');
  assert.ok(error.cause instanceof GatewayError);
  // Sent at 0, 700, ... 3500; a seventh would start after the deadline.
  assert.deepEqual(
    gateway.received.map((r) => r.at - (deadline - 3_600)),
    [0, 1, 2, 3, 4, 5].map((n) => n * RETRY_MS),
  );
  assert.ok(clock.now() <= deadline);
});

test('a deadline already passed sends nothing', async () => {
  const id = await client.newPaymentId();

  await assert.rejects(client.getState(id, { deadline: clock.now() }), {
    code: 'GATEWAY_DEADLINE',
  });

  assert.equal(gateway.received.length, 0);
});

test(
  'reqn refused as not increasing (-3): ' + 'the floor jumps and the request is sent once more',
  async () => {
    gateway.then({ kind: 'retval', retval: -3, retdesc: 'reqn is not greater' });
    const id = await client.newPaymentId();

    const payment = await client.getState(id, { deadline: clock.now() + 30_000 });

    const [first, second] = gateway.received.map((r) => Number(r.request.header.reqn));
    assert.equal(payment.state, 'NEW');
    assert.ok(second - first >= 60_000, `${first} → ${second}`);
  },
);

test('-3 twice in a row is GATEWAY_REQN, not a loop', async () => {
  const refusal = { kind: 'retval' as const, retval: -3, retdesc: 'reqn is not greater' };
  gateway.then(refusal, refusal, refusal);
  const id = await client.newPaymentId();

  await assert.rejects(client.getState(id, { deadline: clock.now() + 30_000 }), {
    code: 'GATEWAY_REQN',
    retval: -3,
  });
  assert.equal(gateway.received.length, 2);
});

// ---- failures that are not retried ----------------------------------------------------------

test('each refusal retval maps to its own code, with retval and retdesc, sent once', async () => {
  const table: Array<[number, string]> = [
    [-1, 'GATEWAY_REQUEST_INVALID'],
    [-2, 'GATEWAY_SIGNATURE'],
    [-4, 'GATEWAY_UNKNOWN_POINT'],
    [-5, 'GATEWAY_ID_CONFLICT'],
    [-6, 'GATEWAY_NOT_FOUND'],
    [-7, 'GATEWAY_PAYSYSTEM_DISABLED'],
    [-8, 'GATEWAY_AMOUNT_LIMITS'],
    [-42, 'GATEWAY_RETVAL'],
  ];
  for (const [retval, code] of table) {
    gateway.received.length = 0;
    gateway.then({ kind: 'retval', retval, retdesc: `because ${retval}` });
    const id = await client.newPaymentId();

    const error = await rejection(
      client.createQr({ id, ...SALE }, { deadline: clock.now() + 30_000 }),
    );

    assert.ok(error instanceof GatewayError, code);
    assert.equal(error.code, code);
    assert.equal(error.retval, retval);
    assert.equal(error.retdesc, `because ${retval}`);
    assert.equal(error.retryable, false);
    assert.equal(gateway.received.length, 1, code);
  }
});

test('HTTP 4xx is GATEWAY_HTTP and not retried', async () => {
  gateway.then({ kind: 'http', status: 404, body: 'no such path' });
  const id = await client.newPaymentId();

  await assert.rejects(client.getState(id, { deadline: clock.now() + 30_000 }), {
    code: 'GATEWAY_HTTP',
    httpStatus: 404,
    retryable: false,
  });
  assert.equal(gateway.received.length, 1);
});

test(
  'an unknown state or a missing field is GATEWAY_BAD_ANSWER naming it, ' + 'not retried',
  async () => {
    gateway.then({ kind: 'ok', payment: { state: 'SETTLED' as GatewayState } });
    gateway.then({ kind: 'ok', payment: { qr: undefined } });
    const deadline = clock.now() + 30_000;
    const id = await client.newPaymentId();

    const unknown = await rejection(client.getState(id, { deadline }));
    const missing = await rejection(client.createQr({ id, ...SALE }, { deadline }));

    assert.equal(unknown.code, 'GATEWAY_BAD_ANSWER');
    assert.match(unknown.message, /"SETTLED" is not one of/);
    assert.equal(missing.code, 'GATEWAY_BAD_ANSWER');
    assert.match(missing.message, /payment\/qr is missing/);
    assert.equal(gateway.received.length, 2);
  },
);

test('the cashier abort stops a request in flight with ABORTED', async () => {
  gateway.then({ kind: 'hold' });
  const id = await client.newPaymentId();
  const abort = new AbortController();
  const call = client.getState(id, { deadline: clock.now() + 30_000, signal: abort.signal });

  await until(() => gateway.received.length === 1, 'the request');
  abort.abort();

  await assert.rejects(call, { code: 'ABORTED' });
  assert.equal(clock.pendingTimers(), 0);
});

test('bad input is refused before anything is sent', async () => {
  const deadline = clock.now() + 30_000;
  const id = await client.newPaymentId();
  const bad = [
    { id: '0123', ...SALE },
    { id, ...SALE, amountKopecks: 0 },
    { id, ...SALE, amountKopecks: 1.5 },
    { id, ...SALE, paySystem: 'visa' as 'sbp' },
    { id, ...SALE, description: 'x'.repeat(256) },
    { id, ...SALE, ttlSeconds: 0 },
  ];

  for (const request of bad) {
    await assert.rejects(client.createQr(request, { deadline }), {
      code: 'GATEWAY_REQUEST_INVALID',
    });
  }
  assert.equal(gateway.received.length, 0);
});

test('settings mistakes are GATEWAY_CONFIG errors that say what to fix', () => {
  const cases: Array<[Partial<WebMoneyGatewayClientOptions>, RegExp]> = [
    [{ baseUrl: 'http://gateway.test' }, /must start with https/],
    [{ baseUrl: 'gateway' }, /not a URL/],
    [{ agentKey: '' }, /agent key is empty/],
    [{ point: '12a' }, /POS number "12a"/],
    [{ wmid: '123' }, /WMID "123"/],
    [{ timeZone: 'Moscow' }, /Time zone "Moscow"/],
    [{ requestTimeoutMs: 0 }, /requestTimeoutMs/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => makeClient(options), { code: 'GATEWAY_CONFIG', message });
  }
});

// ---- secrets, messages, logs ----------------------------------------------------------------

test('the agent key and the pfx password never reach logs, errors or inspection', async () => {
  gateway.then({ kind: 'retval', retval: -2, retdesc: 'signature does not match' });
  const id = await client.newPaymentId();

  const error = await rejection(client.getState(id, { deadline: clock.now() + 30_000 }));
  await client.getState(id, { deadline: clock.now() + 30_000 });

  const seen = [
    logger.text(),
    util.inspect(client, { depth: 10, showHidden: true }),
    JSON.stringify(client),
    util.inspect(error, { depth: 10 }),
    JSON.stringify(error.details),
  ].join('\n');
  assert.doesNotMatch(seen, /0xSECRET/);
  assert.match(logger.text(), /\[redacted\]<\/sign>/);
});

test('state changes are logged once at info; requests and answers at debug', async () => {
  const id = await client.newPaymentId();
  const deadline = clock.now() + 30_000;

  await client.getState(id, { deadline });
  await client.getState(id, { deadline });
  gateway.state = 'PAID';
  await client.getState(id, { deadline });

  const info = logger.records.filter((r) => r.level === 'info').map((r) => r.fields.state);
  const debug = logger.records.filter((r) => r.level === 'debug').map((r) => r.msg);
  assert.deepEqual(info, ['NEW', 'PAID']);
  assert.equal(debug.filter((m) => m === 'gateway request').length, 3);
  assert.equal(debug.filter((m) => m === 'gateway answer').length, 3);
});

test('every error code has a cashier message in Russian and in English', () => {
  for (const code of Object.keys(GATEWAY_FAILURES) as Array<keyof typeof GATEWAY_FAILURES>) {
    const error = new GatewayError(code, 'x');

    assert.match(error.cashierMessage, /[а-яё]/i, code);
    assert.match(error.cashierMessageIn('en'), /^[\x20-\x7e]+$/, code);
    assert.notEqual(error.cashierMessage, error.cashierMessageIn('en'));
  }
});
