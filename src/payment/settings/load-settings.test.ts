import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../core/package-root';
import { MemoryLogger } from '../../core/logger';
import { loadSettings, resolveConfigPath } from './load-settings';
import { redactSettings } from './redact-settings';
import { validateSettings } from './validate-settings';

const EXAMPLE = path.join(packageRoot(), 'docs', 'wmqr.config.example.json');
const SECRETS = { WMQR_AGENT_KEY: 'key-7f3a9c', WMQR_CERT_PASSWORD: 'pfx-41b2e8' };

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmqr-settings-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the documented example file is valid with the secrets in the environment', () => {
  const { settings, file } = loadSettings({ file: EXAMPLE, env: SECRETS });

  assert.equal(file, EXAMPLE);
  assert.equal(settings.gateway.agentKey, SECRETS.WMQR_AGENT_KEY);
  assert.equal(settings.gateway.certificateFolder, path.join(path.dirname(EXAMPLE), 'certs'));
  assert.deepEqual(Object.keys(settings.paymentTypes), ['sbp', 'wm', 'alipay']);
});

test('the config path is --config, else WMQR_CONFIG, else ./wmqr.config.json', () => {
  const cwd = '/srv/pos';

  assert.equal(
    resolveConfigPath({ cwd, file: 'a.json', env: { WMQR_CONFIG: 'b.json' } }),
    '/srv/pos/a.json',
  );
  assert.equal(resolveConfigPath({ cwd, env: { WMQR_CONFIG: '/etc/b.json' } }), '/etc/b.json');
  assert.equal(resolveConfigPath({ cwd, env: {} }), '/srv/pos/wmqr.config.json');
});

test('a missing file says where it looked and how to point at another', (t) => {
  const dir = tempDir(t);

  assert.throws(
    () => loadSettings({ cwd: dir, env: {} }),
    (error: any) => {
      assert.equal(error.code, 'SETTINGS_FILE_NOT_FOUND');
      assert.ok(error.message.includes(path.join(dir, 'wmqr.config.json')));
      assert.match(error.message, /--config/);
      return true;
    },
  );
});

test('a file that is not JSON is refused with the parser message', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'wmqr.config.json');
  fs.writeFileSync(file, '{ "device": ');

  assert.throws(() => loadSettings({ file, env: {} }), { code: 'SETTINGS_BAD_JSON' });
});

test('relative paths are taken from the file folder, not the working directory', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'pos.json');
  const raw = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
  raw.payment.journalFile = 'data/journal.db';
  fs.writeFileSync(file, '\uFEFF' + JSON.stringify(raw));

  const { settings } = loadSettings({ file, env: SECRETS, cwd: '/' });

  assert.equal(settings.payment.journalFile, path.join(dir, 'data', 'journal.db'));
  assert.equal(settings.gateway.stateDir, path.join(dir, 'wmqr-state'));
});

test('redacted settings and logs of them never show a secret', () => {
  const env = { ...SECRETS, WMQR_OPERATOR_PASSWORD: '7301', WMQR_SYSADMIN_PASSWORD: '8402' };
  const { settings } = loadSettings({ file: EXAMPLE, env });
  const logger = new MemoryLogger();

  const redacted = redactSettings(settings);
  logger.info('settings', { settings: redacted });
  const text = JSON.stringify(redacted) + logger.text();

  for (const secret of Object.values(env)) assert.ok(!text.includes(secret), secret);
  assert.equal(redacted.gateway.url, settings.gateway.url);
  assert.equal(settings.gateway.agentKey, SECRETS.WMQR_AGENT_KEY, 'the original is untouched');
});

test('the HTTP service token is redacted; the rest of the service section is not', () => {
  const token = 'service-token-5d81c0e7';
  const { settings } = validateSettings(
    { ...JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')), service: { port: 8080, token } },
    { env: SECRETS },
  );

  const redacted = redactSettings(settings);

  assert.ok(!JSON.stringify(redacted).includes(token));
  assert.equal(redacted.service?.port, 8080);
  assert.equal(settings.service?.token, token, 'the original is untouched');
  assert.equal(redactSettings({ ...settings, service: { port: 1 } }).service?.token, undefined);
});

test('the JSON example in docs/settings.md is valid too', () => {
  const markdown = fs.readFileSync(path.join(packageRoot(), 'docs', 'settings.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(markdown);

  assert.ok(block, 'docs/settings.md has a json block');
  const { settings } = validateSettings(JSON.parse(block[1]), { env: SECRETS });
  assert.deepEqual(Object.keys(settings.paymentTypes), ['sbp', 'wm', 'alipay']);
});
