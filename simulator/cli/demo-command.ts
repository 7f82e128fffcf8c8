/**
 * `wmqr demo` (also `npm start`): one whole QR payment against the built-in Shtrih-M
 * emulator and mock WebMoney gateway, in this process and in real time. It shows the QR code
 * in the terminal, a countdown while the simulated customer makes up their mind, the printed
 * tape, and writes the tape picture. Its settings and journal live in the demo folder; the
 * user's own settings (--config, $WMQR_CONFIG, ./wmqr.config.json) are never read or written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { systemClock, type TimerHandle } from '../../src/core/clock';
import { formatRubles } from '../../src/core/money';
import { writeLine, type CliContext } from '../../src/cli/cli-context';
import { OUTCOME_EXIT } from '../../src/cli/commands/payment-commands';
import { lineTotal } from '../../src/payment/controller/payment-request';
import type { PaymentEvent } from '../../src/payment/controller/payment-events';
import { PAY_SYSTEMS, type PaySystem, type ReceiptItem } from '../../src/payment/ports';
import { createPaymentProgress } from '../../src/payment/terminal/payment-progress';
import {
  SHOP_PAYMENT_TYPES,
  SHOP_SETTINGS_DEFAULTS,
  SimulatedShop,
  type ShopSettingsChoices,
} from '../sandbox';
import { DEMO_TEXTS, type DemoLang, type DemoTexts } from './demo-texts';

export const DEMO_OUTCOMES = ['paid', 'declined', 'timeout'] as const;
export type DemoOutcome = (typeof DEMO_OUTCOMES)[number];

export const DEMO_DEFAULTS = {
  dir: 'reports/demo',
  tapeDir: 'reports/tape',
  payAfterSeconds: 3,
  waitSeconds: 120,
  /** The shortest wait the settings allow, so the timeout demo ends in seconds. */
  timeoutWaitSeconds: 10,
  pollIntervalSeconds: 1,
} as const;

interface DemoOptions {
  system: PaySystem;
  outcome: DemoOutcome;
  lang: DemoLang;
  payAfter: number;
  dir: string;
  tapeDir: string;
  tcp?: boolean;
}

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .summary('a whole QR payment against the built-in emulator and mock gateway')
    .description(
      'Start the Shtrih-M emulator and the mock WebMoney gateway in this process, make the ' +
        'test certificates and demo settings if they are missing, and take a payment for a ' +
        'small sample sale: the QR code is shown here and printed on the emulated tape, the ' +
        'simulated customer acts after a few seconds, and the fiscal receipt is closed when ' +
        'paid. Prints the tape and writes its picture. Nothing goes to the network.\n\n' +
        'Exit codes as for "wmqr pay": 0 paid, 3 declined, 4 timed out, 5 cancelled (Ctrl+C).',
    )
    .addOption(
      new Option('--system <system>', 'payment system the customer picks')
        .choices(PAY_SYSTEMS)
        .default('sbp'),
    )
    .addOption(
      new Option('--outcome <outcome>', 'what the customer does (timeout waits only 10 s)')
        .choices(DEMO_OUTCOMES)
        .default('paid'),
    )
    .addOption(
      new Option('--lang <lang>', 'language of the tape and the messages')
        .choices(['ru', 'en'])
        .default('ru'),
    )
    .option(
      '--pay-after <seconds>',
      'seconds (0 to 60) before the customer pays or is declined',
      parseSeconds,
      DEMO_DEFAULTS.payAfterSeconds,
    )
    .option('--dir <dir>', 'folder of the demo settings and journal', DEMO_DEFAULTS.dir)
    .option('--tape-dir <dir>', 'folder for the tape picture and text', DEMO_DEFAULTS.tapeDir)
    .option('--tcp', 'reach the emulated register over its TCP port instead of in process')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  wmqr demo\n' +
        '  wmqr demo --system wechat --outcome declined --lang en\n' +
        '  wmqr demo --outcome timeout --tape-dir /tmp/tape\n',
    )
    .action((options: DemoOptions) => runDemo(options, ctx));
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds > 60) {
    throw new InvalidArgumentError('give seconds from 0 to 60, e.g. 3 or 1.5');
  }
  return seconds;
}

async function runDemo(options: DemoOptions, ctx: CliContext): Promise<void> {
  const t = DEMO_TEXTS[options.lang];
  const say = (line = '') => writeLine(ctx.stdout, line);
  const dir = path.resolve(ctx.cwd, options.dir);
  const settingsFile = path.join(dir, SHOP_SETTINGS_DEFAULTS.fileName);
  const waitSeconds =
    options.outcome === 'timeout' ? DEMO_DEFAULTS.timeoutWaitSeconds : DEMO_DEFAULTS.waitSeconds;

  say(t.title);
  say(t.offline);
  const shop = await SimulatedShop.start({
    dir,
    time: 'real',
    printerLink: options.tcp ? 'tcp' : 'in-process',
    settings: {
      locale: options.lang,
      paymentTypes: keptPaymentTypes(settingsFile) ?? SHOP_PAYMENT_TYPES,
      waitSeconds,
      pollIntervalSeconds: DEMO_DEFAULTS.pollIntervalSeconds,
    },
  });
  try {
    say(t.stand(shop.emulatorAddress, shop.gateway.url));
    say(t.settings(shown(ctx, shop.settingsFile)));
    if (options.outcome === 'timeout') say(t.shortWait(waitSeconds));
    say();

    const service = await shop.openService();
    const recovered = await service.recover();
    for (const p of recovered.payments) say(t.recovered(p.paymentId, p.from, p.to));
    say(t.names);
    for (const n of await service.setupPaymentNames()) {
      say(`  ${String(n.paymentNumber).padStart(2)}  ${n.paySystem.padEnd(6)}  ${n.readBack}`);
    }
    say();

    const items = t.sampleSale;
    const amountKopecks = items.reduce((sum, item) => sum + lineTotal(item), 0);
    say(t.sale);
    for (const item of items) say(saleLine(item));
    say(t.total(formatRubles(amountKopecks)));
    say();

    const customer = simulatedCustomer(shop, options, t, say);
    const progress = createPaymentProgress(ctx.stdout, { locale: options.lang, drawQr: true });
    const result = await service
      .pay(
        { paySystem: options.system, amountKopecks, items },
        {
          signal: ctx.signal,
          onEvent: (event) => {
            progress.onEvent(event);
            customer.onEvent(event);
          },
        },
      )
      .finally(() => {
        progress.done();
        customer.stop();
      });

    say();
    say(result.message);
    say(`outcome=${result.outcome}${result.paymentId ? ` payment=${result.paymentId}` : ''}`);
    say();
    say(t.tape);
    say(shop.emulator.tape.toText());
    const tapeDir = path.resolve(ctx.cwd, options.tapeDir);
    const files = await shop.emulator.tape.writeTo(
      tapeDir,
      `demo-${options.system}-${options.outcome}`,
    );
    say(t.tapeFiles(shown(ctx, files.pngFile), shown(ctx, files.textFile)));
    say(t.journal(shown(ctx, shop.settingsFile)));
    ctx.exitCode = OUTCOME_EXIT[result.outcome];
  } finally {
    await shop.close();
  }
}

/**
 * The customer's phone: once the QR code is printed they pay, or their bank declines, after
 * the chosen number of seconds; or they never pay.
 */
function simulatedCustomer(
  shop: SimulatedShop,
  options: DemoOptions,
  t: DemoTexts,
  say: (line: string) => void,
): { onEvent(event: PaymentEvent): void; stop(): void } {
  let timer: TimerHandle | undefined;
  let started = false;
  const customer = shop.gateway.customer;

  return {
    onEvent(event) {
      if (event.type !== 'qr-printed' || started) return;
      started = true;
      const id = event.paymentId;
      const ms = options.payAfter * 1000;
      switch (options.outcome) {
        case 'paid':
          say(t.customerPays(options.payAfter));
          timer = systemClock.setTimer(ms, () => customer.pay(id));
          break;
        case 'declined':
          say(t.customerDeclines(options.payAfter));
          timer = systemClock.setTimer(ms, () => customer.reject(id, t.declineReason));
          break;
        case 'timeout':
          say(t.customerWaits);
          break;
      }
    },
    stop: () => timer?.cancel(),
  };
}

function saleLine(item: ReceiptItem): string {
  const price = formatRubles(item.priceKopecks);
  const qty = item.quantityMilli / 1000;
  return `  ${item.name.padEnd(12)} ${qty} × ${price} = ${formatRubles(lineTotal(item))}`;
}

/**
 * Payment types from an earlier demo's settings file, so a person can try other numbers and
 * names; undefined when there is no such file (or it holds none).
 */
function keptPaymentTypes(file: string): ShopSettingsChoices['paymentTypes'] | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { paymentTypes?: unknown };
    const types = json.paymentTypes;
    return types && typeof types === 'object'
      ? (types as ShopSettingsChoices['paymentTypes'])
      : undefined;
  } catch {
    // Not JSON any more: the demo writes a fresh one.
    return undefined;
  }
}

/** A path relative to the working folder when it lies inside it (shorter to read). */
function shown(ctx: CliContext, file: string): string {
  const relative = path.relative(ctx.cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
