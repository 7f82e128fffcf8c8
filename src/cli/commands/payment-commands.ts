/**
 * `wmqr pay`, `wmqr journal`, `wmqr recover`, `wmqr setup-payment-names`: the payment scenario
 * from the command line, on the settings file (--config, $WMQR_CONFIG, ./wmqr.config.json).
 */
import { Option, type Command } from 'commander';
import { WmqrError } from '../../core/errors';
import { createJsonLogger, silentLogger, type Logger, type LogLevel } from '../../core/logger';
import { parseAmount, type Kopecks } from '../../core/money';
import { lineTotal, PaymentRequestError } from '../../payment/controller/payment-request';
import type { PaymentResult } from '../../payment/controller/payment-result';
import { parseItemSpec } from '../../payment/item-spec';
import { journalToCsv } from '../../payment/journal/journal-csv';
import { journalToTable } from '../../payment/journal/journal-table';
import { PaymentJournal } from '../../payment/journal/payment-journal';
import {
  openPaymentService,
  openSettingsPrinter,
  type ClosablePrinter,
  type PaymentServiceHandle,
} from '../../payment/open-payment-service';
import { writePaymentNames } from '../../payment/payment-names';
import type { PaymentOutcome } from '../../payment/payment-outcome';
import { PAY_SYSTEMS, type PaySystem, type ReceiptItem } from '../../payment/ports';
import { loadSettings, type LoadedSettings } from '../../payment/settings/load-settings';
import {
  CONFIG_ENV,
  DEFAULT_CONFIG_FILE,
  SECRET_ENV,
  type Settings,
} from '../../payment/settings/settings';
import { createPaymentProgress } from '../../payment/terminal/payment-progress';
import { writeLine, type CliContext } from '../cli-context';
import { EXIT } from '../exit-codes';
import { printRecovery } from '../print-recovery';

/** How the commands reach the outside world; tests and the demo replace parts of it. */
export interface PaymentCliDeps {
  openService(settings: Settings, ctx: CliContext, logger: Logger): Promise<PaymentServiceHandle>;
  openPrinter(settings: Settings, ctx: CliContext, logger: Logger): Promise<ClosablePrinter>;
}

const DEFAULT_DEPS: PaymentCliDeps = {
  openService: (settings, _ctx, logger) => openPaymentService(settings, { logger }),
  openPrinter: (settings, _ctx, logger) => openSettingsPrinter(settings.device, { logger }),
};

const overrides = new WeakMap<CliContext, Partial<PaymentCliDeps>>();

/** Makes the payment commands run in `ctx` use the given parts (tests, the demo). */
export function usePaymentCliDeps(ctx: CliContext, deps: Partial<PaymentCliDeps>): CliContext {
  overrides.set(ctx, { ...overrides.get(ctx), ...deps });
  return ctx;
}

export const OUTCOME_EXIT: Record<PaymentOutcome, number> = {
  PAID_RECEIPT_CLOSED: EXIT.OK,
  DECLINED: EXIT.DECLINED,
  TIMED_OUT: EXIT.TIMED_OUT,
  CANCELLED_BY_CASHIER: EXIT.CANCELLED,
  PAID_RECEIPT_OWED: EXIT.NEEDS_ATTENTION,
  PAID_AMOUNT_MISMATCH: EXIT.NEEDS_ATTENTION,
  UNRESOLVED: EXIT.NEEDS_ATTENTION,
  FAILED: EXIT.ERROR,
};

const CONFIG_HELP = `settings file (default: $${CONFIG_ENV}, else ./${DEFAULT_CONFIG_FILE})`;

/** Help lines for the commands that use the secrets and write logs. */
const SECRETS_HELP =
  '\nSecrets may come from the environment instead of the file:\n' +
  `  ${Object.values(SECRET_ENV).join(', ')}\n`;
const RECOVER_AGAIN = 'run "wmqr recover" again';

const LOG_HELP = 'Set WMQR_LOG_LEVEL=debug|info|warn|error for JSON logs on stderr.\n';

interface PayOptions {
  system: PaySystem;
  amount?: string;
  item: string[];
  description?: string;
  config?: string;
  json?: boolean;
}

export function registerPaymentCommands(program: Command, ctx: CliContext): void {
  const deps = (): PaymentCliDeps => ({ ...DEFAULT_DEPS, ...overrides.get(ctx) });
  /** The action of a command with only --config: read the settings, then run. */
  const settingsAction =
    (requireSecrets: boolean, run: (settings: Settings) => Promise<void>) =>
    (options: { config?: string }) =>
      guarded(ctx, () => run(readSettings(ctx, options.config, requireSecrets).settings));

  program
    .command('pay')
    .summary('take one payment by QR code and close the fiscal receipt')
    .description(
      'Ask the gateway for a QR code, print it (or show it), wait for the customer to pay, ' +
        'and close the fiscal receipt with the paid sum under the payment type. Unfinished ' +
        'payments from earlier runs are recovered first. Ctrl+C cancels the QR safely.\n\n' +
        'Exit codes: 0 paid and receipted, 3 declined, 4 timed out, 5 cancelled by the ' +
        'cashier, 6 needs attention (paid but receipt owed, or outcome unknown), 2 bad ' +
        'input or settings, 1 other errors.',
    )
    .addOption(
      new Option('--system <system>', 'payment system').choices(PAY_SYSTEMS).makeOptionMandatory(),
    )
    .option('--amount <rubles>', 'amount, e.g. 150 or 150.50 (default: the sum of the items)')
    .option(
      '--item <name:price[:qty]>',
      'a receipt line, repeatable, e.g. "Кофе:150.50" or "Сыр:999.90:0.25"',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .option('--description <text>', 'text shown in the payment app (default: the item names)')
    .option('--config <file>', CONFIG_HELP)
    .option('--json', 'print the result as JSON instead of the progress')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  wmqr pay --system sbp --amount 150.00\n' +
        '  wmqr pay --system wm --item "Кофе:150.50" --item "Булочка:45:2"\n' +
        SECRETS_HELP +
        LOG_HELP,
    )
    .action((options: PayOptions) => guarded(ctx, () => pay(options, ctx, deps())));

  program
    .command('journal')
    .summary('list payments from the journal, for reconciliation')
    .description(
      'List the payments recorded in the journal (oldest first) with their state, paid sum, ' +
        'gateway transaction and fiscal document number. Entries marked (!) need attention.',
    )
    .option('--since <date>', 'from this date or time (YYYY-MM-DD or ISO 8601), inclusive')
    .option('--until <date>', 'up to this date or time, exclusive')
    .option('--csv', 'print CSV (RFC 4180, amounts in rubles, times in UTC)')
    .option('--config <file>', CONFIG_HELP)
    .addHelpText('after', '\nExample:\n  wmqr journal --since 2026-12-01 --csv > december.csv\n')
    .action((options: { since?: string; until?: string; csv?: boolean; config?: string }) =>
      guarded(ctx, async () => {
        const { settings } = readSettings(ctx, options.config, false);
        const since = options.since === undefined ? undefined : parseDate(options.since, '--since');
        const until = options.until === undefined ? undefined : parseDate(options.until, '--until');
        const journal = PaymentJournal.open(settings.payment.journalFile, { readOnly: true });
        try {
          const entries = journal.list({ since, until });
          ctx.stdout.write(options.csv ? journalToCsv(entries) : `${journalToTable(entries)}\n`);
        } finally {
          journal.close();
        }
      }),
    );

  program
    .command('recover')
    .summary('finish payments a crash or a dead printer left open')
    .description(
      'For every unfinished payment in the journal: print the receipt a paid one is owed ' +
        '(exactly once: an open receipt is cancelled first, one already closed is only ' +
        'recorded), and cancel at the gateway one that was never paid. Exit code 0 when ' +
        'nothing is left open, 6 when something still needs attention.',
    )
    .option('--config <file>', CONFIG_HELP)
    .addHelpText('after', SECRETS_HELP + LOG_HELP)
    .action(
      settingsAction(true, (settings) =>
        openedFor(deps().openService(settings, ctx, cliLogger(ctx)), async (handle) => {
          const report = await handle.service.recover();
          printRecovery(report, ctx.stdout, { sayNothing: true, remainingHint: RECOVER_AGAIN });
          ctx.exitCode = report.remaining > 0 ? EXIT.NEEDS_ATTENTION : EXIT.OK;
        }),
      ),
    );

  program
    .command('setup-payment-names')
    .summary('write the payment type names into the register (table 5)')
    .description(
      "Write each enabled payment type's name into table 5, row = its payment number, and " +
        'read it back to confirm; receipts then show the name under the paid sum. Needs ' +
        'the system administrator password (device.sysadminPassword, or ' +
        `$${SECRET_ENV.sysadminPassword}).`,
    )
    .option('--config <file>', CONFIG_HELP)
    .addHelpText('after', `\n${LOG_HELP}`)
    .action(
      settingsAction(false, (settings) =>
        openedFor(deps().openPrinter(settings, ctx, cliLogger(ctx)), async (printer) => {
          const done = await writePaymentNames(printer, settings);
          for (const d of done) {
            const mark = d.confirmed
              ? 'ok'
              : `MISMATCH: the register holds "${d.readBack.trimEnd()}"`;
            const row = `${String(d.paymentNumber).padStart(2)}  ${d.paySystem.padEnd(6)}`;
            writeLine(ctx.stdout, `${row}  ${d.name}  ${mark}`);
          }
          ctx.exitCode = done.every((d) => d.confirmed) ? EXIT.OK : EXIT.ERROR;
        }),
      ),
    );
}

async function pay(options: PayOptions, ctx: CliContext, deps: PaymentCliDeps): Promise<void> {
  const items = options.item.map(parseItemSpec);
  const amountKopecks = payAmount(options.amount, items);
  const { settings } = readSettings(ctx, options.config, true);
  const handle = await deps.openService(settings, ctx, cliLogger(ctx));
  try {
    const recovered = await handle.service.recover();
    if (!options.json) printRecovery(recovered, ctx.stdout, { remainingHint: RECOVER_AGAIN });

    const progress = createPaymentProgress(ctx.stdout, {
      locale: settings.locale,
      drawQr: settings.device.display !== 'tape',
    });
    const result = await handle.service.pay(
      {
        paySystem: options.system,
        amountKopecks,
        items: items.length > 0 ? items : undefined,
        description: options.description,
      },
      { signal: ctx.signal, onEvent: options.json ? undefined : (e) => progress.onEvent(e) },
    );
    progress.done();
    printResult(result, ctx, options.json === true);
    ctx.exitCode = OUTCOME_EXIT[result.outcome];
  } finally {
    await handle.close();
  }
}

/** --amount, or the items' total; both given must agree (checked again by the controller). */
function payAmount(amount: string | undefined, items: ReceiptItem[]): Kopecks {
  if (amount !== undefined) return parseAmount(amount);
  if (items.length === 0) {
    throw new WmqrError('BAD_AMOUNT', 'Give --amount, or at least one --item to take it from');
  }
  return items.reduce((sum, item) => sum + lineTotal(item), 0);
}

function printResult(result: PaymentResult, ctx: CliContext, json: boolean): void {
  if (json) {
    writeLine(ctx.stdout, JSON.stringify(result, null, 2));
    return;
  }
  writeLine(ctx.stdout, result.message);
  const facts = [
    `outcome=${result.outcome}`,
    result.paymentId && `payment=${result.paymentId}`,
    result.wmTranId && `wmtranid=${result.wmTranId}`,
    result.fiscalDocumentNumber !== undefined && `document=${result.fiscalDocumentNumber}`,
    result.error && `error=${result.error.code}`,
  ].filter(Boolean);
  writeLine(ctx.stdout, facts.join(' '));
}

/** Runs `use` on a part just opened, and closes the part whatever happens. */
async function openedFor<T extends { close(): Promise<void> }>(
  opening: Promise<T>,
  use: (part: T) => Promise<void>,
): Promise<void> {
  const part = await opening;
  try {
    await use(part);
  } finally {
    await part.close();
  }
}

function readSettings(
  ctx: CliContext,
  file: string | undefined,
  requireSecrets: boolean,
): LoadedSettings {
  const loaded = loadSettings({ file, env: ctx.env, cwd: ctx.cwd, requireSecrets });
  for (const warning of loaded.warnings) writeLine(ctx.stderr, `warning: ${warning.message}`);
  return loaded;
}

/** JSON logs on stderr when WMQR_LOG_LEVEL is set; the cashier's screen stays clean otherwise. */
function cliLogger(ctx: CliContext): Logger {
  const level = ctx.env.WMQR_LOG_LEVEL as LogLevel | undefined;
  if (!level || !['debug', 'info', 'warn', 'error'].includes(level)) return silentLogger;
  return createJsonLogger({ level, write: (line) => ctx.stderr.write(`${line}\n`) });
}

/** "2026-12-01" (local midnight) or an ISO 8601 time. */
function parseDate(text: string, option: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = day
    ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])).getTime()
    : /^\d{4}-\d{2}-\d{2}T/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isFinite(ms) || (day && new Date(ms).getDate() !== Number(day[3]))) {
    throw new WmqrError(
      'CLI_BAD_DATE',
      `${option} "${text}" is not a date: ` +
        'write YYYY-MM-DD or an ISO 8601 time such as 2026-12-01T09:00',
    );
  }
  return ms;
}

/** Bad input (amounts, items, dates, payment requests) exits with USAGE, not ERROR. */
async function guarded(ctx: CliContext, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const usage =
      error instanceof PaymentRequestError ||
      (error instanceof WmqrError &&
        ['PAYMENT_BAD_ITEM', 'CLI_BAD_DATE', 'BAD_AMOUNT'].includes(error.code));
    if (!usage) throw error;
    writeLine(ctx.stderr, `error ${error.code}: ${error.message}`);
    ctx.exitCode = EXIT.USAGE;
  }
}
