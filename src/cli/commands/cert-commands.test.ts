import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { LEGACY_PROTECTION } from '../../../certs-test/legacy-pfx';
import { TEST_POINT } from '../../../certs-test/make-certs';
import { exportOpensslPfx, makeOpensslIdentity } from '../../../certs-test/openssl-pfx';
import { buildCertificate, buildModernPfx, newRsaKeyPair } from '../../../certs-test/test-pki';
import type { CliContext } from '../cli-context';
import { EXIT } from '../exit-codes';
import { runCli } from '../main';
import { writePkcs12 } from '../../gateway/certificate/pkcs12/write-pkcs12';
import { useTestCertificates } from '../../gateway/certificate/testing';

const DAY = 86_400_000;

const fixture = useTestCertificates('wmqr-cert-cli-');

function collector() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

async function wmqr(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = collector();
  const stderr = collector();
  const ctx: CliContext = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env,
    cwd: fixture.scratch,
    signal: new AbortController().signal,
    exitCode: EXIT.OK,
  };
  const code = await runCli(args, ctx);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function copyFolder(from: string): string {
  const to = fs.mkdtempSync(path.join(fixture.scratch, 'folder-'));
  fs.copyFileSync(path.join(from, `${TEST_POINT}.pfx`), path.join(to, `${TEST_POINT}.pfx`));
  return to;
}

/** A settings file naming the test certificate; the password in the file or left out. */
function settingsFile(withPassword: boolean): string {
  const file = path.join(fs.mkdtempSync(path.join(fixture.scratch, 'config-')), 'wmqr.json');
  const gateway = {
    url: 'https://127.0.0.1:1/qr',
    agent: '50001',
    posNumber: TEST_POINT,
    certificateFolder: fixture.certs.pointFolder,
    ...(withPassword ? { certificatePassword: fixture.certs.password } : {}),
  };
  const settings = {
    device: { connection: 'tcp://127.0.0.1:7778' },
    gateway,
    paymentTypes: { sbp: { paymentNumber: 2, name: 'СБП' } },
  };
  fs.writeFileSync(file, JSON.stringify(settings));
  return file;
}

describe('wmqr cert check --config', () => {
  it('finds the folder, POS number and password in the settings file', async () => {
    const run = await wmqr(['cert', 'check', '--config', settingsFile(true)]);

    assert.equal(run.code, EXIT.OK, run.stderr);
    assert.match(run.stdout, new RegExp(`POS number +${TEST_POINT} matches`));
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(fixture.certs.password));
  });

  it('takes the password from the environment when the file has none', async () => {
    const file = settingsFile(false);

    const without = await wmqr(['cert', 'check', '--config', file]);
    const withEnv = await wmqr(['cert', 'check', '--config', file], {
      WMQR_CERT_PASSWORD: fixture.certs.password,
    });

    assert.equal(without.code, EXIT.USAGE);
    assert.match(without.stderr, /SETTINGS_CERT_PASSWORD_MISSING/);
    assert.equal(withEnv.code, EXIT.OK, withEnv.stderr);
  });

  it('lets --pos on the command line win over the file', async () => {
    const run = await wmqr(['cert', 'check', '--config', settingsFile(true), '--pos', '123'], {});

    assert.notEqual(run.code, EXIT.OK);
    assert.match(run.stdout + run.stderr, /123/);
  });
});

describe('wmqr cert check', () => {
  it('prints subject, issuer, validity, days left and that everything matches', async () => {
    const env = { WMQR_CERT_PASSWORD: fixture.certs.password };

    const run = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.pointFolder, '--pos', TEST_POINT],
      env,
    );

    assert.equal(run.code, EXIT.OK, run.stderr);
    assert.match(run.stdout, new RegExp(`subject +CN=${TEST_POINT}`));
    assert.match(run.stdout, /issuer +CN=webmoney-qr-pos TEST-ONLY CA/);
    assert.match(run.stdout, /valid from +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    assert.match(run.stdout, /valid until .*\(\d+ days left\)/);
    assert.match(run.stdout, /password +opens the file/);
    assert.match(run.stdout, /private key +present, matches the certificate/);
    assert.match(run.stdout, new RegExp(`POS number +${TEST_POINT} matches`));
    assert.match(run.stdout, /AES-256/);
    assert.match(run.stdout, /result +OK/);
    assert.doesNotMatch(run.stdout, /warning/);
  });

  it('takes the password from the variable named by --password-env', async () => {
    const env = { MY_PFX_SECRET: fixture.certs.password };

    const run = await wmqr(
      [
        'cert',
        'check',
        '--folder',
        fixture.certs.pointFolder,
        '--pos',
        TEST_POINT,
        '--password-env',
        'MY_PFX_SECRET',
      ],
      env,
    );

    assert.equal(run.code, EXIT.OK, run.stderr);
  });

  it('warns 30 days before expiry', async () => {
    const folder = fs.mkdtempSync(path.join(fixture.scratch, 'soon-'));
    const key = await newRsaKeyPair();
    const now = Date.now();
    const cert = buildCertificate({
      role: 'client',
      commonName: TEST_POINT,
      notBefore: new Date(now - 300 * DAY),
      notAfter: new Date(now + 12 * DAY + DAY / 2),
      publicKey: key.publicKey,
      selfKey: key.privateKey,
    });
    const pfx = buildModernPfx({
      key: key.privateKey,
      chain: [cert],
      password: 'pw',
      friendlyName: TEST_POINT,
    });
    fs.writeFileSync(path.join(folder, `${TEST_POINT}.pfx`), pfx);

    const run = await wmqr(['cert', 'check', '--folder', folder, '--pos', TEST_POINT], {
      WMQR_CERT_PASSWORD: 'pw',
    });

    assert.equal(run.code, EXIT.OK);
    assert.match(run.stdout, /warning: the certificate expires in 12 day/);
  });

  it('lists the problems and exits 1 for an expired certificate', async () => {
    const run = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.bad.expired, '--pos', TEST_POINT],
      {
        WMQR_CERT_PASSWORD: fixture.certs.password,
      },
    );

    assert.equal(run.code, EXIT.ERROR);
    assert.match(run.stdout, /problem CERT_EXPIRED/);
    assert.match(run.stdout, /expired \d+ days ago/);
    assert.match(run.stdout, /result +NOT usable/);
  });

  it('says the POS number does not match the CN', async () => {
    const run = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.bad.wrongCn, '--pos', TEST_POINT],
      {
        WMQR_CERT_PASSWORD: fixture.certs.password,
      },
    );

    assert.equal(run.code, EXIT.ERROR);
    assert.match(run.stdout, /POS number +100200300 does NOT match the certificate CN "999999999"/);
    assert.match(run.stdout, /problem CERT_CN_MISMATCH/);
  });

  it('explains a legacy file and points to cert convert', async () => {
    const run = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.bad.legacyRc2, '--pos', TEST_POINT],
      {
        WMQR_CERT_PASSWORD: fixture.certs.password,
      },
    );

    assert.equal(run.code, EXIT.ERROR);
    assert.match(run.stdout, /RC2-40.*\[legacy\]/);
    assert.match(run.stdout, /TLS +REFUSED/);
    assert.match(run.stdout, /problem CERT_LEGACY_ENCRYPTION: .*wmqr cert convert/);
  });

  it('reports a wrong password and a missing file as errors naming the code', async () => {
    const wrong = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.pointFolder, '--pos', TEST_POINT],
      {
        WMQR_CERT_PASSWORD: 'wrong-password-123',
      },
    );
    const missing = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.pointFolder, '--pos', '1'],
      {
        WMQR_CERT_PASSWORD: fixture.certs.password,
      },
    );

    assert.equal(wrong.code, EXIT.ERROR);
    assert.match(wrong.stderr, /error CERT_BAD_PASSWORD/);
    assert.equal(missing.code, EXIT.ERROR);
    assert.match(missing.stderr, /error CERT_NOT_FOUND: .*1\.pfx/);
  });

  it('prints JSON with --json', async () => {
    const run = await wmqr(
      ['cert', 'check', '--folder', fixture.certs.bad.noKey, '--pos', TEST_POINT, '--json'],
      { WMQR_CERT_PASSWORD: fixture.certs.password },
    );

    const parsed = JSON.parse(run.stdout) as { usable: boolean; problems: { code: string }[] };
    assert.equal(parsed.usable, false);
    assert.deepEqual(
      parsed.problems.map((p) => p.code),
      ['CERT_NO_KEY'],
    );
    assert.equal(run.code, EXIT.ERROR);
  });

  it('is a usage error without a password, folder or POS number', async () => {
    const noPassword = await wmqr([
      'cert',
      'check',
      '--folder',
      fixture.certs.pointFolder,
      '--pos',
      TEST_POINT,
    ]);
    const noFolder = await wmqr(['cert', 'check', '--pos', TEST_POINT], {
      WMQR_CERT_PASSWORD: 'x',
    });

    assert.equal(noPassword.code, EXIT.USAGE);
    assert.match(noPassword.stderr, /WMQR_CERT_PASSWORD/);
    assert.equal(noFolder.code, EXIT.USAGE);
    assert.match(noFolder.stderr, /--folder/);
  });

  it('accepts --password but warns that it is visible in the process list', async () => {
    const run = await wmqr([
      'cert',
      'check',
      '--folder',
      fixture.certs.pointFolder,
      '--pos',
      TEST_POINT,
      '--password',
      fixture.certs.password,
    ]);

    assert.equal(run.code, EXIT.OK);
    assert.match(run.stderr, /process list/);
  });
});

describe('wmqr cert check on a layout only OpenSSL reads', () => {
  it('shows the certificate OpenSSL presents and says the chain is not listed', async () => {
    const folder = fs.mkdtempSync(path.join(fixture.scratch, 'folder-'));
    const point = makeOpensslIdentity(folder, 'point', { commonName: TEST_POINT });
    exportOpensslPfx(point, folder, TEST_POINT, {
      password: fixture.certs.password,
      args: ['-keypbe', 'CAMELLIA-256-CBC', '-certpbe', 'CAMELLIA-256-CBC'],
    });

    const run = await wmqr(['cert', 'check', '--folder', folder, '--pos', TEST_POINT], {
      WMQR_CERT_PASSWORD: fixture.certs.password,
    });

    assert.equal(run.code, EXIT.OK, run.stdout);
    assert.match(run.stdout, /contents +read through OpenSSL/);
    assert.match(run.stdout, new RegExp(`sha-256 +${point.certificate.fingerprint256}`));
  });
});

describe('wmqr cert convert', () => {
  it('converts a legacy pfx in place, keeps the original, and check then passes', async () => {
    const folder = copyFolder(fixture.certs.bad.legacyRc2);
    const env = { WMQR_CERT_PASSWORD: fixture.certs.password };

    const run = await wmqr(['cert', 'convert', '--folder', folder, '--pos', TEST_POINT], env);
    const check = await wmqr(['cert', 'check', '--folder', folder, '--pos', TEST_POINT], env);

    assert.equal(run.code, EXIT.OK, run.stderr);
    assert.match(run.stdout, /before .*RC2-40/);
    assert.match(run.stdout, /after .*AES-256/);
    assert.match(run.stdout, new RegExp(`kept as .*${TEST_POINT}\\.pfx\\.legacy`));
    assert.ok(fs.existsSync(path.join(folder, `${TEST_POINT}.pfx.legacy`)));
    assert.equal(check.code, EXIT.OK, check.stdout);
  });

  it('says which key it kept and how many it left out of a file with several', async () => {
    const folder = fs.mkdtempSync(path.join(fixture.scratch, 'folder-'));
    const point = makeOpensslIdentity(folder, 'point', { commonName: TEST_POINT });
    const other = makeOpensslIdentity(folder, 'other', { keyType: 'ec', commonName: '777' });
    const pkcs8 = (key: typeof point.key) => key.export({ type: 'pkcs8', format: 'der' });
    const pfx = writePkcs12(
      {
        keys: [{ pkcs8Der: pkcs8(other.key) }, { pkcs8Der: pkcs8(point.key) }],
        certificates: [{ der: other.certificate.raw }, { der: point.certificate.raw }],
      },
      fixture.certs.password,
      LEGACY_PROTECTION,
    );
    fs.writeFileSync(path.join(folder, `${TEST_POINT}.pfx`), pfx);

    const run = await wmqr(['cert', 'convert', '--folder', folder, '--pos', TEST_POINT], {
      WMQR_CERT_PASSWORD: fixture.certs.password,
    });

    assert.equal(run.code, EXIT.OK, run.stderr);
    assert.match(run.stdout, new RegExp(`key +the key of CN=${TEST_POINT}`));
    assert.match(run.stdout, /left out +1 other private key/);
  });

  it('says there is nothing to do for a modern pfx', async () => {
    const folder = copyFolder(fixture.certs.pointFolder);

    const run = await wmqr(['cert', 'convert', '--folder', folder, '--pos', TEST_POINT], {
      WMQR_CERT_PASSWORD: fixture.certs.password,
    });

    assert.equal(run.code, EXIT.OK);
    assert.match(run.stdout, /nothing to do/);
    assert.deepEqual(fs.readdirSync(folder), [`${TEST_POINT}.pfx`]);
  });
});

describe('the cert commands never print the password', () => {
  it('in any output, whatever the outcome', async () => {
    const secret = 'Very-Secret-Cert-Pw-77';
    const outputs: string[] = [];
    const folders = [
      fixture.certs.pointFolder,
      ...Object.values(fixture.certs.bad),
      path.join(fixture.scratch, 'none'),
    ];

    for (const folder of folders) {
      for (const password of [secret, fixture.certs.password]) {
        for (const command of ['check', 'convert']) {
          const target =
            command === 'convert' && fs.existsSync(folder) ? copyFolder(folder) : folder;
          const args = ['cert', command, '--folder', target, '--pos', TEST_POINT];
          if (command === 'check') args.push('--json');
          const run = await wmqr(args, { WMQR_CERT_PASSWORD: password });
          outputs.push(run.stdout + run.stderr);
        }
      }
    }

    assert.equal(outputs.length, folders.length * 4);
    for (const output of outputs) {
      assert.ok(output.length > 0);
      assert.ok(!output.includes(secret), output);
      assert.ok(!output.includes(fixture.certs.password), output);
    }
  });
});
