/**
 * The local HTTP service: a JSON API any POS program can call to run QR payments, and the
 * customer display page, on one node:http server (docs/http-api.md).
 *
 *   const http = await startPaymentHttpService({ service, port: 0 });
 *   http.url;                // "http://127.0.0.1:<port>"
 *   await http.close();      // cancels a running payment safely, then stops
 *
 * It runs payments through the PaymentService and never touches the printer or the gateway
 * itself. Recovery at start is the caller's job (wmqr serve does it before listening).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../core/clock';
import { WmqrError } from '../core/errors';
import { silentLogger, type Logger } from '../core/logger';
import { packageVersion } from '../core/package-root';
import type { PaymentService } from '../payment/payment-service';
import { apiRoutes } from './api/api-routes';
import { displayRoutes } from './display/display-routes';
import type { EventStream } from './http/event-stream';
import { checkBearer, checkHostAndOrigin } from './http/request-guard';
import { sendError, sendJson } from './http/responses';
import { matchRoute, type Route } from './http/router';
import { PaymentRuns } from './runs/payment-runs';
import type { ServiceContext } from './service-context';
import { SERVICE_DEFAULTS } from './service-settings';

/** How long requests in flight may take to finish once the service is closing. */
const CLOSE_GRACE_MS = 5_000;

export interface PaymentHttpServiceOptions {
  service: PaymentService;
  /** Default 127.0.0.1: only programs on this till can call. */
  host?: string;
  /** Default 7790; 0 picks a free port. */
  port?: number;
  /** When set, /v1/* needs "Authorization: Bearer <token>". A secret. */
  token?: string;
  bodyLimitBytes?: number;
  /** The payments' clock (the PaymentService's): seconds left, times in answers. */
  clock?: Clock;
  /** Real time for keep-alive comments on event streams (default: the system clock). */
  ioClock?: Clock;
  logger?: Logger;
  heartbeatMs?: number;
  /** Finished payments kept in memory for GET /v1/payments/:id. */
  keepRuns?: number;
}

export interface PaymentHttpService {
  /** "http://127.0.0.1:7790" */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly runs: PaymentRuns;
  /**
   * Stops: refuses new payments, cancels a running one through its AbortSignal (the QR is
   * cancelled at the gateway, a payment that landed first is receipted) and waits for its
   * end, ends the event streams, then closes the server.
   */
  close(): Promise<void>;
}

export async function startPaymentHttpService(
  options: PaymentHttpServiceOptions,
): Promise<PaymentHttpService> {
  const clock = options.clock ?? systemClock;
  const ioClock = options.ioClock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ component: 'http' });
  const host = options.host ?? SERVICE_DEFAULTS.host;
  const runs = new PaymentRuns({
    service: options.service,
    clock,
    logger,
    keep: options.keepRuns ?? SERVICE_DEFAULTS.keepRuns,
  });
  const ctx: ServiceContext = {
    service: options.service,
    runs,
    clock,
    ioClock,
    logger,
    bodyLimitBytes: options.bodyLimitBytes ?? SERVICE_DEFAULTS.bodyLimitBytes,
    heartbeatMs: options.heartbeatMs ?? SERVICE_DEFAULTS.heartbeatMs,
    version: packageVersion(),
    streams: new Set<EventStream>(),
  };
  const routes: Route[] = [...apiRoutes(ctx), ...displayRoutes(ctx), indexRoute()];

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  // Requests are small; a client that trickles its headers is cut off.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = ioClock.now();
    const path = safePath(req.url);
    try {
      const url = new URL(`http://localhost${req.url ?? '/'}`);
      checkHostAndOrigin(req, host);
      const { route, params } = matchRoute(routes, req.method ?? 'GET', url.pathname);
      if (!route.open) checkBearer(req, options.token);
      await route.handle({ req, res, params, query: url.searchParams });
    } catch (error) {
      answerError(res, error, logger, path);
    }
    logger.debug('http request', {
      method: req.method,
      path,
      status: res.statusCode,
      elapsedMs: ioClock.now() - startedAt,
    });
  }

  await listen(server, host, options.port ?? SERVICE_DEFAULTS.port);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  logger.info('http service listening', { url });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('http service stopping', { running: runs.running()?.id });
      await runs.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stream of [...ctx.streams]) stream.close();
      server.closeIdleConnections();
      // A client that keeps its connection open after its last answer must not hold us up.
      const cutOff = ioClock.setTimer(CLOSE_GRACE_MS, () => server.closeAllConnections());
      await closed;
      cutOff.cancel();
      logger.info('http service stopped');
    })();
    return closing;
  };

  return { url, host: address.address, port: address.port, runs, close };
}

function answerError(res: http.ServerResponse, error: unknown, logger: Logger, path: string): void {
  if (!(error instanceof WmqrError)) {
    logger.error('request failed unexpectedly', { path, error: String(error) });
  }
  if (res.headersSent) {
    // An event stream broke midway: nothing more can be said on it.
    res.end();
    return;
  }
  const headers: Record<string, string> = {};
  if (error instanceof WmqrError && error.code === 'HTTP_UNAUTHORIZED') {
    headers['www-authenticate'] = 'Bearer realm="wmqr"';
  }
  if (error instanceof WmqrError && typeof error.details.allow === 'string') {
    headers.allow = error.details.allow;
  }
  sendError(res, error, headers);
}

/** GET / lists where things are, so a person trying the address in a browser finds the page. */
function indexRoute(): Route {
  return {
    method: 'GET',
    path: '/',
    open: true,
    handle: ({ res }) =>
      sendJson(res, 200, {
        service: 'wmqr',
        display: '/display',
        health: '/health',
        api: '/v1/payments',
        docs: 'docs/http-api.md',
      }),
  };
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new WmqrError(
          error.code === 'EADDRINUSE' ? 'SERVICE_PORT_IN_USE' : 'SERVICE_LISTEN_FAILED',
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use: stop the other program or pass --port`
            : `Cannot listen on ${host}:${port}: ${error.message}`,
          { cause: error, details: { host, port } },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The path for the log, without the query. */
function safePath(url: string | undefined): string {
  return (url ?? '/').split('?')[0].slice(0, 200);
}
