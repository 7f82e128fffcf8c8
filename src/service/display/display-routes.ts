/**
 * The customer display's two addresses: the page, and the event stream it follows. Both are
 * open (no token): a browser on the customer screen cannot send one, and they show only what
 * the customer is shown anyway.
 */
import crypto from 'node:crypto';
import { openEventStream } from '../http/event-stream';
import { send } from '../http/responses';
import type { Route, RouteContext } from '../http/router';
import { ServiceRequestError } from '../service-errors';
import type { ServiceContext } from '../service-context';
import { renderDisplayPage } from './display-page';
import { displayState, type DisplayOptions } from './display-state';
import { DISPLAY_LANGS, type DisplayLang } from './display-texts';

export function displayRoutes(ctx: ServiceContext): Route[] {
  return [
    { method: 'GET', path: '/display', open: true, handle: (r) => page(ctx, r) },
    { method: 'GET', path: '/display/events', open: true, handle: (r) => events(ctx, r) },
  ];
}

async function page(ctx: ServiceContext, { res, query }: RouteContext): Promise<void> {
  const lang = displayLang(query);
  const now = ctx.clock.now();
  const state = await displayState(ctx.runs.current(), now, lang, options(ctx));
  const idle = await displayState(undefined, now, lang, options(ctx));
  const nonce = crypto.randomBytes(16).toString('base64');
  send(res, 200, 'text/html; charset=utf-8', renderDisplayPage(state, idle, lang, nonce), {
    'content-security-policy':
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ` +
      "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; " +
      "frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
  });
}

/** The current state at once, then again after every event of any payment. */
function events(ctx: ServiceContext, { req, res, query }: RouteContext): void {
  const lang = displayLang(query);
  const stream = openEventStream(req, res, { ioClock: ctx.ioClock, heartbeatMs: ctx.heartbeatMs });
  ctx.streams.add(stream);
  stream.onClose(() => ctx.streams.delete(stream));

  // Rendering the QR is asynchronous: updates that arrive meanwhile fold into one.
  let rendering = false;
  let again = false;
  const push = async () => {
    if (rendering) {
      again = true;
      return;
    }
    rendering = true;
    try {
      do {
        again = false;
        const state = await displayState(ctx.runs.current(), ctx.clock.now(), lang, options(ctx));
        stream.send('state', state);
      } while (again && !stream.closed);
    } catch (error) {
      ctx.logger.warn('display update failed', { error: String(error) });
    } finally {
      rendering = false;
    }
  };

  const unsubscribe = ctx.runs.subscribe(() => void push());
  stream.onClose(unsubscribe);
  void push();
}

function options(ctx: ServiceContext): DisplayOptions {
  const device = ctx.service.settings.device;
  return { qrDisplay: device.display, errorCorrection: device.qr.errorCorrection };
}

function displayLang(query: URLSearchParams): DisplayLang {
  const lang = query.get('lang') ?? 'ru';
  if (!(DISPLAY_LANGS as readonly string[]).includes(lang)) {
    throw new ServiceRequestError(
      'HTTP_BAD_QUERY',
      `lang "${lang}" is not available: use ${DISPLAY_LANGS.join(' or ')}`,
      { field: 'lang' },
    );
  }
  return lang as DisplayLang;
}
