import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedShop } from './simulated-shop';

test('a paid payment in process, on virtual time: the receipt under the set number', async (t) => {
  const shop = await SimulatedShop.start({
    settings: { paymentTypes: { wm: { paymentNumber: 6, name: 'WEBMONEY' } } },
  });
  t.after(() => shop.close());
  const service = await shop.openService();
  shop.gateway.scriptNext({ payAfterPolls: 30 });
  const started = shop.clock.now();

  const result = await service.pay({ paySystem: 'wm', amountKopecks: 12345 });

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED', result.message);
  assert.equal(shop.clock.now() - started, 60_000, '30 polls, 2 s apart, on the virtual clock');
  const [receipt] = shop.emulator.device.fiscalDocuments();
  assert.deepEqual(
    receipt.payments.map((p) => [p.paymentNumber, p.kopecks]),
    [[6, 12345]],
  );
});

test('the settings file is valid and points at the running emulator and gateway', async (t) => {
  const shop = await SimulatedShop.start({ time: 'real' });
  t.after(() => shop.close());

  const { settings, file } = shop.loadSettings();

  assert.equal(file, shop.settingsFile);
  assert.equal(settings.device.connection, shop.emulatorAddress);
  assert.equal(settings.gateway.url, shop.gateway.url);
  assert.equal(settings.payment.journalFile, path.join(shop.dir, 'journal.sqlite'));
  assert.deepEqual(Object.keys(settings.paymentTypes).sort(), ['alipay', 'sbp', 'wechat', 'wm']);
});

test('over TCP, a power cut and a restart keep the journal of the paid payment', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-shop-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const shop = await SimulatedShop.start({ dir, printerLink: 'tcp' });
  t.after(() => shop.close());
  shop.gateway.scriptNext({ payAfterPolls: 1 });
  const result = await (await shop.openService()).pay({ paySystem: 'sbp', amountKopecks: 500 });

  await shop.cutPower();
  const again = await shop.openService();
  const report = await again.recover();

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED', result.message);
  assert.equal(again.journal.get(result.paymentId!)?.state, 'RECEIPT_CLOSED');
  assert.deepEqual(report.payments, []);
  assert.equal(shop.emulator.linkCount, 1, 'the old link is closed, the new one open');
});

test('close() removes a temporary folder and keeps a given one', async () => {
  const given = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-shop-test-'));
  const temporary = await SimulatedShop.start({ time: 'real' });
  const kept = await SimulatedShop.start({ time: 'real', dir: given });

  await temporary.close();
  await kept.close();

  assert.equal(fs.existsSync(temporary.dir), false);
  assert.equal(fs.existsSync(kept.settingsFile), true);
  fs.rmSync(given, { recursive: true, force: true });
});
