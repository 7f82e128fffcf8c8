import { test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { createPaymentProgress, drawQr } from './payment-progress';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

test('the QR drawn in the terminal decodes to the same text', () => {
  const text = 'https://qr.nspk.ru/AD10006M8KH5RUQ1?type=02&bank=100000000111&sum=15000&cur=RUB';
  const rows = drawQr(text).split('\n');
  // Back to pixels: a block is light, a space is dark; each character is 1 wide, 2 tall.
  const scale = 4;
  const width = rows[0].length * scale;
  const height = rows.length * 2 * scale;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ch = rows[Math.floor(y / (2 * scale))][Math.floor(x / scale)];
      const upper = Math.floor(y / scale) % 2 === 0;
      const light = ch === '█' || (ch === '▀' && upper) || (ch === '▄' && !upper);
      rgba.fill(light ? 255 : 0, (y * width + x) * 4, (y * width + x) * 4 + 3);
      rgba[(y * width + x) * 4 + 3] = 255;
    }
  }

  assert.equal(jsQR(rgba, width, height)?.data, text);
});

test('on a terminal the countdown rewrites one spinner line', () => {
  const out = sink(true);
  const progress = createPaymentProgress(out, { locale: 'en', drawQr: false });

  progress.onEvent({ type: 'waiting', paymentId: '1', secondsLeft: 120 });
  progress.onEvent({ type: 'waiting', paymentId: '1', secondsLeft: 119 });
  progress.onEvent({ type: 'paid', paymentId: '1', paidKopecks: 15000 });

  assert.equal(out.chunks.filter((c) => c.startsWith('\r\x1b[2K')).length, 3);
  assert.match(out.text(), /119 s left/);
  assert.match(out.text(), /\r\x1b\[2KPaid 150\.00 RUB\n$/);
});

test('without a terminal the countdown is a plain line every 10 seconds', () => {
  const out = sink(false);
  const progress = createPaymentProgress(out, { locale: 'ru', drawQr: false });

  for (let s = 120; s >= 95; s--)
    progress.onEvent({ type: 'waiting', paymentId: '1', secondsLeft: s });

  assert.deepEqual(out.text().trim().split('\n'), [
    'Ожидание оплаты: осталось 120 с',
    'Ожидание оплаты: осталось 110 с',
    'Ожидание оплаты: осталось 100 с',
  ]);
  assert.ok(!out.text().includes('\r'));
});
