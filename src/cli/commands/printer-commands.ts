/**
 * `wmqr status`, `wmqr print-qr`, `wmqr payment-names`: talk to a Shtrih-M printer on a
 * serial port or over TCP. Words for people are Russian by default (`--lang en` for English).
 */
import type { Command } from 'commander';
import { WmqrError } from '../../core/errors';
import { createJsonLogger, silentLogger, type Logger } from '../../core/logger';
import { LINK_DEFAULTS } from '../../printer/link/host-link';
import { openPrinter, type OpenPrinterOptions } from '../../printer/printer/open-printer';
import type { ShtrihPrinter } from '../../printer/printer/shtrih-printer';
import type { Lang } from '../../printer/protocol/status-words';
import { writeLine, type CliContext } from '../cli-context';
import { EXIT } from '../exit-codes';

export const PRINTER_DEVICE_ENV = 'WMQR_PRINTER_DEVICE';

interface PrinterCliOptions {
  device?: string;
  baud?: string;
  lang: string;
  timeout?: string;
  retries?: string;
  operatorPassword?: string;
  sysadminPassword?: string;
  verbose?: boolean;
  json?: boolean;
}

const LABELS = {
  ru: {
    model: 'Модель',
    mode: 'Режим',
    submode: 'Подрежим',
    paper: 'Бумага',
    operator: 'Оператор',
    printed: 'QR-код напечатан',
    payment: 'Тип оплаты',
  },
  en: {
    model: 'Model',
    mode: 'Mode',
    submode: 'Submode',
    paper: 'Paper',
    operator: 'Operator',
    printed: 'QR code printed',
    payment: 'Payment type',
  },
} as const;

export function registerPrinterCommands(program: Command, ctx: CliContext): void {
  withPrinterOptions(program.command('status'), ctx)
    .summary('show the printer mode, submode, paper and model in words')
    .description(
      'Ask the printer for its mode, submode, paper, operator and model, and print them in ' +
        'words (Russian by default, --lang en for English) or, with --json, as JSON.',
    )
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  wmqr status --device /dev/ttyUSB0 --baud 115200\n' +
        '  wmqr status --device tcp://192.168.1.50        # port 7778 by default\n',
    )
    .action((options: PrinterCliOptions) =>
      withPrinter(options, ctx, async (printer, lang) => {
        const status = await printer.status();
        const type = await printer.deviceType();
        if (options.json) {
          const { words, ...rest } = status;
          writeLine(ctx.stdout, JSON.stringify({ ...rest, words, model: type }, null, 2));
          return;
        }
        const l = LABELS[lang];
        const protocol = `${type.protocolVersion}.${type.protocolSubversion}`;
        const rows: Array<[string, string]> = [
          [
            l.model,
            `${type.name} (${lang === 'ru' ? 'модель' : 'model'} ${type.model}, ` +
              `${lang === 'ru' ? 'протокол' : 'protocol'} ${protocol})`,
          ],
          [l.mode, `${status.words.mode[lang]} (${status.mode})`],
          [l.submode, `${status.words.submode[lang]} (${status.submode})`],
          [l.paper, status.words.paper[lang]],
          [l.operator, String(status.operator)],
        ];
        const width = Math.max(...rows.map(([k]) => k.length)) + 2;
        for (const [key, value] of rows)
          writeLine(ctx.stdout, `${`${key}:`.padEnd(width)}${value}`);
      }),
    );

  withPrinterOptions(program.command('print-qr'), ctx)
    .summary('print TEXT as a QR code on the receipt tape, then cut')
    .description(
      'Print TEXT as a QR code on the receipt tape, outside any receipt, then cut. By default ' +
        "the printer's own 2-D barcode command draws it; a model without one gets it as " +
        'graphic lines (--qr-mode).',
    )
    .argument('<text>', 'what the QR code holds, e.g. the payment link')
    .option('--module-size <dots>', 'dots per QR module, 1..8 (2-D barcodes use 3 at least)', '4')
    .option('--error-correction <level>', 'L, M, Q or H', 'M')
    .option('--qr-mode <mode>', 'auto (DE, else graphic lines), 2d, or graphic', 'auto')
    .option('--no-cut', 'do not cut after the QR code')
    .addHelpText(
      'after',
      '\nExample:\n  wmqr print-qr --device COM3 "https://qr.nspk.ru/AS10..."\n',
    )
    .action(
      (
        text: string,
        options: PrinterCliOptions & {
          moduleSize: string;
          errorCorrection: string;
          qrMode: string;
          cut: boolean;
        },
      ) => {
        const level = options.errorCorrection.toUpperCase();
        if (!['L', 'M', 'Q', 'H'].includes(level)) {
          throw usage(`--error-correction must be L, M, Q or H, not "${options.errorCorrection}"`);
        }
        if (!['auto', '2d', 'graphic'].includes(options.qrMode)) {
          throw usage(`--qr-mode must be auto, 2d or graphic, not "${options.qrMode}"`);
        }
        const moduleSize = integer(options.moduleSize, '--module-size', 1, 8);
        return withPrinter(
          options,
          ctx,
          async (printer, lang) => {
            await printer.printQr(text, {
              moduleSize,
              errorCorrection: level as 'L' | 'M' | 'Q' | 'H',
            });
            if (options.cut) await printer.cut();
            writeLine(ctx.stdout, LABELS[lang].printed);
          },
          { qr: { mode: options.qrMode as 'auto' | '2d' | 'graphic' } },
        );
      },
    );

  withPrinterOptions(program.command('payment-names'), ctx)
    .summary('list the payment type names 1..16 (settings table 5)')
    .description(
      'Read rows 1..16 of table 5: the names the receipt prints under each payment sum. ' +
        '"wmqr setup-payment-names" writes them from the settings file.',
    )
    .option('--json', 'print the names as JSON')
    .addHelpText('after', '\nExample:\n  wmqr payment-names --device tcp://192.168.1.50:7778\n')
    .action((options: PrinterCliOptions) =>
      withPrinter(options, ctx, async (printer, lang) => {
        const names = await printer.readPaymentNames();
        if (options.json) {
          writeLine(
            ctx.stdout,
            JSON.stringify(
              names.map((name, i) => ({ paymentNumber: i + 1, name })),
              null,
              2,
            ),
          );
          return;
        }
        writeLine(ctx.stdout, `${LABELS[lang].payment}`);
        names.forEach((name, i) => writeLine(ctx.stdout, `${String(i + 1).padStart(3)}  ${name}`));
      }),
    );
}

function withPrinterOptions(command: Command, ctx: CliContext): Command {
  return command
    .option(
      '--device <device>',
      `serial port (COM3, /dev/ttyUSB0) or tcp://host[:port]; default $${PRINTER_DEVICE_ENV}`,
      ctx.env[PRINTER_DEVICE_ENV],
    )
    .option('--baud <rate>', 'serial line speed, or "auto" to find it (default 115200)')
    .option('--lang <lang>', 'language of the words: ru or en', 'ru')
    .option(
      '--timeout <ms>',
      'how long to wait for each ACK/NAK from the printer ' +
        `(default ${LINK_DEFAULTS.controlTimeoutMs}, ` +
        `over TCP ${LINK_DEFAULTS.tcpControlTimeoutMs})`,
    )
    .option('--retries <n>', 'link retries before giving up (default 10)')
    .option('--operator-password <n>', 'operator password (default 30)')
    .option('--sysadmin-password <n>', 'system administrator password (default 30)')
    .option('--verbose', 'log the exchange with the printer to stderr (JSON lines)');
}

async function withPrinter(
  options: PrinterCliOptions,
  ctx: CliContext,
  run: (printer: ShtrihPrinter, lang: Lang) => Promise<void>,
  extra: Partial<OpenPrinterOptions> = {},
): Promise<void> {
  if (options.lang !== 'ru' && options.lang !== 'en') {
    throw usage(`--lang must be ru or en, not "${options.lang}"`);
  }
  if (!options.device) {
    throw usage(`give the printer with --device (or set ${PRINTER_DEVICE_ENV})`);
  }
  const logger: Logger = options.verbose
    ? createJsonLogger({ level: 'debug', write: (line) => writeLine(ctx.stderr, line) })
    : silentLogger;
  const baud =
    options.baud === undefined
      ? undefined
      : options.baud === 'auto'
        ? ('auto' as const)
        : integer(options.baud, '--baud', 1, 4_000_000);
  const link: OpenPrinterOptions['link'] = {};
  if (options.timeout !== undefined) {
    link.controlTimeoutMs = integer(options.timeout, '--timeout', 1, 600_000);
  }
  if (options.retries !== undefined)
    link.maxRetries = integer(options.retries, '--retries', 0, 100);

  let printer: ShtrihPrinter;
  try {
    printer = await openPrinter({
      ...extra,
      device: options.device,
      baud,
      logger,
      link,
      passwords: {
        operator: optionalInteger(options.operatorPassword, '--operator-password'),
        sysadmin: optionalInteger(options.sysadminPassword, '--sysadmin-password'),
      },
    });
  } catch (error) {
    if (error instanceof WmqrError && error.code === 'PRINTER_BAD_DEVICE') {
      throw usage(error.message);
    }
    throw error;
  }

  const onAbort = () => void printer.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await run(printer, options.lang);
    ctx.exitCode = EXIT.OK;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await printer.close();
  }
}

function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw usage(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function optionalInteger(text: string | undefined, name: string): number | undefined {
  return text === undefined ? undefined : integer(text, name, 0, 0xffffffff);
}

/** Bad command line: main() turns SETTINGS_* codes into exit code 2 (usage). */
function usage(message: string): WmqrError {
  return new WmqrError('SETTINGS_PRINTER_OPTION', message);
}
