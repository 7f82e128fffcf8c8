/**
 * The production gateway client: QrCreate, QrState and QrCancel over HTTPS with mutual TLS,
 * signed with the agent key. The wire format comes from ./wire only.
 *
 * Safety rules it keeps: a retried request carries the same payment id and data (only reqn
 * and the signature change); transient failures are retried until the caller's deadline and
 * no request runs past it; everything is timed on the injected Clock.
 */
import { AbortedError, throwIfAborted } from '../core/errors';
import { sleep, systemClock, type Clock } from '../core/clock';
import { silentLogger, type Logger } from '../core/logger';
import { assertKopecks } from '../core/money';
import {
  PAY_SYSTEMS,
  type GatewayCallOptions,
  type GatewayPayment,
  type GatewayState,
  type PaymentGateway,
  type QrCreateRequest,
} from '../payment/ports';
import { RETVAL_CODE } from './gateway-error-codes';
import { GatewayError } from './gateway-error';
import { HttpsTransport, type PointTlsCertificate } from './https-transport';
import { networkError } from './network-errors';
import { RequestCounters } from './request-counters';
import {
  CURRENCY,
  DEFAULT_TIME_ZONE,
  LIMITS,
  RETVAL,
  WireFormatError,
  decodeAnswer,
  decodeXmlBody,
  encodeRequest,
  formatGatewayDate,
  redactSignature,
  type AnswerPayment,
  type GatewayOperation,
  type GatewayRequest,
  type RequestHeader,
} from './wire';

export interface WebMoneyGatewayClientOptions {
  /** e.g. https://gateway.example/qr; operations are POSTed to `<baseUrl>/<operation>`. */
  baseUrl: string;
  agent: string;
  /** 12-digit WMID, or '0' (default): the certificate identifies the caller. */
  wmid?: string;
  /** POS number, issued by WebMoney; the certificate's subject CN. */
  point: string;
  /** '0' (default) when not issued. */
  crsId?: string;
  /** A secret: signs every request; never logged or returned. */
  agentKey: string;
  /** The point's certificate, e.g. from loadPointCertificate(). */
  certificate: PointTlsCertificate;
  /** Trust only this CA for the gateway's certificate (default: the system CAs). */
  caPem?: string | Buffer;
  /** Marks payments as test payments (payment/@test = 1). */
  test?: boolean;
  /** Where the reqn floor and the payment id floor are persisted. */
  stateDir: string;
  clock?: Clock;
  /**
   * The clock of the per-request timeout only (default: `clock`). A test that moves a
   * VirtualClock with autoAdvance() while real sockets are in flight passes systemClock here,
   * so a request is not timed out by a virtual jump while its bytes are still on the way.
   */
  ioClock?: Clock;
  logger?: Logger;
  /** Longest wait for one answer (default 10 000); always cut at the call's deadline. */
  requestTimeoutMs?: number;
  /** Pause before retrying a transient failure (default 1000). */
  retryDelayMs?: number;
  /** IANA zone of the wire's dates (default Europe/Moscow, the gateway's local time). */
  timeZone?: string;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRY_DELAY_MS = 1_000;

type PaymentData =
  | { op: 'QrCreate'; payment: Extract<GatewayRequest, { op: 'QrCreate' }>['payment'] }
  | { op: 'QrState' | 'QrCancel'; payment: { id: string } };

export class WebMoneyGatewayClient implements PaymentGateway {
  readonly point: string;
  readonly baseUrl: string;
  readonly #agentKey: string;
  readonly #transport: HttpsTransport;
  readonly #counters: RequestCounters;
  private readonly header: Omit<RequestHeader, 'reqn'>;
  private readonly clock: Clock;
  private readonly ioClock: Clock;
  private readonly logger: Logger;
  private readonly requestTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly timeZone: string;
  private readonly test: boolean;
  /** Last state seen per payment, so changes are logged once at info. */
  private readonly lastStates = new Map<string, GatewayState>();

  constructor(options: WebMoneyGatewayClientOptions) {
    const wmid = options.wmid ?? '0';
    const crsId = options.crsId ?? '0';
    checkOptions(options, wmid, crsId);
    this.point = options.point;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#agentKey = options.agentKey;
    this.header = { wmid, agent: options.agent, point: options.point, crsId };
    this.clock = options.clock ?? systemClock;
    this.ioClock = options.ioClock ?? this.clock;
    this.logger = (options.logger ?? silentLogger).child({
      component: 'gateway',
      point: this.point,
    });
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.test = options.test ?? false;
    this.#counters = new RequestCounters(options.stateDir, options.point, this.clock);
    this.#transport = new HttpsTransport({
      certificate: options.certificate,
      caPem: options.caPem,
    });
  }

  async newPaymentId(): Promise<string> {
    return this.#counters.nextPaymentId();
  }

  async createQr(request: QrCreateRequest, options: GatewayCallOptions): Promise<GatewayPayment> {
    checkCreateRequest(request);
    // Built once: every retry sends exactly this payment (same id, amount and date).
    const payment = {
      id: request.id,
      paySystem: request.paySystem,
      amountKopecks: request.amountKopecks,
      currency: CURRENCY,
      test: this.test,
      date: this.clock.now(),
      description: request.description,
      ttlSeconds: request.ttlSeconds,
    };
    return this.call({ op: 'QrCreate', payment }, options);
  }

  async getState(id: string, options: GatewayCallOptions): Promise<GatewayPayment> {
    checkId(id);
    return this.call({ op: 'QrState', payment: { id } }, options);
  }

  async cancel(id: string, options: GatewayCallOptions): Promise<GatewayPayment> {
    checkId(id);
    return this.call({ op: 'QrCancel', payment: { id } }, options);
  }

  /** Destroys the keep-alive agent and frees the point's state lock; calls after this fail. */
  close(): void {
    this.#transport.close();
    this.#counters.close();
  }

  /** Sends `data` until it succeeds, fails for good, or the deadline comes. */
  private async call(data: PaymentData, options: GatewayCallOptions): Promise<GatewayPayment> {
    const { op } = data;
    const id = data.payment.id;
    const started = this.clock.now();
    let attempts = 0;
    let reqnRaised = false;
    let lastError: GatewayError | undefined;

    for (;;) {
      throwIfAborted(options.signal, `gateway ${op}`);
      const remaining = options.deadline - this.clock.now();
      if (remaining <= 0) throw this.deadlineError(op, id, started, attempts, lastError);
      attempts++;

      try {
        const answer = await this.exchange(data, remaining, options.signal);
        return this.accepted(op, answer);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        if (error.code === 'GATEWAY_REQN' && !reqnRaised) {
          // Our floor fell behind what the gateway saw (clock set back, lost stateDir).
          reqnRaised = true;
          this.#counters.raiseReqnFloor();
          this.logger.warn('gateway refused reqn as not increasing; raised the floor', { op, id });
          continue;
        }
        if (error.code === 'GATEWAY_DEADLINE' || !error.retryable) throw error;
        lastError = error;
      }

      const now = this.clock.now();
      if (now + this.retryDelayMs >= options.deadline) {
        throw this.deadlineError(op, id, started, attempts, lastError);
      }
      this.logger.warn('gateway call failed; retrying with the same payment', {
        op,
        id,
        code: lastError.code,
        attempt: attempts,
        delayMs: this.retryDelayMs,
      });
      await sleep(this.clock, this.retryDelayMs, options.signal);
    }
  }

  /** One request and its answer, within min(requestTimeoutMs, time left). */
  private async exchange(
    data: PaymentData,
    remaining: number,
    signal: AbortSignal | undefined,
  ): Promise<AnswerPayment> {
    const { op } = data;
    const id = data.payment.id;
    const reqn = this.#counters.nextReqn();
    const body = this.encode({ ...data, header: { ...this.header, reqn } } as GatewayRequest);
    const url = new URL(`${this.baseUrl}/${op}`);
    const timeoutMs = Math.min(this.requestTimeoutMs, remaining);
    const cutByDeadline = timeoutMs < this.requestTimeoutMs;

    // One controller for the three ways a request ends early: timeout, deadline, abort.
    const controller = new AbortController();
    const timer = this.ioClock.setTimer(timeoutMs, () => controller.abort(TIMED_OUT));
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    const sentAt = this.clock.now();
    this.logger.debug('gateway request', {
      op,
      id,
      reqn,
      url: url.href,
      body: redactSignature(body),
    });
    try {
      const answer = await this.#transport.post(url, body, controller.signal);
      const elapsedMs = this.clock.now() - sentAt;
      const text = answer.body.toString('utf8');
      this.logger.debug('gateway answer', {
        op,
        id,
        reqn,
        httpStatus: answer.status,
        elapsedMs,
        body: text,
      });
      return this.decode(op, id, reqn, answer.status, answer.contentType, answer.body);
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) {
        const what = `${op} for payment ${id} got no answer within ${timeoutMs} ms`;
        if (cutByDeadline) {
          throw new GatewayError('GATEWAY_DEADLINE', `${what}, when the call's deadline came`, {
            operation: op,
            paymentId: id,
            details: { timeoutMs },
          });
        }
        throw new GatewayError('GATEWAY_TIMEOUT', what, {
          operation: op,
          paymentId: id,
          details: { timeoutMs },
        });
      }
      if (signal?.aborted) throw new AbortedError(`gateway ${op}`, signal.reason);
      throw networkError(error, { operation: op, paymentId: id, url: url.href });
    } finally {
      timer.cancel();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private encode(request: GatewayRequest): string {
    try {
      return encodeRequest(request, this.#agentKey, { timeZone: this.timeZone });
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      throw new GatewayError(
        'GATEWAY_REQUEST_INVALID',
        `${request.op} not sent: ${error.message}`,
        {
          operation: request.op,
          paymentId: request.payment.id,
          cause: error,
        },
      );
    }
  }

  private decode(
    op: GatewayOperation,
    id: string,
    reqn: string,
    status: number,
    contentType: string,
    body: Buffer,
  ): AnswerPayment {
    const context = { operation: op, paymentId: id, httpStatus: status };
    if (status !== 200) {
      return failHttp(op, id, status, body);
    }
    let text: string;
    let answer;
    try {
      text = decodeXmlBody(body, contentType);
      answer = decodeAnswer(op, text, { reqn, id, timeZone: this.timeZone });
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      // Unreadable XML is a transport glitch (a cut body), so the same request may be
      // repeated; well-formed XML that breaks the protocol is not going to get better.
      const unreadable = error.field === undefined;
      throw new GatewayError('GATEWAY_BAD_ANSWER', `${op} for payment ${id}: ${error.message}`, {
        ...context,
        retryable: unreadable,
        cause: error,
        details: { field: error.field },
      });
    }
    if (answer.retval !== RETVAL.OK) {
      const code = RETVAL_CODE.get(answer.retval) ?? 'GATEWAY_RETVAL';
      throw new GatewayError(
        code,
        `${op} for payment ${id} refused: retval ${answer.retval} ${answer.retdesc}`.trim(),
        { ...context, retval: answer.retval, retdesc: answer.retdesc },
      );
    }
    return answer.payment as AnswerPayment;
  }

  private accepted(op: GatewayOperation, answer: AnswerPayment): GatewayPayment {
    const previous = this.lastStates.get(answer.id);
    if (previous !== answer.state) {
      this.lastStates.set(answer.id, answer.state);
      this.logger.info('gateway payment state', {
        op,
        id: answer.id,
        state: answer.state,
        previous,
        wmTranId: answer.wmTranId,
      });
    }
    const payment: GatewayPayment = { id: answer.id, state: answer.state };
    if (answer.qr !== undefined) payment.qr = answer.qr;
    if (answer.expiresAt !== undefined) payment.expiresAt = answer.expiresAt;
    if (answer.wmTranId !== undefined) payment.wmTranId = answer.wmTranId;
    if (answer.paidKopecks !== undefined) payment.paidKopecks = answer.paidKopecks;
    if (answer.reason !== undefined) payment.reason = answer.reason;
    return payment;
  }

  private deadlineError(
    op: GatewayOperation,
    id: string,
    started: number,
    attempts: number,
    lastError: GatewayError | undefined,
  ): GatewayError {
    const elapsedMs = this.clock.now() - started;
    const last = lastError ? `; last failure: ${lastError.code} (${lastError.message})` : '';
    return new GatewayError(
      'GATEWAY_DEADLINE',
      `${op} for payment ${id} did not succeed before the deadline ` +
        `(${attempts} attempt(s) in ${elapsedMs} ms)${last}`,
      {
        operation: op,
        paymentId: id,
        cause: lastError,
        retval: lastError?.retval,
        retdesc: lastError?.retdesc,
        httpStatus: lastError?.httpStatus,
        details: { attempts, elapsedMs, lastCode: lastError?.code },
      },
    );
  }
}

/** The abort reason of our own per-request timer, told apart from the caller's abort. */
const TIMED_OUT = Symbol('gateway request timed out');

function failHttp(op: GatewayOperation, id: string, status: number, body: Buffer): never {
  const excerpt = body.toString('utf8', 0, 200).replace(/\s+/g, ' ').trim();
  throw new GatewayError(
    'GATEWAY_HTTP',
    `${op} for payment ${id} got HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`,
    { operation: op, paymentId: id, httpStatus: status, retryable: status >= 500 },
  );
}

function configError(message: string): GatewayError {
  return new GatewayError('GATEWAY_CONFIG', message);
}

function checkOptions(o: WebMoneyGatewayClientOptions, wmid: string, crsId: string): void {
  let url: URL;
  try {
    url = new URL(o.baseUrl);
  } catch {
    throw configError(`gateway URL "${o.baseUrl}" is not a URL; expected https://host/path`);
  }
  if (url.protocol !== 'https:') {
    throw configError(`gateway URL "${o.baseUrl}" must start with https:// (mutual TLS)`);
  }
  if (!LIMITS.numberPattern.test(o.agent)) {
    throw configError(`agent number "${o.agent}" must be digits, as issued by WebMoney`);
  }
  if (!LIMITS.numberPattern.test(o.point)) {
    throw configError(`POS number "${o.point}" must be digits, as issued by WebMoney`);
  }
  if (!LIMITS.wmidPattern.test(wmid)) {
    throw configError(`WMID "${wmid}" must be 12 digits, or 0 when not needed`);
  }
  if (!LIMITS.crsIdPattern.test(crsId)) {
    throw configError(`CrsId "${crsId}" must be digits, or 0 when not issued`);
  }
  if (typeof o.agentKey !== 'string' || o.agentKey.length === 0) {
    throw configError('the agent key is empty: set it in the settings or the environment');
  }
  if (!Buffer.isBuffer(o.certificate?.pfx) || o.certificate.pfx.length === 0) {
    throw configError("the point's certificate is missing: load it with loadPointCertificate()");
  }
  if (!o.stateDir) throw configError('stateDir is required: the reqn and id floors live there');
  for (const [name, value] of [
    ['requestTimeoutMs', o.requestTimeoutMs],
    ['retryDelayMs', o.retryDelayMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw configError(`${name} must be a positive number of milliseconds, not ${value}`);
    }
  }
  try {
    formatGatewayDate(0, o.timeZone ?? DEFAULT_TIME_ZONE);
  } catch (error) {
    throw configError((error as Error).message);
  }
}

function checkId(id: string): void {
  if (typeof id !== 'string' || !LIMITS.idPattern.test(id)) {
    throw new GatewayError(
      'GATEWAY_REQUEST_INVALID',
      `payment id "${id}" is not valid: expected 1 to 18 digits, from newPaymentId()`,
      { paymentId: String(id) },
    );
  }
}

function checkCreateRequest(r: QrCreateRequest): void {
  checkId(r.id);
  const invalid = (why: string) =>
    new GatewayError('GATEWAY_REQUEST_INVALID', `QrCreate for payment ${r.id}: ${why}`, {
      operation: 'QrCreate',
      paymentId: r.id,
    });
  if (!(PAY_SYSTEMS as readonly string[]).includes(r.paySystem)) {
    throw invalid(`payment system "${r.paySystem}" is not one of ${PAY_SYSTEMS.join(', ')}`);
  }
  try {
    assertKopecks(r.amountKopecks);
  } catch {
    throw invalid(`amount ${r.amountKopecks} is not a whole number of kopecks`);
  }
  if (r.amountKopecks === 0) throw invalid('amount must be more than zero');
  if ([...r.description].length > LIMITS.descriptionMaxChars) {
    throw invalid(`description is longer than ${LIMITS.descriptionMaxChars} characters`);
  }
  if (!Number.isInteger(r.ttlSeconds) || r.ttlSeconds < 1 || r.ttlSeconds > LIMITS.ttlMaxSeconds) {
    throw invalid(`ttl ${r.ttlSeconds} must be whole seconds from 1 to ${LIMITS.ttlMaxSeconds}`);
  }
}
