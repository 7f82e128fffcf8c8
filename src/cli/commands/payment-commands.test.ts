import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../core/clock';
import { silentLogger } from '../../core/logger';
import { PaymentJournal } from '../../payment/journal/payment-journal';
import { createPaymentService } from '../../payment/payment-service';
import { FakeGateway, type FakeScript } from '../../payment/testing/fake-gateway';
import { FakePrinter } from '../../payment/testing/fake-printer';
import { EXIT } from '../exit-codes';
import { runCli } from '../main';
import { recordingContext } from '../testing/recording-context';
import { usePaymentCliDeps } from './payment-commands';

interface Till {
  dir: string;
  clock: VirtualClock;
  printer: FakePrinter;
  gateway: FakeGateway;
  /** Runs `wmqr <args>`; returns exit code and output. */
  run(
    args: string[],
    options?: { script?: FakeScript; abortOn?: string; env?: NodeJS.ProcessEnv },
  ): Promise<{
    code: number;
    out: string;
    err: string;
  }>;
}

function till(t: TestContext, config: Record<string, unknown> = {}): Till {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(
    path.join(dir, 'wmqr.config.json'),
    JSON.stringify({
      locale: 'en',
      device: { connection: 'tcp://127.0.0.1:7778' },
      gateway: {
        url: 'https://127.0.0.1:1/qr',
        agent: '50001',
        posNumber: '100200300',
        certificateFolder: 'certs',
      },
      payment: { waitSeconds: 120 },
      paymentTypes: {
        sbp: { paymentNumber: 2, name: 'СБП' },
        wm: { paymentNumber: 3, name: 'WEBMONEY' },
      },
      ...config,
    }),
  );
  const clock = new VirtualClock();
  const printer = new FakePrinter(clock);
  const gateway = new FakeGateway(clock);

  return {
    dir,
    clock,
    printer,
    gateway,
    async run(args, options = {}) {
      const recording = recordingContext({
        env: { WMQR_AGENT_KEY: 'k-secret', WMQR_CERT_PASSWORD: 'p-secret', ...options.env },
        cwd: dir,
        onOut: (out) => {
          if (options.abortOn && out.includes(options.abortOn)) recording.abort();
        },
      });
      const ctx = recording.ctx;
      usePaymentCliDeps(ctx, {
        async openService(settings) {
          const journal = PaymentJournal.open(settings.payment.journalFile, { clock });
          const service = createPaymentService({
            settings,
            printer,
            gateway,
            journal,
            clock,
            logger: silentLogger,
          });
          return { service, printer, gateway, journal, close: async () => journal.close() };
        },
        async openPrinter() {
          return Object.assign(printer, { close: async () => undefined });
        },
      });
      if (options.script) gateway.next = options.script;
      const stop = clock.autoAdvance();
      try {
        const code = await runCli(args, ctx);
        return { code, out: recording.out(), err: recording.err() };
      } finally {
        stop();
      }
    },
  };
}

test('pay: paid and receipted exits 0 and says so', async (t) => {
  const w = till(t);

  const r = await w.run(['pay', '--system', 'sbp', '--amount', '150.50'], {
    script: { payOnPoll: 2 },
  });

  assert.equal(r.code, EXIT.OK);
  assert.match(r.out, /Paid 150\.50 RUB\. Receipt closed, document no\. 101\./);
  assert.match(r.out, /outcome=PAID_RECEIPT_CLOSED payment=\d+/);
  assert.match(r.out, /Waiting for the payment: 120 s left/);
  assert.deepEqual(w.printer.receipts[0].payments, [{ paymentNumber: 2, kopecks: 15050 }]);
});

test('pay: each outcome has its own exit code', async (t) => {
  const cases: Array<[FakeScript, number, RegExp]> = [
    [
      { rejectOnPoll: 1, rejectReason: 'limit exceeded' },
      EXIT.DECLINED,
      /declined: limit exceeded/,
    ],
    [{}, EXIT.TIMED_OUT, /did not pay in time/],
  ];
  for (const [script, code, text] of cases) {
    const w = till(t);
    const r = await w.run(['pay', '--system', 'wm', '--amount', '10'], { script });
    assert.equal(r.code, code);
    assert.match(r.out, text);
  }
});

test('pay: Ctrl+C cancels the QR at the gateway and exits 5', async (t) => {
  const w = till(t);

  const r = await w.run(['pay', '--system', 'sbp', '--amount', '10'], { abortOn: '110 s left' });

  assert.equal(r.code, EXIT.CANCELLED);
  assert.equal(w.gateway.ops().at(-1), 'cancel');
  assert.equal(w.printer.receipts.length, 0);
});

test('pay: a receipt owed exits 6, and recover prints it and exits 0', async (t) => {
  const w = till(t);
  w.printer.onCall = (m) => {
    if (m === 'printFiscalReceipt') w.printer.dead = true;
  };

  const paid = await w.run(['pay', '--system', 'sbp', '--amount', '10'], {
    script: { payOnPoll: 1 },
  });
  w.printer.dead = false;
  w.printer.onCall = undefined;
  const recovered = await w.run(['recover']);

  assert.equal(paid.code, EXIT.NEEDS_ATTENTION);
  assert.match(paid.out, /wmqr recover/);
  assert.equal(recovered.code, EXIT.OK);
  assert.match(recovered.out, /RECEIPT_OWED -> RECEIPT_CLOSED \(receipt-printed\) document=101/);
  assert.equal(w.printer.receipts.length, 1);
});

test('pay: the amount may come from the items, and --json prints the result', async (t) => {
  const w = till(t);

  const r = await w.run(
    ['pay', '--system', 'sbp', '--item', 'Кофе:150.50', '--item', 'Сыр:999.90:0.25', '--json'],
    { script: { payOnPoll: 1 } },
  );

  assert.equal(r.code, EXIT.OK);
  const result = JSON.parse(r.out);
  assert.equal(result.outcome, 'PAID_RECEIPT_CLOSED');
  assert.equal(result.amountKopecks, 15050 + 24998);
  assert.deepEqual(
    w.printer.receipts[0].items.map((i) => i.quantityMilli),
    [1000, 250],
  );
});

test('pay: bad input is refused with a clear message and exit code 2', async (t) => {
  const w = till(t);
  const cases: Array<[string[], RegExp]> = [
    [['pay', '--system', 'sbp', '--amount', '1.234'], /BAD_AMOUNT.*two decimals/],
    [['pay', '--system', 'sbp', '--amount', '-5'], /BAD_AMOUNT/],
    [['pay', '--system', 'sbp'], /BAD_AMOUNT.*--amount/],
    [['pay', '--system', 'sbp', '--item', 'Кофе'], /PAYMENT_BAD_ITEM/],
    [
      ['pay', '--system', 'sbp', '--amount', '10', '--item', 'Кофе:9'],
      /PAYMENT_ITEMS_TOTAL_MISMATCH/,
    ],
    [['pay', '--system', 'alipay', '--amount', '10'], /PAYMENT_SYSTEM_NOT_ENABLED/],
    [['pay', '--system', 'visa', '--amount', '10'], /sbp, wm, wechat, alipay/],
    [['pay', '--amount', '10'], /--system/],
  ];
  for (const [args, message] of cases) {
    const r = await w.run(args);
    assert.equal(r.code, EXIT.USAGE, args.join(' '));
    assert.match(r.err, message, args.join(' '));
  }
  assert.deepEqual(w.gateway.calls, [], 'nothing reached the gateway');
});

test('a missing or invalid settings file exits 2 naming the problem', async (t) => {
  const w = till(t, { paymentTypes: { sbp: { paymentNumber: 14, name: 'СБП' } } });

  const missing = await w.run(['pay', '--system', 'sbp', '--amount', '1', '--config', 'nope.json']);
  const invalid = await w.run(['pay', '--system', 'sbp', '--amount', '1']);

  assert.equal(missing.code, EXIT.USAGE);
  assert.match(missing.err, /SETTINGS_FILE_NOT_FOUND/);
  assert.equal(invalid.code, EXIT.USAGE);
  assert.match(invalid.err, /SETTINGS_OUT_OF_RANGE.*paymentTypes\.sbp\.paymentNumber.*14.*2\.\.13/);
});

test('journal lists payments as a table or CSV, filtered by date', async (t) => {
  const w = till(t);
  await w.run(['pay', '--system', 'sbp', '--amount', '150'], { script: { payOnPoll: 1 } });
  await w.run(['pay', '--system', 'wm', '--amount', '20'], { script: { rejectOnPoll: 1 } });

  const day = (offset: number) => {
    const d = new Date(w.clock.now());
    d.setDate(d.getDate() + offset);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  };
  const table = await w.run(['journal']);
  const csv = await w.run(['journal', '--csv', '--since', day(0)]);
  const later = await w.run(['journal', '--csv', '--since', day(1)]);
  const bad = await w.run(['journal', '--since', 'yesterday']);

  assert.equal(table.code, EXIT.OK);
  assert.match(table.out, /RECEIPT_CLOSED\s+PAID_RECEIPT_CLOSED\s+101/);
  assert.match(table.out, /2 payment\(s\); 1 receipted for 150\.00 RUB/);
  const rows = csv.out.trim().split('\r\n');
  assert.equal(rows.length, 3);
  assert.match(rows[1], /,sbp,2,150\.00,150\.00,RECEIPT_CLOSED,PAID_RECEIPT_CLOSED,9\d+,101,/);
  assert.match(rows[2], /,wm,3,20\.00,,DECLINED,DECLINED,/);
  assert.equal(later.out.trim().split('\r\n').length, 1, 'header only');
  assert.equal(bad.code, EXIT.USAGE);
  assert.match(bad.err, /CLI_BAD_DATE/);
});

test('journal without any payment yet says so', async (t) => {
  const w = till(t);

  const r = await w.run(['journal']);

  assert.equal(r.code, EXIT.ERROR);
  assert.match(r.err, /JOURNAL_NOT_FOUND/);
});

test(
  'setup-payment-names writes table 5 and confirms by reading back, ' + 'without secrets',
  async (t) => {
    const w = till(t);

    const r = await w.run(['setup-payment-names'], {
      env: { WMQR_AGENT_KEY: '', WMQR_CERT_PASSWORD: '' },
    });

    assert.equal(r.code, EXIT.OK);
    assert.deepEqual(
      [...w.printer.names],
      [
        [2, 'СБП'],
        [3, 'WEBMONEY'],
      ],
    );
    assert.match(r.out, / 2  sbp     СБП  ok/);
  },
);

test('setup-payment-names fails when the register does not keep the name', async (t) => {
  const w = till(t);
  w.printer.writePaymentName = async () => undefined;

  const r = await w.run(['setup-payment-names']);

  assert.equal(r.code, EXIT.ERROR);
  assert.match(r.out, /MISMATCH/);
});

test('the help of pay documents the exit codes and the examples', async (t) => {
  const w = till(t);

  const r = await w.run(['pay', '--help']);

  assert.equal(r.code, EXIT.OK);
  assert.match(r.out, /--system <system>/);
  assert.match(r.out, /3 declined, 4 timed out, 5 cancelled/);
  assert.match(r.out, /wmqr pay --system sbp --amount 150\.00/);
});
