/**
 * The customer display: one self-contained HTML page (no external asset, no CDN), rendered
 * with the current state on the server so it is right from the first paint, then kept up to
 * date from /display/events (Server-Sent Events). The seconds left are counted down in the
 * page between updates, from the browser's monotonic clock.
 */
import type { DisplayState } from './display-state';
import { DISPLAY_TEXTS, type DisplayLang } from './display-texts';

export function renderDisplayPage(
  state: DisplayState,
  idle: DisplayState,
  lang: DisplayLang,
  nonce: string,
): string {
  const t = DISPLAY_TEXTS[lang];
  const countdown =
    state.secondsLeft === null ? '' : state.countdown.replace('{n}', String(state.secondsLeft));
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(t.pageTitle)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body class="status-${state.status}">
<main>
<div id="qr" class="qr"${hidden(state.qrSvg)}>${state.qrSvg ?? ''}</div>
<div class="info">
<p id="system" class="system"${hidden(state.system)}>${escapeHtml(state.system ?? '')}</p>
<p id="amount-label" class="label"${hidden(state.amount)}>${escapeHtml(state.amountLabel)}</p>
<p id="amount" class="amount"${hidden(state.amount)}>${escapeHtml(state.amount ?? '')}</p>
<p id="countdown" class="countdown" role="timer"${hidden(countdown)}>${escapeHtml(countdown)}</p>
<h1 id="title" aria-live="polite">${escapeHtml(state.title)}</h1>
<p id="detail" class="detail"${hidden(state.detail)}>${escapeHtml(state.detail)}</p>
</div>
</main>
<script type="application/json" id="idle-state">${jsonForScript(idle)}</script>
<script type="application/json" id="initial-state">${jsonForScript(state)}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function hidden(value: string | null): string {
  return value ? '' : ' hidden';
}

/** JSON inside <script>: "</script>" in a decline reason must not end the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

// Sizes in vmin so the same page reads well on a 480-pixel pole display and a tablet.
const STYLE = `
*{box-sizing:border-box;margin:0;padding:0}
html,body{height:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;
background:#fff;color:#111;display:flex;align-items:center;justify-content:center;
text-align:center;overflow:hidden}
main{width:100%;height:100%;padding:3vmin;display:flex;flex-direction:column;
align-items:center;justify-content:center;gap:3vmin}
.info{display:flex;flex-direction:column;align-items:center;gap:1.5vmin;max-width:48rem}
.qr svg{display:block;width:min(62vmin,88vw);height:auto}
.system{font-size:5vmin;color:#444}
.label{font-size:3.6vmin;color:#555}
.amount{font-size:11vmin;font-weight:700;line-height:1.05;font-variant-numeric:tabular-nums}
.countdown{font-size:5.5vmin;font-variant-numeric:tabular-nums;color:#222}
h1{font-size:6.5vmin;line-height:1.15}
.detail{font-size:4vmin;color:#333}
@media (orientation:landscape){main{flex-direction:row;gap:5vmin}
.qr svg{width:min(86vmin,52vw)}.info{align-items:flex-start;text-align:left}}
.status-paid h1{color:#0a7d2c}
.status-declined h1,.status-failed h1,.status-timed-out h1,.status-cancelled h1{color:#b3261e}
.status-attention h1{color:#8a5100}
.status-waiting .countdown{font-weight:700}
body.offline::after{content:"";position:fixed;top:1.5vmin;right:1.5vmin;width:2.5vmin;
height:2.5vmin;border-radius:50%;background:#b3261e}
[hidden]{display:none!important}
`;

const SCRIPT = `
(function () {
  'use strict';
  var byId = function (id) { return document.getElementById(id); };
  var idle = JSON.parse(byId('idle-state').textContent);
  var endsAt = null, template = '', shownQr = null, holdTimer = null, offline = false;
  function show(id, text) { var e = byId(id); e.textContent = text || ''; e.hidden = !text; }
  function tick() {
    if (endsAt === null) { show('countdown', ''); return; }
    var left = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
    show('countdown', template.replace('{n}', String(left)));
  }
  function render(s) {
    document.body.className = 'status-' + s.status + (offline ? ' offline' : '');
    show('system', s.system);
    show('amount-label', s.amount ? s.amountLabel : '');
    show('amount', s.amount);
    show('title', s.title);
    show('detail', s.detail);
    var qrKey = s.qrSvg ? s.runId : null;
    if (qrKey !== shownQr) {
      byId('qr').innerHTML = s.qrSvg || '';
      byId('qr').hidden = !s.qrSvg;
      shownQr = qrKey;
    }
    template = s.countdown;
    endsAt = s.secondsLeft === null ? null : performance.now() + s.secondsLeft * 1000;
    tick();
    clearTimeout(holdTimer);
    if (s.final && s.holdMs !== null) {
      holdTimer = setTimeout(function () { render(idle); }, Math.max(0, s.holdMs));
    }
  }
  render(JSON.parse(byId('initial-state').textContent));
  setInterval(tick, 250);
  var source = new EventSource('/display/events?lang=' + document.documentElement.lang);
  source.addEventListener('state', function (e) { render(JSON.parse(e.data)); });
  function setOffline(value) { offline = value; document.body.classList.toggle('offline', value); }
  source.addEventListener('open', function () { setOffline(false); });
  source.addEventListener('error', function () { setOffline(true); });
})();
`;
