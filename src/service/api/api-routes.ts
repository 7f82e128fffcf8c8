/**
 * The POS-facing JSON API under /v1, and /health. docs/http-api.md describes every route
 * with curl examples; keep the two in step.
 */
import { WmqrError } from '../../core/errors';
import { journalToCsv } from '../../payment/journal/journal-csv';
import { renderQrSvg } from '../display/qr-svg';
import { lastEventId, openEventStream } from '../http/event-stream';
import { readJsonBody } from '../http/read-json-body';
import { send, sendJson } from '../http/responses';
import type { Route, RouteContext } from '../http/router';
import { ServiceRequestError } from '../service-errors';
import type { ServiceContext } from '../service-context';
import { eventView, journalEntryView, journalEventView, runView } from './json-views';
import { parseJournalQuery } from './journal-query';
import { parsePaymentBody, withField } from './payment-body';

/** Printable ASCII, as clients generate them (UUIDs, order numbers). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function apiRoutes(ctx: ServiceContext): Route[] {
  return [
    { method: 'GET', path: '/health', open: true, handle: (r) => health(ctx, r) },
    { method: 'GET', path: '/v1/payments', handle: (r) => listRuns(ctx, r) },
    { method: 'POST', path: '/v1/payments', handle: (r) => startPayment(ctx, r) },
    // Before "/v1/payments/:id", which would take "current" for an id.
    { method: 'GET', path: '/v1/payments/current', handle: (r) => currentRun(ctx, r) },
    { method: 'GET', path: '/v1/payments/:id', handle: (r) => getRun(ctx, r) },
    { method: 'GET', path: '/v1/payments/:id/events', handle: (r) => followRun(ctx, r) },
    { method: 'GET', path: '/v1/payments/:id/qr.svg', handle: (r) => qrSvg(ctx, r) },
    { method: 'POST', path: '/v1/payments/:id/cancel', handle: (r) => cancelRun(ctx, r) },
    { method: 'POST', path: '/v1/recover', handle: (r) => recover(ctx, r) },
    { method: 'GET', path: '/v1/journal', handle: (r) => journal(ctx, r) },
    { method: 'GET', path: '/v1/journal/:paymentId', handle: (r) => journalEntry(ctx, r) },
  ];
}

function health(ctx: ServiceContext, { res }: RouteContext): void {
  sendJson(res, 200, {
    status: ctx.runs.stopping ? 'stopping' : 'ok',
    version: ctx.version,
    busy: ctx.service.busy,
  });
}

function listRuns(ctx: ServiceContext, { res }: RouteContext): void {
  const now = ctx.clock.now();
  sendJson(res, 200, { payments: ctx.runs.list().map((run) => runView(run, now)) });
}

async function startPayment(ctx: ServiceContext, { req, res }: RouteContext): Promise<void> {
  const key = idempotencyKey(req.headers['idempotency-key']);
  const request = parsePaymentBody(await readJsonBody(req, ctx.bodyLimitBytes));

  let started;
  try {
    started = ctx.runs.start(request, key);
  } catch (error) {
    throw withField(error);
  }
  const view = runView(started.run, ctx.clock.now());
  // 202: accepted and running; 200: the same request seen before under this key.
  sendJson(res, started.created ? 202 : 200, view, { location: view.links.self });
}

function currentRun(ctx: ServiceContext, { res }: RouteContext): void {
  const run = ctx.runs.current();
  if (!run) {
    throw new ServiceRequestError(
      'PAYMENT_NONE_YET',
      'No payment has been started through this service since it started',
    );
  }
  sendJson(res, 200, runView(run, ctx.clock.now()));
}

function getRun(ctx: ServiceContext, { res, params }: RouteContext): void {
  sendJson(res, 200, runView(ctx.runs.mustGet(params.id), ctx.clock.now()));
}

/** Replays what the follower missed (all, or after Last-Event-ID), then streams live. */
function followRun(ctx: ServiceContext, { req, res, params, query }: RouteContext): void {
  const run = ctx.runs.mustGet(params.id);
  const after = lastEventId(req, query);
  const stream = openEventStream(req, res, { ioClock: ctx.ioClock, heartbeatMs: ctx.heartbeatMs });
  ctx.streams.add(stream);
  stream.onClose(() => ctx.streams.delete(stream));

  for (const entry of run.events) {
    if (entry.seq > after) stream.send(entry.event.type, eventView(entry), entry.seq);
  }
  if (run.finished) {
    stream.close();
    return;
  }
  const unsubscribe = ctx.runs.subscribe((r, entry) => {
    if (r !== run) return;
    stream.send(entry.event.type, eventView(entry), entry.seq);
    if (entry.event.type === 'finished') stream.close();
  });
  stream.onClose(unsubscribe);
}

async function qrSvg(ctx: ServiceContext, { res, params }: RouteContext): Promise<void> {
  const run = ctx.runs.mustGet(params.id);
  // Only while it may be paid: an ended payment's QR must not be shown to anyone again.
  if (run.status !== 'awaiting-payment' || run.qrText === undefined) {
    throw new ServiceRequestError(
      'PAYMENT_NO_QR',
      `Payment ${run.id} has no QR to show (status ${run.status})`,
    );
  }
  const svg = await renderQrSvg(run.qrText, ctx.service.settings.device.qr.errorCorrection, 'QR');
  send(res, 200, 'image/svg+xml; charset=utf-8', svg);
}

function cancelRun(ctx: ServiceContext, { res, params }: RouteContext): void {
  const run = ctx.runs.cancel(params.id);
  sendJson(res, 202, runView(run, ctx.clock.now()));
}

async function recover(ctx: ServiceContext, { res }: RouteContext): Promise<void> {
  if (ctx.runs.stopping) {
    throw new WmqrError('SERVICE_STOPPING', 'The service is stopping: recover on the next start');
  }
  if (ctx.runs.running()) {
    throw new WmqrError('PAYMENT_BUSY', 'A payment is running: recover after it has ended');
  }
  const report = await ctx.service.recover();
  sendJson(res, 200, report);
}

function journal(ctx: ServiceContext, { res, query }: RouteContext): void {
  const q = parseJournalQuery(query);
  const entries = ctx.service.journal.list({ since: q.since, until: q.until });
  if (q.format === 'csv') {
    send(res, 200, 'text/csv; charset=utf-8', journalToCsv(entries), {
      'content-disposition': 'attachment; filename="wmqr-journal.csv"',
    });
    return;
  }
  sendJson(res, 200, { count: entries.length, payments: entries.map(journalEntryView) });
}

function journalEntry(ctx: ServiceContext, { res, params }: RouteContext): void {
  const entry = ctx.service.journal.get(params.paymentId);
  if (!entry) {
    throw new ServiceRequestError(
      'JOURNAL_NO_SUCH_PAYMENT',
      `Payment ${params.paymentId} is not in the journal`,
    );
  }
  sendJson(res, 200, {
    ...journalEntryView(entry),
    events: ctx.service.journal.events(entry.id).map(journalEventView),
  });
}

function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ServiceRequestError(
      'HTTP_FIELD_INVALID',
      'Idempotency-Key must be 1..200 printable ASCII characters without spaces, e.g. a UUID',
      { field: 'Idempotency-Key' },
    );
  }
  return key;
}
