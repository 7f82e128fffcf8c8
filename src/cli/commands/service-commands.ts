/**
 * `wmqr serve`: the local HTTP API for POS programs and the customer display page
 * (docs/http-api.md), on the settings file's printer, gateway and journal. Unfinished
 * payments are recovered before it listens; Ctrl+C (or SIGTERM) cancels a running payment
 * safely and waits for its end before the process exits.
 */
import type { Command } from 'commander';
import { WmqrError } from '../../core/errors';
import { createJsonLogger, silentLogger, type Logger, type LogLevel } from '../../core/logger';
import type { RecoveryReport } from '../../payment/controller/recovery';
import { openPaymentService, type PaymentServiceHandle } from '../../payment/open-payment-service';
import { loadSettings } from '../../payment/settings/load-settings';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE, type Settings } from '../../payment/settings/settings';
import {
  startPaymentHttpService,
  type PaymentHttpServiceOptions,
} from '../../service/payment-http-service';
import {
  isLoopbackHost,
  resolveServiceSettings,
  SERVICE_DEFAULTS,
  SERVICE_ENV,
} from '../../service/service-settings';
import { writeLine, type CliContext } from '../cli-context';
import { EXIT } from '../exit-codes';
import { printRecovery } from '../print-recovery';

/** How `wmqr serve` reaches the outside world; tests replace parts of it. */
export interface ServiceCliDeps {
  openService(settings: Settings, ctx: CliContext, logger: Logger): Promise<PaymentServiceHandle>;
  /** Extra options for the HTTP service (tests: the payment service's virtual clock). */
  httpOptions: Partial<PaymentHttpServiceOptions>;
}

const DEFAULT_DEPS: ServiceCliDeps = {
  openService: (settings, _ctx, logger) => openPaymentService(settings, { logger }),
  httpOptions: {},
};

const overrides = new WeakMap<CliContext, Partial<ServiceCliDeps>>();

/** Makes `wmqr serve` run in `ctx` use the given parts (tests, the demo). */
export function useServiceCliDeps(ctx: CliContext, deps: Partial<ServiceCliDeps>): CliContext {
  overrides.set(ctx, { ...overrides.get(ctx), ...deps });
  return ctx;
}

interface ServeOptions {
  config?: string;
  port?: string;
  host?: string;
}

/** Errors of the command line itself: exit code USAGE, not ERROR. */
const USAGE_CODES = ['SERVICE_BAD_PORT', 'SERVICE_BAD_HOST', 'SERVICE_BAD_TOKEN'];

export function registerServiceCommands(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .summary('run the local HTTP API for POS programs and the customer display')
    .description(
      'Serve a JSON API on this till that any POS program can call to take QR payments ' +
        '(POST /v1/payments, follow it by GET or Server-Sent Events, cancel, journal), and ' +
        'the customer display page at /display. Unfinished payments are recovered first. ' +
        'Ctrl+C cancels a running payment safely, then stops. See docs/http-api.md.',
    )
    .option(
      '--config <file>',
      `settings file (default: $${CONFIG_ENV}, else ./${DEFAULT_CONFIG_FILE})`,
    )
    .option(
      '--port <n>',
      `TCP port (default: $${SERVICE_ENV.port}, else service.port in the settings, ` +
        `else ${SERVICE_DEFAULTS.port}; 0 picks a free one)`,
    )
    .option(
      '--host <address>',
      `address to listen on (default: $${SERVICE_ENV.host}, else service.host in the ` +
        `settings, else ${SERVICE_DEFAULTS.host})`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  wmqr serve --config wmqr.config.json\n' +
        '  wmqr serve --port 0\n' +
        "  curl -X POST -H 'Content-Type: application/json' \\\n" +
        '       -d \'{"system":"sbp","amount":"150.00"}\' http://127.0.0.1:7790/v1/payments\n' +
        `\nSet ${SERVICE_ENV.token} (or service.token in the settings) to require\n` +
        '"Authorization: Bearer <token>" on /v1/*.\n' +
        'Set WMQR_LOG_LEVEL=debug|info|warn|error for JSON logs on stderr.\n',
    )
    .action(async (options: ServeOptions) => {
      try {
        await serve(options, ctx, { ...DEFAULT_DEPS, ...overrides.get(ctx) });
      } catch (error) {
        if (!(error instanceof WmqrError) || !USAGE_CODES.includes(error.code)) throw error;
        writeLine(ctx.stderr, `error ${error.code}: ${error.message}`);
        ctx.exitCode = EXIT.USAGE;
      }
    });
}

async function serve(options: ServeOptions, ctx: CliContext, deps: ServiceCliDeps): Promise<void> {
  const loaded = loadSettings({
    file: options.config,
    env: ctx.env,
    cwd: ctx.cwd,
    requireSecrets: true,
  });
  for (const warning of loaded.warnings) writeLine(ctx.stderr, `warning: ${warning.message}`);
  const listen = resolveServiceSettings({
    flags: { host: options.host, port: options.port },
    env: ctx.env,
    file: loaded.settings.service,
  });
  if (!isLoopbackHost(listen.host) && listen.token === undefined) {
    writeLine(
      ctx.stderr,
      `warning: listening on ${listen.host} without a token (${SERVICE_ENV.token} or ` +
        'service.token): anyone who can reach this address can start and cancel payments',
    );
  }

  const logger = cliLogger(ctx);
  const handle = await deps.openService(loaded.settings, ctx, logger);
  try {
    await recoverAtStart(handle, ctx);
    if (ctx.signal.aborted) return;

    const http = await startPaymentHttpService({
      service: handle.service,
      host: listen.host,
      port: listen.port,
      token: listen.token,
      bodyLimitBytes: listen.bodyLimitBytes,
      logger,
      ...deps.httpOptions,
    });
    writeLine(ctx.stdout, `http: ${http.url}`);
    writeLine(ctx.stdout, `display: ${http.url}/display`);

    await aborted(ctx.signal);
    const running = http.runs.running();
    writeLine(
      ctx.stdout,
      running
        ? `stopping: cancelling payment ${running.paymentId ?? running.id} first`
        : 'stopping',
    );
    await http.close();
    if (running?.result) {
      writeLine(
        ctx.stdout,
        `payment ${running.paymentId ?? running.id}: ${running.result.outcome}`,
      );
    }
    ctx.exitCode = EXIT.OK;
  } finally {
    await handle.close();
  }
}

/** Recovery before the first payment; a failure is reported, and POST /v1/recover can retry. */
async function recoverAtStart(handle: PaymentServiceHandle, ctx: CliContext): Promise<void> {
  let report: RecoveryReport;
  try {
    report = await handle.service.recover();
  } catch (error) {
    const code = error instanceof WmqrError ? error.code : 'UNEXPECTED';
    writeLine(
      ctx.stderr,
      `warning: recovery at start failed (${code}: ${(error as Error).message}); ` +
        'retry with POST /v1/recover',
    );
    return;
  }
  printRecovery(report, ctx.stdout, { remainingHint: 'POST /v1/recover or run "wmqr recover"' });
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** JSON logs on stderr when WMQR_LOG_LEVEL is set; quiet otherwise. */
function cliLogger(ctx: CliContext): Logger {
  const level = ctx.env.WMQR_LOG_LEVEL as LogLevel | undefined;
  if (!level || !['debug', 'info', 'warn', 'error'].includes(level)) return silentLogger;
  return createJsonLogger({ level, write: (line) => ctx.stderr.write(`${line}\n`) });
}
