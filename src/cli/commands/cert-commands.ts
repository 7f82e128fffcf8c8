/**
 * `wmqr cert check` and `wmqr cert convert`: look at the point certificate `<POS number>.pfx`
 * the way the gateway client will load it, and re-wrap a legacy one OpenSSL 3 refuses.
 * The password comes from an environment variable (default WMQR_CERT_PASSWORD); it is
 * never printed.
 */
import type { Command } from 'commander';
import { WmqrError } from '../../core/errors';
import { loadSettings } from '../../payment/settings/load-settings';
import {
  EXPIRY_WARNING_DAYS,
  convertLegacyPfx,
  inspectPointCertificate,
  pointCertificateFile,
  type AlgorithmUse,
  type CertificateInspection,
} from '../../gateway/certificate';
import { writeLine, type CliContext } from '../cli-context';
import { EXIT } from '../exit-codes';

export const DEFAULT_PASSWORD_ENV = 'WMQR_CERT_PASSWORD';

interface CertOptions {
  folder?: string;
  pos?: string;
  passwordEnv: string;
  password?: string;
  config?: string;
}

export function registerCertCommands(program: Command, ctx: CliContext): void {
  const cert = program
    .command('cert')
    .description('check or convert the point certificate <POS number>.pfx');

  withLocationOptions(cert.command('check'))
    .summary('show the point certificate and whether it can be used')
    .description(
      'Show the subject, issuer, validity and days left of <folder>/<POS number>.pfx, and ' +
        'whether the key, the password and the POS number match; warn ' +
        `${EXPIRY_WARNING_DAYS} days before expiry. Exit code 0 when usable, 1 when not.`,
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExample:\n' +
        `  export ${DEFAULT_PASSWORD_ENV}=...   ` +
        '# the pfx password, kept out of the command line\n' +
        '  wmqr cert check --folder /etc/wmqr/certs --pos 100200300\n',
    )
    .action(async (options: CertOptions & { json?: boolean }) => {
      const location = resolveLocation(options, ctx);
      const report = await inspectPointCertificate({
        folder: location.folder,
        posNumber: location.pos,
        password: location.password,
      });
      if (options.json) writeLine(ctx.stdout, JSON.stringify(toJson(report), null, 2));
      else printReport(report, ctx);
      ctx.exitCode = report.problems.length > 0 ? EXIT.ERROR : EXIT.OK;
    });

  withLocationOptions(cert.command('convert'))
    .summary('re-write a pfx that OpenSSL 3 refuses (legacy RC2 encryption) with AES-256')
    .description(
      'Re-write a pfx that OpenSSL 3 refuses (encrypted with RC2, as Windows and OpenSSL 1.x ' +
        'exported for years, or saved without a MAC) with AES-256 and the same password. ' +
        "The point's key (RSA or EC) and every certificate are kept byte for byte. The " +
        'converted file takes the original name, so no setting changes, and the original is ' +
        'kept as <POS number>.pfx.legacy. RC4 and single-DES files need the openssl tool: ' +
        'see docs/certificates.md.',
    )
    .option('--out <file>', 'write the converted pfx here instead, leaving the original alone')
    .addHelpText(
      'after',
      '\nExample:\n' +
        `  export ${DEFAULT_PASSWORD_ENV}=...\n` +
        '  wmqr cert convert --folder /etc/wmqr/certs --pos 100200300\n',
    )
    .action(async (options: CertOptions & { out?: string }) => {
      const location = resolveLocation(options, ctx);
      const file = pointCertificateFile(location.folder, location.pos);
      const result = await convertLegacyPfx({
        file,
        password: location.password,
        outFile: options.out,
        posNumber: location.pos,
      });
      if (!result.converted) {
        writeLine(
          ctx.stdout,
          `nothing to do: ${file} already uses encryption OpenSSL 3 accepts ` +
            `(${algorithmsText(result.before)})`,
        );
        return;
      }
      writeLine(ctx.stdout, `converted  ${result.file}`);
      writeLine(ctx.stdout, `before     ${algorithmsText(result.before)}`);
      writeLine(ctx.stdout, `after      ${algorithmsText(result.after)}`);
      writeLine(ctx.stdout, `key        the key of CN=${result.subjectCN}`);
      if (result.droppedKeys > 0) {
        writeLine(
          ctx.stdout,
          `left out   ${result.droppedKeys} other private key(s) (OpenSSL uses only one); ` +
            `the original keeps them`,
        );
      }
      if (result.originalKeptAs)
        writeLine(ctx.stdout, `original   kept as ${result.originalKeptAs}`);
      writeLine(
        ctx.stdout,
        `next       wmqr cert check --folder ${location.folder} --pos ${location.pos}`,
      );
    });
}

function withLocationOptions(command: Command): Command {
  return command
    .option('--folder <dir>', 'the certificate folder (holds <POS number>.pfx)')
    .option('--pos <number>', 'the POS number issued by WebMoney')
    .option(
      '--password-env <name>',
      'environment variable holding the certificate password',
      DEFAULT_PASSWORD_ENV,
    )
    .option(
      '--password <password>',
      'the password itself: visible to other users in the process list and kept in shell ' +
        'history, so prefer --password-env',
    )
    .option(
      '--config <file>',
      'take the folder, POS number and password from the settings file ' +
        '(gateway.certificateFolder, gateway.posNumber, gateway.certificatePassword); ' +
        '--folder and --pos given as well win',
    );
}

function resolveLocation(options: CertOptions, ctx: CliContext) {
  const fromFile = options.config === undefined ? undefined : settingsLocation(options, ctx);
  const folder = options.folder ?? fromFile?.folder;
  const pos = options.pos ?? fromFile?.pos;
  if (!folder || !pos) {
    throw new WmqrError(
      'SETTINGS_MISSING',
      'say where the certificate is: --folder <certificate folder> --pos <POS number>, ' +
        'or --config <settings file>',
    );
  }
  const explicitPassword = options.password !== undefined || ctx.env[options.passwordEnv];
  const password =
    explicitPassword || !fromFile?.password ? resolvePassword(options, ctx) : fromFile.password;
  return { folder, pos, password };
}

/** The certificate's place and password as the settings file (and its env secrets) give them. */
function settingsLocation(options: CertOptions, ctx: CliContext) {
  const { settings } = loadSettings({
    file: options.config,
    env: ctx.env,
    cwd: ctx.cwd,
    requireSecrets: false,
  });
  const gateway = settings.gateway;
  return {
    folder: gateway.certificateFolder,
    pos: gateway.posNumber,
    password: gateway.certificatePassword || undefined,
  };
}

function resolvePassword(options: CertOptions, ctx: CliContext): string {
  if (options.password !== undefined) {
    writeLine(
      ctx.stderr,
      'warning: --password is visible to other users in the process list; prefer ' +
        `--password-env (default ${DEFAULT_PASSWORD_ENV})`,
    );
    return options.password;
  }
  const value = ctx.env[options.passwordEnv];
  if (value === undefined) {
    throw new WmqrError(
      'SETTINGS_CERT_PASSWORD_MISSING',
      `the certificate password is not set: put it in the environment variable ` +
        `${options.passwordEnv} (or name another variable with --password-env)`,
    );
  }
  return value;
}

function printReport(report: CertificateInspection, ctx: CliContext): void {
  const line = (label: string, text: string) =>
    writeLine(ctx.stdout, `${label.padEnd(12)} ${text}`);
  const yesNo = (ok: boolean, yes: string, no: string) => (ok ? yes : no);

  line('certificate', report.file);
  line('subject', report.subject);
  line('issuer', report.issuer);
  line('serial', report.serialNumber);
  line('sha-256', report.fingerprintSha256);
  line('valid from', utc(report.notBefore));
  line('valid until', `${utc(report.notAfter)} (${daysText(report.daysLeft)})`);
  line('encryption', algorithmsText(report.encryption));
  if (report.readThroughTls) {
    line('contents', 'read through OpenSSL (a layout this tool cannot show): chain not listed');
  }
  line('password', 'opens the file');
  line(
    'private key',
    report.hasPrivateKey
      ? yesNo(
          report.keyMatchesCertificate,
          'present, matches the certificate',
          'present, does NOT match the certificate',
        )
      : 'MISSING',
  );
  line(
    'POS number',
    yesNo(
      report.cnMatchesPosNumber,
      `${report.posNumber} matches the certificate CN`,
      `${report.posNumber} does NOT match the certificate CN "${report.subjectCN}"`,
    ),
  );
  line(
    'TLS',
    yesNo(
      report.acceptedByTls,
      `accepted by Node.js ${process.versions.node} (OpenSSL ${process.versions.openssl})`,
      `REFUSED by OpenSSL ${process.versions.openssl}`,
    ),
  );

  if (report.expiresSoon) {
    writeLine(
      ctx.stdout,
      `warning: the certificate expires in ${report.daysLeft} day(s), ` +
        `on ${utc(report.notAfter)}: ` +
        `ask WebMoney for a new one for POS ${report.posNumber} now`,
    );
  }
  for (const problem of report.problems)
    writeLine(ctx.stdout, `problem ${problem.code}: ${problem.message}`);
  line(
    'result',
    report.problems.length === 0
      ? 'OK: the certificate can be used'
      : 'NOT usable (see the problems above)',
  );
}

function toJson(report: CertificateInspection) {
  return {
    ...report,
    notBefore: report.notBefore.toISOString(),
    notAfter: report.notAfter.toISOString(),
    problems: report.problems.map((p) => ({ code: p.code, message: p.message })),
    usable: report.problems.length === 0,
  };
}

function algorithmsText(uses: AlgorithmUse[]): string {
  const of = (what: AlgorithmUse['protects']) => {
    const names = uses
      .filter((u) => u.protects === what)
      .map((u) => u.name + (u.legacy ? ' [legacy]' : ''));
    return `${what}: ${names.length > 0 ? [...new Set(names)].join(', ') : 'not encrypted'}`;
  };
  return `${of('private key')}; ${of('certificates')}`;
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function daysText(days: number): string {
  if (days < 0) return `expired ${-days} day${-days === 1 ? '' : 's'} ago`;
  return `${days} day${days === 1 ? '' : 's'} left`;
}
