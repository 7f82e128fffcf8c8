import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceHarness, type ServiceHarness } from '../testing/service-harness';
import { readSse } from '../testing/sse-reader';
import { readSvgQr } from '../testing/svg-qr-reader';
import { DISPLAY_TIMING } from './display-state';

async function waitingPayment(w: ServiceHarness, body = { system: 'sbp', amount: '150.00' }) {
  const started = (await w.request('POST', '/v1/payments', { body })).json;
  await w.eventually(started.links.self, (a) => a.json.status === 'awaiting-payment');
  return started;
}

test(
  'the page shows the amount, the system, ' + 'the seconds left and the QR as inline SVG',
  async (t) => {
    const w = await serviceHarness(t, { settings: { device: { display: 'display' } } });
    w.gateway.next = { payOnPoll: 99 };
    const started = await waitingPayment(w);
    const { qrText } = (await w.request('GET', started.links.self)).json;

    const page = await w.request('GET', '/display');

    const svg = /<svg[\s\S]*<\/svg>/.exec(page.text)?.[0] ?? '';
    assert.match(qrText, /^https:\/\/qr\.nspk\.ru\//);
    assert.equal(readSvgQr(svg), qrText);
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.text, /<html lang="ru">/);
    assert.match(page.text, /id="amount"[^>]*>150\.00 ₽</);
    assert.match(page.text, /id="system"[^>]*>СБП</);
    assert.match(page.text, /id="countdown"[^>]*>Осталось 120 с</);
    assert.match(page.text, /<div id="qr" class="qr"><svg role="img" [^>]*viewBox="0 0 \d+ \d+"/);
    assert.match(page.text, /Отсканируйте QR-код/);
  },
);

test('?lang=en shows the page in English', async (t) => {
  const w = await serviceHarness(t, { settings: { device: { display: 'both' } } });
  w.gateway.next = { payOnPoll: 99 };
  await waitingPayment(w, { system: 'wm', amount: '99.90' });

  const page = await w.request('GET', '/display?lang=en');
  const bad = await w.request('GET', '/display?lang=de');

  assert.match(page.text, /<html lang="en">/);
  assert.match(page.text, /id="amount"[^>]*>99\.90 RUB</);
  assert.match(page.text, /Scan the QR code/);
  assert.match(page.text, /120 s left/);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'lang');
});

test(
  'the page is self-contained: no external asset, ' + 'script and style allowed by nonce',
  async (t) => {
    const w = await serviceHarness(t);

    const page = await w.request('GET', '/display');

    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.match(csp, /default-src 'none'/);
    assert.ok(page.text.includes(`<script nonce="${nonce}">`));
    assert.ok(page.text.includes(`<style nonce="${nonce}">`));
    assert.doesNotMatch(page.text, /\b(src|href)=|<link|@import|url\(/);
    assert.match(page.text, /new EventSource\('\/display\/events\?lang='/);
  },
);

test(
  'with the QR printed on the tape, ' + 'the display shows no QR and points to the slip',
  async (t) => {
    const w = await serviceHarness(t, { settings: { device: { display: 'tape' } } });
    w.gateway.next = { payOnPoll: 99 };
    await waitingPayment(w);

    const page = await w.request('GET', '/display');

    assert.doesNotMatch(page.text, /<svg/);
    assert.match(page.text, /QR-код на чеке/);
    assert.match(page.text, /150\.00 ₽/);
  },
);

test('the display stream goes from idle to the QR to paid, in step with the payment', async (t) => {
  const w = await serviceHarness(t, { settings: { device: { display: 'display' } } });
  const display = await readSse(w.http.url, '/display/events');
  t.after(() => display.close());
  const idle = await display.next((m) => m.event === 'state');
  w.gateway.next = { payOnPoll: 2 };

  await waitingPayment(w);
  const waiting = await display.next((m) => m.data.status === 'waiting');
  await w.advance(2000);
  const paid = await display.next((m) => m.data.status === 'paid' && m.data.final);

  assert.equal(idle.data.status, 'idle');
  assert.equal(idle.data.qrSvg, null);
  assert.equal(waiting.data.amount, '150.00 ₽');
  assert.match(waiting.data.qrSvg, /^<svg /);
  assert.equal(waiting.data.secondsLeft, 120);
  assert.equal(paid.data.title, 'Оплачено');
  assert.equal(paid.data.qrSvg, null);
  assert.equal(paid.data.holdMs, DISPLAY_TIMING.holdFinalMs);
});

test('a decline shows its reason, escaped, and the display goes idle after the hold', async (t) => {
  const w = await serviceHarness(t, { settings: { device: { display: 'display' } } });
  w.gateway.next = { rejectOnPoll: 1, rejectReason: 'лимит <b>исчерпан</b>' };
  const started = (
    await w.request('POST', '/v1/payments', { body: { system: 'sbp', amount: '5' } })
  ).json;
  await w.eventually(started.links.self, (a) => a.json.status === 'finished');

  const declined = await w.request('GET', '/display');
  await w.advance(DISPLAY_TIMING.holdFinalMs);
  const idle = await w.request('GET', '/display');

  assert.match(declined.text, /<body class="status-declined">/);
  assert.match(declined.text, /Оплата отклонена/);
  assert.ok(declined.text.includes('лимит &lt;b&gt;исчерпан&lt;/b&gt;'));
  assert.ok(!declined.text.includes('<b>исчерпан'));
  assert.match(idle.text, /<body class="status-idle">/);
});

test('a timed-out payment shows that the time ran out', async (t) => {
  const w = await serviceHarness(t, { settings: { device: { display: 'display' } } });
  w.gateway.next = { payOnPoll: 999 };
  const started = await waitingPayment(w);

  await w.advance(121_000);
  await w.eventually(started.links.self, (a) => a.json.status === 'finished');
  const page = await w.request('GET', '/display?lang=en');

  assert.match(page.text, /<body class="status-timed-out">/);
  assert.match(page.text, /The time to pay ran out/);
  assert.doesNotMatch(page.text, /<svg/);
});
