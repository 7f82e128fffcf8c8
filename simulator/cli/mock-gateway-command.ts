/**
 * `wmqr mock-gateway`: runs the mock WebMoney gateway until Ctrl+C, with the test
 * certificates (made on first use) and the test point, so a POS developer can point a driver
 * at it and pay its QRs from another terminal through the customer control.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { writeLine, type CliContext } from '../../src/cli/cli-context';
import { createJsonLogger, type LogLevel } from '../../src/core/logger';
import { TEST_AGENT, TEST_POINT, ensureTestCertificates } from '../../certs-test/make-certs';
import { startTestPointGateway } from '../gateway';
import type { PaymentScript } from '../gateway';

interface MockGatewayCommandOptions {
  port: number;
  host: string;
  certsDir?: string;
  payAfterPolls?: number;
  payAfterSeconds?: number;
  logLevel: LogLevel;
}

function wholeNumber(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max) {
      throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    }
    return n;
  };
}

function logLevel(value: string): LogLevel {
  if (!['debug', 'info', 'warn', 'error'].includes(value)) {
    throw new InvalidArgumentError('expected debug, info, warn or error');
  }
  return value as LogLevel;
}

export function registerMockGatewayCommand(program: Command, ctx: CliContext): void {
  program
    .command('mock-gateway')
    .summary('run the mock WebMoney QR gateway until Ctrl+C')
    .description(
      'Run the mock WebMoney QR gateway (HTTPS, mutual TLS, test certificates) until Ctrl+C. ' +
        'The test certificates are made on first use. It prints the gateway address, the CA ' +
        'file, the test point, agent and certificate folder to put in the settings, and the ' +
        'command that pays a QR as the customer would.',
    )
    .option('--port <n>', 'TCP port; 0 picks a free one', wholeNumber(65535), 0)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--certs-dir <dir>', 'test certificate folder (default certs-test/out)')
    .option(
      '--pay-after-polls <n>',
      'pay every payment by itself after n status polls',
      wholeNumber(1_000_000),
    )
    .option(
      '--pay-after-seconds <n>',
      'pay every payment by itself n seconds after its QR',
      wholeNumber(86_400),
    )
    .option('--log-level <level>', 'debug, info, warn or error (to stderr)', logLevel, 'info')
    .addHelpText(
      'after',
      '\nPay a QR from another terminal, as the customer would:\n' +
        '  curl --cacert <ca> -d id=<payment id> <url>/customer/pay\n' +
        'Also POST <url>/customer/reject (the bank declines), POST <url>/customer/open, and\n' +
        'GET <url>/customer/pending (the payments awaiting the customer).\n' +
        '\nExamples:\n' +
        '  wmqr mock-gateway --port 8443\n' +
        '  wmqr mock-gateway --pay-after-polls 3      # every payment pays itself\n',
    )
    .action(async (options: MockGatewayCommandOptions) => {
      const certs = await ensureTestCertificates({ dir: options.certsDir });
      const defaultScript: PaymentScript = {};
      if (options.payAfterPolls !== undefined) defaultScript.payAfterPolls = options.payAfterPolls;
      if (options.payAfterSeconds !== undefined) {
        defaultScript.payAfterMs = options.payAfterSeconds * 1000;
      }
      const { gateway } = await startTestPointGateway({
        port: options.port,
        host: options.host,
        certificates: certs,
        defaultScript,
        logger: createJsonLogger({
          level: options.logLevel,
          write: (line) => ctx.stderr.write(`${line}\n`),
        }),
      });

      try {
        writeLine(ctx.stdout, `gateway: ${gateway.url}`);
        writeLine(ctx.stdout, `ca: ${certs.caCertFile}`);
        writeLine(ctx.stdout, `point: ${TEST_POINT}  agent: ${TEST_AGENT}`);
        writeLine(ctx.stdout, `certificate folder: ${certs.pointFolder}`);
        // Even test secrets are not echoed: they are named, and live in one source file.
        writeLine(
          ctx.stdout,
          'agent key, certificate password: TEST_AGENT_KEY, TEST_PFX_PASSWORD in ' +
            'certs-test/make-certs.ts (test only)',
        );
        writeLine(
          ctx.stdout,
          `customer: curl --cacert ${certs.caCertFile} ` +
            `-d id=<payment id> ${gateway.url}/customer/pay`,
        );
        await untilAborted(ctx.signal);
      } finally {
        await gateway.close();
        writeLine(ctx.stdout, 'mock gateway stopped');
      }
    });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}
