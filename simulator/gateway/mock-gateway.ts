/**
 * A WebMoney QR gateway on 127.0.0.1 for tests, demos and third-party drivers: real HTTPS
 * with client certificates from the test CA, the same wire module as the client, and every
 * rule of the protocol enforced — certificate CN = point, HMAC signature, increasing reqn per
 * point, id idempotency, payment-system and amount checks.
 *
 * Requests are checked in this order, the first failure answering: XML → client certificate
 * trusted → agent and point known → certificate CN = point → signature → reqn increasing →
 * the operation. Payments live in memory on the injected clock.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { sleep, systemClock, type Clock } from '../../src/core/clock';
import { silentLogger, type Logger } from '../../src/core/logger';
import type { Kopecks } from '../../src/core/money';
import { PAY_SYSTEMS, type PaySystem } from '../../src/payment/ports';
import {
  CONTENT_TYPE,
  DEFAULT_TIME_ZONE,
  MAX_BODY_BYTES,
  OPERATIONS,
  RETVAL,
  WireFormatError,
  decodeRequest,
  decodeXmlBody,
  encodeAnswer,
  peekRequest,
  redactSignature,
  verifySignature,
  type AnswerPayment,
  type GatewayAnswer,
  type GatewayOperation,
  type GatewayRequest,
} from '../../src/gateway/wire';
import { CustomerControl, handleCustomerHttp } from './customer-control';
import { MockGatewayError } from './mock-gateway-error';
import { MockPaymentBook, answerOf, createDataKey, type MockPayment } from './mock-payment-book';
import type { FailureKind, PaymentScript } from './payment-script';
import type { RecordedRequest } from './recorded-request';

export interface MockPointConfig {
  point: string;
  agent: string;
  agentKey: string;
  /** Payment systems enabled for the point (default: all four). */
  paySystems?: PaySystem[];
  /** Smallest and largest amount accepted (default 1 kopeck .. 1 000 000 rubles). */
  minKopecks?: Kopecks;
  maxKopecks?: Kopecks;
}

export interface MockGatewayTls {
  /** The CA that client certificates must chain to. */
  caCertPem: string | Buffer;
  serverCertPem: string | Buffer;
  serverKeyPem: string | Buffer;
}

export interface MockGatewayOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  tls: MockGatewayTls;
  points: MockPointConfig[];
  clock?: Clock;
  logger?: Logger;
  /** Zone of the wire's dates; must match the client's (default Europe/Moscow). */
  timeZone?: string;
  /** Script for payments that get no other (default: wait for the customer control). */
  defaultScript?: PaymentScript;
}

export const MOCK_DEFAULT_MAX_KOPECKS = 1_000_000_00;

interface Reply {
  answer?: GatewayAnswer;
  failure?: FailureKind;
  /** The payment this request is about, for slow-answer scripts. */
  script?: PaymentScript;
}

export class MockGateway {
  readonly url: string;
  readonly requests: RecordedRequest[] = [];
  readonly customer: CustomerControl;
  private readonly book: MockPaymentBook;
  private readonly lastReqn = new Map<string, bigint>();
  private readonly points: Map<string, MockPointConfig>;
  private readonly stopping = new AbortController();
  private readonly timeZone: string;
  private requestSeq = 0;

  private constructor(
    private readonly server: https.Server,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: MockGatewayOptions,
  ) {
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `https://${host}:${address.port}`;
    this.points = new Map(options.points.map((p) => [p.point, p]));
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.book = new MockPaymentBook(clock, logger, options.defaultScript);
    this.customer = new CustomerControl(this.book);
  }

  static async start(options: MockGatewayOptions): Promise<MockGateway> {
    if (options.points.length === 0) throw new Error('MockGateway.start: give at least one point');
    const server = https.createServer({
      key: options.tls.serverKeyPem,
      cert: options.tls.serverCertPem,
      ca: options.tls.caCertPem,
      requestCert: true,
      // Checked per request instead, so that a refusal is a proper -2 answer and the
      // customer control works from a browser without a client certificate.
      rejectUnauthorized: false,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const clock = options.clock ?? systemClock;
    const logger = (options.logger ?? silentLogger).child({ component: 'mock-gateway' });
    const gateway = new MockGateway(server, clock, logger, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      gateway.handle(req, res).catch((error: unknown) => {
        logger.error('mock gateway: request failed', { error });
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
    logger.info('mock gateway listening', { url: gateway.url });
    return gateway;
  }

  /** Script for the next payment created (queued). */
  scriptNext(script: PaymentScript): void {
    this.book.scriptNext(script);
  }

  /** Script for payment `id` (of `point`, default the first configured point). */
  script(id: string, script: PaymentScript, point = this.firstPoint()): void {
    this.book.script(point, id, script);
  }

  /** Script for payments that get no other. */
  setDefaultScript(script: PaymentScript): void {
    this.book.setDefaultScript(script);
  }

  /** Changes a configured point on the fly (enabled payment systems, limits, agent key). */
  updatePoint(point: string, changes: Partial<Omit<MockPointConfig, 'point'>>): void {
    const config = this.points.get(point);
    if (!config)
      throw new MockGatewayError('MOCK_NO_POINT', `the mock gateway has no point ${point}`);
    this.points.set(point, { ...config, ...changes });
  }

  /** The payment as it is now (a live object; copy it to keep a snapshot). */
  payment(id: string, point?: string): MockPayment | undefined {
    return this.book.find(id, point);
  }

  payments(): MockPayment[] {
    return this.book.all();
  }

  /** Requests received for one operation (and payment). */
  requestsFor(op: GatewayOperation, id?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.op === op && (id === undefined || r.id === id));
  }

  /** Forgets the record of requests (payments and reqn floors stay). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** The last reqn accepted from `point`, e.g. to simulate another till racing ahead. */
  lastReqnOf(point: string): string | undefined {
    return this.lastReqn.get(point)?.toString();
  }

  setLastReqn(point: string, reqn: string): void {
    this.lastReqn.set(point, BigInt(reqn));
  }

  async close(): Promise<void> {
    this.stopping.abort(new Error('mock gateway closed'));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private firstPoint(): string {
    return this.points.keys().next().value as string;
  }

  // ---- HTTP -----------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/customer')) {
      const body = await readBody(req);
      handleCustomerHttp(this.customer, req.method ?? 'GET', url, body, res);
      return;
    }
    const op = url.pathname.slice(1) as GatewayOperation;
    if (!(OPERATIONS as readonly string[]).includes(op)) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain' })
        .end(`no such operation: ${url.pathname}\n`);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' }).end('POST only\n');
      return;
    }

    const record: RecordedRequest = { seq: ++this.requestSeq, op, at: this.clock.now() };
    this.requests.push(record);
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413, { 'Content-Type': 'text/plain' }).end('body too large\n');
      record.httpStatus = 413;
      return;
    }
    const reply = this.process(op, body, req, record);
    await this.slowDown(op, reply.script);
    this.send(reply, record, res, req);
  }

  private send(reply: Reply, record: RecordedRequest, res: ServerResponse, req: IncomingMessage) {
    record.answeredAt = this.clock.now();
    switch (reply.failure) {
      case 'reset':
        record.failure = 'reset';
        req.socket.destroy();
        return;
      case 'http-500':
        record.failure = 'http-500';
        record.httpStatus = 500;
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error\n');
        return;
      case 'malformed-xml':
        record.failure = 'malformed-xml';
        record.httpStatus = 200;
        res
          .writeHead(200, { 'Content-Type': CONTENT_TYPE })
          .end(`<?xml version="1.0"?><w3s.response><reqn>${record.reqn ?? ''}</reqn><retval>0<`);
        return;
      case 'retval-100':
        record.failure = 'retval-100';
        reply.answer = refusal(record.reqn, RETVAL.TEMPORARY, 'temporary failure, try again');
        break;
      default:
        break;
    }
    const answer = reply.answer as GatewayAnswer;
    record.answeredRetval = answer.retval;
    record.retdesc = answer.retdesc;
    record.httpStatus = 200;
    const xml = encodeAnswer(answer, { timeZone: this.timeZone });
    this.logger.debug('mock gateway: answer', { op: record.op, id: record.id, body: xml });
    res.writeHead(200, { 'Content-Type': CONTENT_TYPE }).end(xml);
  }

  private async slowDown(op: GatewayOperation, script: PaymentScript | undefined): Promise<void> {
    if (!script?.slowMs) return;
    if (script.slowOps && !script.slowOps.includes(op)) return;
    if (script.slowTimes !== undefined) {
      if (script.slowTimes <= 0) return;
      script.slowTimes--;
    }
    await sleep(this.clock, script.slowMs, this.stopping.signal).catch(() => undefined);
  }

  // ---- the protocol ---------------------------------------------------------------------

  private process(
    op: GatewayOperation,
    body: Buffer,
    req: IncomingMessage,
    record: RecordedRequest,
  ): Reply {
    let text: string;
    try {
      text = decodeXmlBody(body, String(req.headers['content-type'] ?? ''));
    } catch (error) {
      return { answer: refusal(undefined, RETVAL.MALFORMED_REQUEST, (error as Error).message) };
    }
    const peek = peekRequest(text);
    Object.assign(record, { reqn: peek.reqn, id: peek.id, point: peek.point });
    this.logger.debug('mock gateway: request', { op, body: redactSignature(text) });
    const refuse = (retval: number, retdesc: string): Reply => ({
      answer: refusal(peek.reqn, retval, retdesc),
    });

    let request: GatewayRequest;
    let signed: { sign: string; signedString: string };
    try {
      const decoded = decodeRequest(op, text, { timeZone: this.timeZone });
      request = decoded.request;
      signed = decoded;
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      return refuse(RETVAL.MALFORMED_REQUEST, error.message);
    }
    const { header } = request;
    record.agent = header.agent;
    if (request.op === 'QrCreate') {
      record.paySystem = request.payment.paySystem;
      record.amountKopecks = request.payment.amountKopecks;
    }

    // Who is calling: the certificate first, then the numbers, then the signature.
    const socket = req.socket as TLSSocket;
    if (!socket.authorized) {
      const why = socket.authorizationError ? String(socket.authorizationError) : 'none presented';
      return refuse(RETVAL.SIGNATURE, `client certificate not accepted: ${why}`);
    }
    const cn = socket.getPeerCertificate().subject?.CN;
    record.certificateCN = Array.isArray(cn) ? cn.join(',') : cn;
    const config = this.points.get(header.point);
    if (!config || config.agent !== header.agent) {
      return refuse(RETVAL.UNKNOWN_POINT, `agent ${header.agent} has no point ${header.point}`);
    }
    if (record.certificateCN !== header.point) {
      return refuse(
        RETVAL.SIGNATURE,
        `certificate CN ${record.certificateCN} does not match point ${header.point}`,
      );
    }
    if (!verifySignature(config.agentKey, signed.signedString, signed.sign)) {
      return refuse(RETVAL.SIGNATURE, 'signature does not match');
    }
    const reqn = BigInt(header.reqn);
    const last = this.lastReqn.get(header.point);
    if (last !== undefined && reqn <= last) {
      return refuse(
        RETVAL.REQN_NOT_INCREASING,
        `reqn ${header.reqn} is not greater than the last one, ${last}`,
      );
    }
    this.lastReqn.set(header.point, reqn);

    const script = this.book.scriptFor(header.point, request.payment.id, op === 'QrCreate');
    const failure = takeFailure(script, op);
    if (failure?.when !== 'after' && failure) return { failure: failure.kind, script };
    const reply = { ...this.operate(request, config), script };
    if (failure) reply.failure = failure.kind;
    return reply;
  }

  private operate(request: GatewayRequest, config: MockPointConfig): Reply {
    const { reqn, point } = request.header;
    const id = request.payment.id;
    const ok = (payment: AnswerPayment): Reply => ({
      answer: { reqn, retval: RETVAL.OK, retdesc: '', payment },
    });
    const refuse = (retval: number, retdesc: string): Reply => ({
      answer: refusal(reqn, retval, retdesc),
    });

    if (request.op === 'QrCreate') {
      const p = request.payment;
      const existing = this.book.entry(point, id);
      if (existing) {
        return existing.dataKey === createDataKey(p)
          ? ok(existing.createAnswer)
          : refuse(RETVAL.ID_CONFLICT, `payment id ${id} was already used with other data`);
      }
      const enabled = config.paySystems ?? PAY_SYSTEMS;
      if (!enabled.includes(p.paySystem)) {
        return refuse(RETVAL.PAYSYSTEM_DISABLED, `payment system ${p.paySystem} is not enabled`);
      }
      const min = config.minKopecks ?? 1;
      const max = config.maxKopecks ?? MOCK_DEFAULT_MAX_KOPECKS;
      if (p.amountKopecks < min || p.amountKopecks > max) {
        return refuse(RETVAL.AMOUNT_LIMITS, `amount must be from ${min} to ${max} kopecks`);
      }
      return ok(this.book.create(point, p).createAnswer);
    }

    const entry = this.book.entry(point, id);
    if (!entry) return refuse(RETVAL.NOT_FOUND, `payment ${id} not found`);
    if (request.op === 'QrState') this.book.poll(entry.payment);
    else this.book.cancel(entry.payment);
    return ok(answerOf(entry.payment));
  }
}

function refusal(reqn: string | undefined, retval: number, retdesc: string): GatewayAnswer {
  return { reqn: reqn ?? '', retval, retdesc };
}

/** Uses up one scripted failure for `op`, if any is left. */
function takeFailure(script: PaymentScript, op: GatewayOperation) {
  const fail = script.fail;
  if (!fail || fail.times <= 0) return undefined;
  if (fail.ops && !fail.ops.includes(op)) return undefined;
  fail.times--;
  return fail;
}

/** The whole body, or undefined when it is larger than MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
