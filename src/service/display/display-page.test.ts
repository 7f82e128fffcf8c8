import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { renderDisplayPage } from './display-page';
import type { DisplayState } from './display-state';

const IDLE: DisplayState = {
  status: 'idle',
  runId: null,
  title: 'Оплата по QR-коду',
  detail: 'Кассир покажет здесь QR-код для оплаты',
  amount: null,
  amountLabel: 'К оплате',
  system: null,
  secondsLeft: null,
  countdown: 'Осталось {n} с',
  qrSvg: null,
  final: false,
  holdMs: null,
};

const WAITING: DisplayState = {
  ...IDLE,
  status: 'waiting',
  runId: 'r1',
  title: 'Отсканируйте QR-код',
  detail: 'Откройте приложение СБП',
  amount: '150.00 ₽',
  system: 'СБП',
  secondsLeft: 100,
  qrSvg: '<svg viewBox="0 0 1 1"></svg>',
};

/** Runs the page's script against a minimal DOM, EventSource and timers. */
function runPageScript(html: string) {
  const elements = new Map<string, Record<string, unknown>>();
  for (const [, id, inner] of html.matchAll(
    /<(?:p|h1|div|script)[^>]* id="([^"]+)"[^>]*>(.*?)<\/(?:p|h1|div|script)>/gs,
  )) {
    elements.set(id, { textContent: inner, innerHTML: inner, hidden: false });
  }
  const classes = new Set<string>();
  const body = {
    className: '',
    classList: { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) },
  };
  const listeners = new Map<string, (e: { data?: string }) => void>();
  const timeouts: Array<() => void> = [];
  let now = 0;
  let tick: () => void = () => undefined;
  const context = {
    document: {
      getElementById: (id: string) => elements.get(id),
      documentElement: { lang: 'ru' },
      body,
    },
    performance: { now: () => now },
    setInterval: (fn: () => void) => {
      tick = fn;
      return 0;
    },
    setTimeout: (fn: () => void) => timeouts.push(fn),
    clearTimeout: () => undefined,
    EventSource: class {
      constructor(readonly url: string) {
        (context as { sourceUrl?: string }).sourceUrl = url;
      }
      addEventListener(type: string, fn: (e: { data?: string }) => void) {
        listeners.set(type, fn);
      }
    },
    JSON,
    Math,
    String,
  };
  const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  vm.runInNewContext(script, context);
  return {
    text: (id: string) => String(elements.get(id)?.textContent),
    el: (id: string) => elements.get(id) as { innerHTML: string; hidden: boolean },
    body,
    sourceUrl: () => (context as { sourceUrl?: string }).sourceUrl,
    emit: (type: string, data?: unknown) =>
      listeners.get(type)?.({ data: data === undefined ? undefined : JSON.stringify(data) }),
    passMs: (ms: number) => {
      now += ms;
      tick();
    },
    runTimeouts: () => timeouts.splice(0).forEach((fn) => fn()),
  };
}

test('the page script renders each state it receives and counts down between them', () => {
  const page = runPageScript(renderDisplayPage(IDLE, IDLE, 'ru', 'n0nce'));

  page.emit('state', WAITING);
  page.passMs(2500);
  const between = page.text('countdown');
  page.passMs(7500);
  page.emit('state', { ...WAITING, secondsLeft: 85 });

  assert.equal(page.sourceUrl(), '/display/events?lang=ru');
  assert.equal(page.body.className, 'status-waiting');
  assert.equal(page.text('amount'), '150.00 ₽');
  assert.equal(between, 'Осталось 98 с');
  assert.equal(page.text('countdown'), 'Осталось 85 с');
  assert.equal(page.el('qr').innerHTML, WAITING.qrSvg);
  assert.equal(page.el('qr').hidden, false);
});

test('the page script hides the QR on the outcome and goes idle after the hold', () => {
  const page = runPageScript(renderDisplayPage(WAITING, IDLE, 'ru', 'n0nce'));

  page.emit('state', {
    ...WAITING,
    status: 'paid',
    title: 'Оплачено',
    qrSvg: null,
    secondsLeft: null,
    final: true,
    holdMs: 30_000,
  });
  const paidTitle = page.text('title');
  const qrHidden = page.el('qr').hidden;
  page.runTimeouts();

  assert.equal(paidTitle, 'Оплачено');
  assert.equal(qrHidden, true);
  assert.equal(page.body.className, 'status-idle');
  assert.equal(page.text('title'), IDLE.title);
  assert.equal(page.el('amount').hidden, true);
});

test('a text that looks like markup cannot break out of the page', () => {
  const evil = { ...IDLE, detail: '</script><script>alert(1)</script>' };

  const html = renderDisplayPage(evil, IDLE, 'en', 'n0nce');

  assert.equal(html.match(/<script/g)?.length, 3);
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;'));
  assert.ok(html.includes('\\u003c/script>\\u003cscript>'));
});
