import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { settle, systemClock, VirtualClock } from '../../core/clock';
import { PaymentJournal } from '../../payment/journal/payment-journal';
import { createPaymentService } from '../../payment/payment-service';
import { FakeGateway } from '../../payment/testing/fake-gateway';
import { FakePrinter } from '../../payment/testing/fake-printer';
import { send } from '../../service/testing/service-harness';
import { EXIT } from '../exit-codes';
import { runCli } from '../main';
import { recordingContext } from '../testing/recording-context';
import { useServiceCliDeps } from './service-commands';

interface Serving {
  dir: string;
  gateway: FakeGateway;
  journalFile: string;
  out(): string;
  err(): string;
  /** Resolves with the base URL once "http: ..." is printed, or undefined if it ended first. */
  ready: Promise<string | undefined>;
  stop(): void;
  done: Promise<number>;
  journalClosed(): boolean;
}

function serve(
  t: TestContext,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  seed?: (journal: PaymentJournal, clock: VirtualClock) => void,
  /** Extra top-level sections of the settings file (e.g. `service`). */
  config: Record<string, unknown> = {},
): Serving {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-serve-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(
    path.join(dir, 'wmqr.config.json'),
    JSON.stringify({
      device: { connection: 'tcp://127.0.0.1:7778', display: 'both' },
      gateway: {
        url: 'https://127.0.0.1:1/qr',
        agent: '50001',
        posNumber: '100200300',
        certificateFolder: 'certs',
      },
      payment: { waitSeconds: 120, journalFile: 'journal.sqlite' },
      paymentTypes: { sbp: { paymentNumber: 2, name: 'СБП' } },
      ...config,
    }),
  );
  const journalFile = path.join(dir, 'journal.sqlite');
  const clock = new VirtualClock();
  if (seed) {
    const seeded = PaymentJournal.open(journalFile, { clock });
    seed(seeded, clock);
    seeded.close();
  }
  const printer = new FakePrinter(clock);
  const gateway = new FakeGateway(clock);
  let journal: PaymentJournal | undefined;
  let journalClosed = false;

  let onOut = (_out: string) => undefined as void;
  const recording = recordingContext({
    env: { WMQR_AGENT_KEY: 'k-secret', WMQR_CERT_PASSWORD: 'p-secret', ...env },
    cwd: dir,
    onOut: (out) => onOut(out),
  });
  const ctx = recording.ctx;
  useServiceCliDeps(ctx, {
    async openService(settings) {
      journal = PaymentJournal.open(settings.payment.journalFile, { clock });
      const opened = journal;
      const service = createPaymentService({ settings, printer, gateway, journal, clock });
      const close = async () => {
        opened.close();
        journalClosed = true;
      };
      return { service, printer, gateway, journal, close };
    },
    httpOptions: { clock, ioClock: systemClock },
  });

  const done = runCli(['serve', ...args], ctx);
  const ready = new Promise<string | undefined>((resolve) => {
    onOut = (out) => {
      const url = /^http: (\S+)$/m.exec(out)?.[1];
      if (url && /^display: /m.test(out)) resolve(url);
    };
    void done.then(() => resolve(undefined));
  });
  return {
    dir,
    gateway,
    journalFile,
    out: recording.out,
    err: recording.err,
    ready,
    stop: recording.abort,
    done,
    journalClosed: () => journalClosed,
  };
}

test('serve prints where it listens, answers, and stops on the signal', async (t) => {
  const s = serve(t, ['--port', '0']);

  const url = await s.ready;
  const health = await send(url as string, 'GET', '/health');
  const display = await send(url as string, 'GET', '/display');
  s.stop();
  const code = await s.done;

  assert.match(url as string, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(s.out().includes(`display: ${url}/display`));
  assert.equal(health.status, 200);
  assert.equal(health.json.status, 'ok');
  assert.match(display.text, /<h1 id="title"[^>]*>Оплата по QR-коду</);
  assert.equal(code, EXIT.OK);
  assert.ok(s.journalClosed());
});

test('serve recovers unfinished payments before it listens', async (t) => {
  const s = serve(t, ['--port', '0'], {}, (journal, clock) => {
    journal.begin({
      id: '777',
      paySystem: 'sbp',
      paymentNumber: 2,
      amountKopecks: 5000,
      items: [{ name: 'Товар', priceKopecks: 5000, quantityMilli: 1000 }],
      description: 'Товар',
      deadline: clock.now() + 120_000,
    });
  });

  const url = await s.ready;
  s.stop();
  await s.done;

  const out = s.out();
  assert.ok(url);
  assert.match(out, /recovered payment 777: CREATING_QR -> NOT_CREATED/);
  assert.ok(out.indexOf('recovered payment 777') < out.indexOf('http: '));
  assert.deepEqual(s.gateway.ops('777'), ['getState']);
});

test('stopping while a payment runs cancels it safely and waits for its end', async (t) => {
  const s = serve(t, ['--port', '0']);
  const url = (await s.ready) as string;
  s.gateway.next = { payOnPoll: 99 };
  const started = await send(url, 'POST', '/v1/payments', {
    body: { system: 'sbp', amount: '150.00' },
  });
  for (let i = 0; i < 50; i++) {
    const now = await send(url, 'GET', started.json.links.self);
    if (now.json.status === 'awaiting-payment') break;
    await settle();
  }

  s.stop();
  const code = await s.done;

  const journal = PaymentJournal.open(s.journalFile, { readOnly: true });
  t.after(() => journal.close());
  const entry = journal.list()[0];
  assert.equal(started.status, 202);
  assert.equal(code, EXIT.OK);
  assert.equal(entry.state, 'CANCELLED');
  assert.equal(entry.outcome, 'CANCELLED_BY_CASHIER');
  assert.ok(s.gateway.ops(entry.id).includes('cancel'));
  assert.match(s.out(), new RegExp(`stopping: cancelling payment ${entry.id} first`));
  assert.match(s.out(), /CANCELLED_BY_CASHIER/);
});

test(
  'a bad --port or a short token is a usage error that names it, ' + 'and shows no secret',
  async (t) => {
    const port = serve(t, ['--port', '70000']);
    const token = serve(t, ['--port', '0'], { WMQR_HTTP_TOKEN: 'short-secret' });

    const portCode = await port.done;
    const tokenCode = await token.done;

    assert.equal(portCode, EXIT.USAGE);
    assert.match(port.err(), /SERVICE_BAD_PORT: --port "70000"/);
    assert.equal(tokenCode, EXIT.USAGE);
    assert.match(token.err(), /SERVICE_BAD_TOKEN: WMQR_HTTP_TOKEN/);
    assert.ok(!token.err().includes('short-secret'));
    assert.equal(await port.ready, undefined);
  },
);

test("serve listens as the settings file's service section says; the env token wins", async (t) => {
  const fileToken = 'file-token-0123456789';
  const envToken = 'env-token-0123456789';
  const service = { service: { host: '127.0.0.1', port: 0, token: fileToken } };
  const fromFile = serve(t, [], {}, undefined, service);
  const fromEnv = serve(t, [], { WMQR_HTTP_TOKEN: envToken }, undefined, service);
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  const fileUrl = (await fromFile.ready) as string;
  const envUrl = (await fromEnv.ready) as string;
  const statuses = [
    (await send(fileUrl, 'GET', '/v1/payments')).status,
    (await send(fileUrl, 'GET', '/v1/payments', bearer(fileToken))).status,
    (await send(envUrl, 'GET', '/v1/payments', bearer(fileToken))).status,
    (await send(envUrl, 'GET', '/v1/payments', bearer(envToken))).status,
  ];
  fromFile.stop();
  fromEnv.stop();
  await Promise.all([fromFile.done, fromEnv.done]);

  assert.match(fileUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(fileUrl, 'http://127.0.0.1:7790');
  assert.deepEqual(statuses, [401, 200, 401, 200]);
  for (const s of [fromFile, fromEnv]) {
    assert.ok(!`${s.out()}${s.err()}`.includes(fileToken));
    assert.ok(!`${s.out()}${s.err()}`.includes(envToken));
  }
});
