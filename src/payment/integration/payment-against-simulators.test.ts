/**
 * Whole payments through the production wiring (openPaymentService: the Shtrih-M driver, the
 * point certificate, the WebMoney client, the journal file) against the Shtrih-M emulator and
 * the mock gateway, in process. Named *.test.ts so the build leaves it out: production code
 * never imports the simulators.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, VirtualClock, type Clock } from '../../core/clock';
import { MemoryLogger } from '../../core/logger';
import {
  TEST_AGENT,
  TEST_AGENT_KEY,
  TEST_POINT,
  ensureTestCertificates,
  type TestCertificates,
} from '../../../certs-test/make-certs';
import { startTestPointGateway, type MockGateway } from '../../../simulator/gateway';
import { ShtrihEmulator } from '../../../simulator/shtrih';
import { openPaymentService, type PaymentServiceHandle } from '../open-payment-service';
import { validateSettings } from '../settings/validate-settings';

let certs: TestCertificates;

before(async () => {
  certs = await ensureTestCertificates();
});

interface Stand {
  clock: Clock;
  emu: ShtrihEmulator;
  gw: MockGateway;
  handle: PaymentServiceHandle;
  logger: MemoryLogger;
}

/** Emulator + mock gateway + the service wired from settings, torn down after the test. */
async function stand(
  t: TestContext,
  options: { transport: 'in-process' | 'tcp'; waitSeconds?: number },
): Promise<Stand> {
  // Real sockets run on real time; the in-process link can run on a self-moving clock.
  const virtual = options.transport === 'in-process' ? new VirtualClock() : undefined;
  const clock: Clock = virtual ?? systemClock;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-e2e-'));
  const emu = new ShtrihEmulator({ clock, paymentNames: { 2: 'СБП' } });
  const { gateway: gw } = await startTestPointGateway({ certificates: certs, clock });
  const tcp = options.transport === 'tcp' ? await emu.listenTcp({ port: 0 }) : undefined;
  const { settings } = validateSettings(
    {
      device: { connection: tcp ? `tcp://${tcp.host}:${tcp.port}` : 'tcp://127.0.0.1:7778' },
      gateway: {
        url: gw.url,
        agent: TEST_AGENT,
        posNumber: TEST_POINT,
        agentKey: TEST_AGENT_KEY,
        certificateFolder: certs.pointFolder,
        certificatePassword: certs.password,
        caFile: certs.caCertFile,
        testMode: true,
        stateDir: path.join(dir, 'state'),
      },
      payment: { waitSeconds: options.waitSeconds ?? 120, pollIntervalSeconds: 1 },
      paymentTypes: {
        sbp: { paymentNumber: 2, name: 'СБП' },
        wm: { paymentNumber: 3, name: 'WEBMONEY' },
      },
    },
    { baseDir: dir },
  );
  const logger = new MemoryLogger();
  const stop = virtual?.autoAdvance();
  const handle = await openPaymentService(settings, {
    clock,
    ioClock: systemClock,
    logger,
    printerOptions: tcp ? undefined : { stream: emu.connect() },
  });
  t.after(async () => {
    await handle.close();
    await tcp?.close();
    await emu.close();
    await gw.close();
    stop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { clock, emu, gw, handle, logger };
}

after(() => undefined);

test(
  'a whole SBP payment: QR on the tape, customer pays, ' +
    'receipt closed with the sum under type 2',
  async (t) => {
    const s = await stand(t, { transport: 'in-process' });
    s.gw.scriptNext({ payAfterPolls: 2 });

    const result = await s.handle.service.pay({
      paySystem: 'sbp',
      amountKopecks: 25050,
      items: [
        { name: 'Кофе', priceKopecks: 15050, quantityMilli: 1000 },
        { name: 'Булочка', priceKopecks: 5000, quantityMilli: 2000 },
      ],
    });

    assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED', result.message);
    const [doc, ...more] = s.emu.device.fiscalDocuments();
    assert.equal(more.length, 0);
    assert.equal(doc.totalKopecks, 25050);
    assert.deepEqual(
      doc.payments.map((p) => [p.paymentNumber, p.kopecks, p.name]),
      [[2, 25050, 'СБП']],
    );
    assert.equal(result.fiscalDocumentNumber, doc.number);
    const qr = s.emu.tape.entries.find((e) => e.kind === 'qr');
    assert.ok(qr?.kind === 'qr');
    assert.equal(qr.text, s.gw.payment(result.paymentId!)?.qr);
    assert.equal(s.gw.requestsFor('QrCreate').length, 1);
    assert.equal(s.gw.requestsFor('QrCancel').length, 0);
    assert.equal(s.handle.journal.get(result.paymentId!)?.state, 'RECEIPT_CLOSED');
    assert.ok(!s.logger.text().includes(TEST_AGENT_KEY));
  },
);

test(
  'nobody pays: ' + 'at the deadline the QR is cancelled at the gateway and no receipt is made',
  async (t) => {
    const s = await stand(t, { transport: 'in-process' });
    s.gw.scriptNext({ neverPay: true });

    const result = await s.handle.service.pay({ paySystem: 'wm', amountKopecks: 1000 });

    assert.equal(result.outcome, 'TIMED_OUT', result.message);
    assert.equal(s.gw.requestsFor('QrCancel', result.paymentId).length, 1);
    assert.equal(s.gw.payment(result.paymentId!)?.state, 'CANCELLED');
    assert.deepEqual(s.emu.device.fiscalDocuments(), []);
  },
);

test('paper runs out while the QR prints, is refilled, and the payment completes', async (t) => {
  const s = await stand(t, { transport: 'in-process' });
  s.gw.scriptNext({ payAfterPolls: 1 });
  await s.handle.printer.ensureShiftOpen();
  s.emu.faults.paperOutDuringNextPrint({ refillAfterMs: 5000 });

  const result = await s.handle.service.pay({ paySystem: 'sbp', amountKopecks: 500 });

  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED', result.message);
  assert.ok(s.emu.tape.entries.some((e) => e.kind === 'paper-out'));
  assert.ok(s.emu.tape.entries.some((e) => e.kind === 'qr'));
  assert.equal(s.emu.device.fiscalDocuments().length, 1);
});

test('payment names written by setup appear on the receipt, over the TCP transport', async (t) => {
  const s = await stand(t, { transport: 'tcp' });
  s.gw.scriptNext({ payAfterPolls: 1 });

  const names = await s.handle.service.setupPaymentNames();
  const result = await s.handle.service.pay({ paySystem: 'wm', amountKopecks: 700 });

  assert.deepEqual(
    names.map((n) => [n.paymentNumber, n.confirmed]),
    [
      [2, true],
      [3, true],
    ],
  );
  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED', result.message);
  assert.deepEqual(
    s.emu.device.fiscalDocuments()[0].payments.map((p) => p.name),
    ['WEBMONEY'],
  );
});

test(
  'the printer stops answering after the payment: ' +
    'receipt owed, then recovery prints exactly one',
  async (t) => {
    const s = await stand(t, { transport: 'in-process' });
    s.gw.scriptNext({ payAfterPolls: 1 });
    s.handle.service.on((e) => e.type === 'paid' && s.emu.faults.stopAnswering());

    const result = await s.handle.service.pay({ paySystem: 'sbp', amountKopecks: 990 });
    s.emu.faults.resumeAnswering();
    const report = await s.handle.service.recover();
    const again = await s.handle.service.recover();

    assert.equal(result.outcome, 'PAID_RECEIPT_OWED', result.message);
    assert.deepEqual(
      report.payments.map((p) => [p.paymentId, p.to]),
      [[result.paymentId, 'RECEIPT_CLOSED']],
    );
    assert.deepEqual(again.payments, []);
    const docs = s.emu.device.fiscalDocuments();
    assert.equal(docs.length, 1);
    assert.deepEqual(
      docs[0].payments.map((p) => [p.paymentNumber, p.kopecks]),
      [[2, 990]],
    );
    assert.equal(s.handle.journal.get(result.paymentId!)?.fiscalDocumentNumber, docs[0].number);
  },
);

/** A paid payment whose process died after journaling `docBefore`, before the receipt closed. */
async function crashedBeforeReceipt(s: Stand, id: string): Promise<number> {
  await s.handle.printer.ensureShiftOpen();
  const docBefore = (await s.handle.printer.documentState()).lastDocumentNumber;
  s.handle.journal.begin({
    id,
    paySystem: 'sbp',
    paymentNumber: 2,
    amountKopecks: 25050,
    items: [{ name: 'Кофе', priceKopecks: 25050, quantityMilli: 1000 }],
    description: 'Кофе',
    deadline: 0,
  });
  s.handle.journal.record(id, 'paid', { state: 'PAID', paidKopecks: 25050, wmTranId: '5001' });
  s.handle.journal.record(id, 'printing-receipt', { state: 'PRINTING_RECEIPT', docBefore });
  return docBefore;
}

/** The shift closed (Z report, 41h) and opened again (E0h) at the register's keyboard. */
function zReportAndNewShiftByHand(s: Stand): void {
  const sysadmin = [30, 0, 0, 0];
  for (const code of [0x41, 0xe0]) {
    const answer = s.emu.device.execute(Buffer.from([code, ...sysadmin]), { tcp: false });
    assert.equal(answer[1], 0, `command ${code.toString(16)} by hand`);
  }
}

test(
  'a crash after PAID before the receipt, then a Z report and a new shift by hand: ' +
    'recovery reads the documents back and prints exactly one receipt',
  async (t) => {
    const s = await stand(t, { transport: 'in-process' });
    const docBefore = await crashedBeforeReceipt(s, '880001');
    zReportAndNewShiftByHand(s);

    const report = await s.handle.service.recover();
    const again = await s.handle.service.recover();

    assert.deepEqual(
      report.payments.map((p) => [p.paymentId, p.action]),
      [['880001', 'receipt-printed']],
    );
    assert.deepEqual(again.payments, []);
    const docs = s.emu.device.fiscalDocuments();
    assert.equal(docs.length, 1);
    assert.equal(docs[0].number, docBefore + 3, 'after the Z report and the shift opening');
    assert.equal(docs[0].totalKopecks, 25050);
    const entry = s.handle.journal.get('880001');
    assert.equal(entry?.fiscalDocumentNumber, docs[0].number);
    assert.equal(entry?.fiscalSign, docs[0].fiscalSign);
  },
);

test(
  'the receipt did close before the crash, then a Z report and a new shift by hand: ' +
    'recovery finds it on the fiscal drive and prints nothing',
  async (t) => {
    const s = await stand(t, { transport: 'in-process' });
    await crashedBeforeReceipt(s, '880002');
    await s.handle.printer.printFiscalReceipt({
      items: [{ name: 'Кофе', priceKopecks: 25050, quantityMilli: 1000 }],
      payments: [{ paymentNumber: 2, kopecks: 25050 }],
    });
    zReportAndNewShiftByHand(s);

    const report = await s.handle.service.recover();

    assert.deepEqual(
      report.payments.map((p) => [p.paymentId, p.action]),
      [['880002', 'receipt-found-closed']],
    );
    const docs = s.emu.device.fiscalDocuments();
    assert.equal(docs.length, 1);
    const entry = s.handle.journal.get('880002');
    assert.equal(entry?.fiscalDocumentNumber, docs[0].number);
    assert.equal(entry?.fiscalSign, docs[0].fiscalSign);
  },
);
