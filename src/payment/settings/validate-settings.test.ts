import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BAUD_RATES } from '../../printer/protocol/link-bytes';
import { SETTINGS_LIMITS } from './settings';
import { SettingsError } from './settings-error';
import { validateSettings, type ValidateOptions } from './validate-settings';

const SECRET_KEY = 'agent-key-do-not-print';
const SECRET_PASSWORD = 'pfx-password-do-not-print';

function minimal(): Record<string, any> {
  return {
    device: { connection: 'tcp://127.0.0.1:7778' },
    gateway: {
      url: 'https://gw.example/qr',
      agent: '50001',
      posNumber: '100200300',
      agentKey: SECRET_KEY,
      certificateFolder: 'certs',
      certificatePassword: SECRET_PASSWORD,
    },
    paymentTypes: { sbp: { paymentNumber: 2, name: 'СБП' } },
  };
}

function problemsOf(raw: unknown, options: ValidateOptions = {}): SettingsError {
  try {
    validateSettings(raw, options);
  } catch (error) {
    assert.ok(error instanceof SettingsError, `expected SettingsError, got ${String(error)}`);
    return error;
  }
  assert.fail('settings were accepted');
}

function expectProblem(raw: unknown, code: string, field: string, ...mentions: string[]): void {
  const error = problemsOf(raw);
  const problem = error.problems.find((p) => p.field === field);
  assert.ok(problem, `no problem for ${field}: ${error.message}`);
  assert.equal(problem.code, code);
  for (const m of mentions)
    assert.ok(problem.message.includes(m), `"${problem.message}" lacks ${m}`);
}

test('minimal settings get the documented defaults and resolved paths', () => {
  const { settings, warnings } = validateSettings(minimal(), { baseDir: '/etc/wmqr' });

  assert.deepEqual(warnings, []);
  assert.equal(settings.locale, 'ru');
  assert.deepEqual(settings.device.transport, { kind: 'tcp', host: '127.0.0.1', port: 7778 });
  assert.equal(settings.device.receiptFlow, 'fiscal-drive');
  assert.deepEqual(settings.device.qr, { moduleSize: 5, errorCorrection: 'M' });
  assert.equal(settings.device.display, 'tape');
  assert.equal(settings.gateway.wmid, '0');
  assert.equal(settings.gateway.crsId, '0');
  assert.equal(settings.gateway.certificateFolder, path.resolve('/etc/wmqr/certs'));
  assert.equal(settings.gateway.stateDir, path.resolve('/etc/wmqr/wmqr-state'));
  assert.equal(settings.payment.journalFile, path.resolve('/etc/wmqr/wmqr-state/journal.sqlite'));
  assert.equal(settings.payment.waitSeconds, 180);
  assert.deepEqual(settings.paymentTypes, { sbp: { paymentNumber: 2, name: 'СБП' } });
});

test('a serial connection keeps its path and baud; tcp without a port uses 7778', () => {
  const serial = minimal();
  serial.device = { connection: 'COM3', baud: 9600 };
  const tcp = minimal();
  tcp.device = { connection: 'tcp://kkm.local' };

  assert.deepEqual(validateSettings(serial).settings.device.transport, {
    kind: 'serial',
    path: 'COM3',
    baud: 9600,
  });
  assert.deepEqual(validateSettings(tcp).settings.device.transport, {
    kind: 'tcp',
    host: 'kkm.local',
    port: 7778,
  });
});

test('payment numbers outside 2..13 are refused, naming the field, value and range', () => {
  for (const bad of [1, 14, 16, 0]) {
    const raw = minimal();
    raw.paymentTypes.sbp.paymentNumber = bad;
    expectProblem(
      raw,
      'SETTINGS_OUT_OF_RANGE',
      'paymentTypes.sbp.paymentNumber',
      `${bad}`,
      '2..13',
    );
  }
  const fractional = minimal();
  fractional.paymentTypes.sbp.paymentNumber = 2.5;
  expectProblem(fractional, 'SETTINGS_WRONG_TYPE', 'paymentTypes.sbp.paymentNumber');
});

test(
  'two enabled types with the same payment number are refused; ' + 'a disabled one is not checked',
  () => {
    const raw = minimal();
    raw.paymentTypes.wm = { paymentNumber: 2, name: 'WEBMONEY' };
    raw.paymentTypes.alipay = { enabled: false, paymentNumber: 99 };

    const error = problemsOf(raw);

    assert.equal(error.code, 'SETTINGS_DUPLICATE_PAYMENT_NUMBER');
    assert.equal(error.problems.length, 1);
    assert.equal(error.problems[0].field, 'paymentTypes.wm.paymentNumber');
    assert.match(error.problems[0].message, /paymentTypes\.sbp/);
  },
);

test('a payment name must fit 64 bytes of Windows-1251', () => {
  const long = minimal();
  long.paymentTypes.sbp.name = 'Ж'.repeat(65);
  const fits = minimal();
  fits.paymentTypes.sbp.name = 'Ж'.repeat(64);
  const chinese = minimal();
  chinese.paymentTypes.sbp.name = '支付宝';
  const empty = minimal();
  empty.paymentTypes.sbp.name = '';

  expectProblem(long, 'SETTINGS_NAME_TOO_LONG', 'paymentTypes.sbp.name', '65 bytes', '64');
  assert.equal(validateSettings(fits).settings.paymentTypes.sbp?.name.length, 64);
  expectProblem(chinese, 'SETTINGS_NAME_NOT_CP1251', 'paymentTypes.sbp.name', 'Windows-1251');
  expectProblem(empty, 'SETTINGS_MISSING', 'paymentTypes.sbp.name');
});

test('at least one payment type must be enabled', () => {
  const raw = minimal();
  raw.paymentTypes = { sbp: { enabled: false } };

  expectProblem(raw, 'SETTINGS_NO_PAYMENT_TYPE', 'paymentTypes', 'sbp, wm, wechat, alipay');
});

test('WMID is 12 digits or 0; ids may be written as numbers', () => {
  const ok = minimal();
  ok.gateway.wmid = '123456789012';
  ok.gateway.agent = 50001;
  const zero = minimal();
  zero.gateway.wmid = 0;
  const short = minimal();
  short.gateway.wmid = '12345678901';
  const letters = minimal();
  letters.gateway.posNumber = 'POS-1';

  assert.equal(validateSettings(ok).settings.gateway.wmid, '123456789012');
  assert.equal(validateSettings(ok).settings.gateway.agent, '50001');
  assert.equal(validateSettings(zero).settings.gateway.wmid, '0');
  expectProblem(short, 'SETTINGS_BAD_FORMAT', 'gateway.wmid', '12345678901', '12 digits, or 0');
  expectProblem(letters, 'SETTINGS_BAD_FORMAT', 'gateway.posNumber', 'POS-1');
});

test('the gateway is reached over https only', () => {
  const raw = minimal();
  raw.gateway.url = 'http://gw.example/qr';

  expectProblem(raw, 'SETTINGS_BAD_FORMAT', 'gateway.url', 'http://gw.example/qr', 'https');
});

test('device choices are checked against their allowed values', () => {
  const cases: Array<[string, (r: Record<string, any>) => void, string, string]> = [
    ['device.baud', (r) => (r.device.baud = 1234), 'SETTINGS_NOT_ALLOWED', '115200'],
    ['device.receiptFlow', (r) => (r.device.receiptFlow = 'fn'), 'SETTINGS_NOT_ALLOWED', 'classic'],
    ['device.display', (r) => (r.device.display = 'screen'), 'SETTINGS_NOT_ALLOWED', 'both'],
    [
      'device.qr.moduleSize',
      (r) => (r.device.qr = { moduleSize: 9 }),
      'SETTINGS_OUT_OF_RANGE',
      '3..8',
    ],
    [
      'device.qr.moduleSize',
      (r) => (r.device.qr = { moduleSize: 2 }),
      'SETTINGS_OUT_OF_RANGE',
      '3..8',
    ],
    [
      'device.qr.errorCorrection',
      (r) => (r.device.qr = { errorCorrection: 'X' }),
      'SETTINGS_NOT_ALLOWED',
      '"H"',
    ],
    [
      'device.connection',
      (r) => (r.device.connection = 'tcp://host:99999'),
      'SETTINGS_BAD_FORMAT',
      '1..65535',
    ],
    ['device.connection', (r) => delete r.device.connection, 'SETTINGS_MISSING', 'required'],
  ];
  for (const [field, mutate, code, mention] of cases) {
    const raw = minimal();
    mutate(raw);
    expectProblem(raw, code, field, mention);
  }
});

test(
  'a short overall wait is a warning, not an error; ' + 'too short or a slow poll is an error',
  () => {
    const short = minimal();
    short.payment = { waitSeconds: 60 };
    const tooShort = minimal();
    tooShort.payment = { waitSeconds: 5 };
    const slowPoll = minimal();
    slowPoll.payment = { waitSeconds: 30, pollIntervalSeconds: 30 };

    const { warnings } = validateSettings(short);

    assert.deepEqual(
      warnings.map((w) => [w.code, w.field]),
      [['SETTINGS_SHORT_WAIT', 'payment.waitSeconds']],
    );
    expectProblem(tooShort, 'SETTINGS_OUT_OF_RANGE', 'payment.waitSeconds', '10..3600');
    expectProblem(slowPoll, 'SETTINGS_OUT_OF_RANGE', 'payment.pollIntervalSeconds', 'waitSeconds');
  },
);

test('a misspelt setting is reported instead of silently ignored', () => {
  const raw = minimal();
  raw.payment = { pollInterval: 2 };

  expectProblem(raw, 'SETTINGS_UNKNOWN_FIELD', 'payment.pollInterval', 'pollIntervalSeconds');
});

test('every problem is reported at once, the first one giving the code', () => {
  const raw = minimal();
  raw.device.baud = 1;
  raw.gateway.wmid = 'x';
  raw.paymentTypes.sbp.paymentNumber = 1;

  const error = problemsOf(raw);

  assert.equal(error.code, 'SETTINGS_NOT_ALLOWED');
  assert.deepEqual(
    error.problems.map((p) => p.field),
    ['device.baud', 'gateway.wmid', 'paymentTypes.sbp.paymentNumber'],
  );
  assert.match(error.message, /3 problems/);
});

test('secrets come from the environment, which wins over the file', () => {
  const raw = minimal();
  delete raw.gateway.agentKey;
  raw.gateway.certificatePassword = 'from-file';
  const env = {
    WMQR_AGENT_KEY: 'env-key',
    WMQR_CERT_PASSWORD: 'env-password',
    WMQR_OPERATOR_PASSWORD: '1',
    WMQR_SYSADMIN_PASSWORD: '29',
  };

  const { settings } = validateSettings(raw, { env });

  assert.equal(settings.gateway.agentKey, 'env-key');
  assert.equal(settings.gateway.certificatePassword, 'env-password');
  assert.equal(settings.device.operatorPassword, 1);
  assert.equal(settings.device.sysadminPassword, 29);
});

test('a missing secret names its environment variable, unless secrets are not required', () => {
  const raw = minimal();
  delete raw.gateway.agentKey;
  delete raw.gateway.certificatePassword;

  const error = problemsOf(raw);

  assert.deepEqual(
    error.problems.map((p) => p.field),
    ['gateway.agentKey', 'gateway.certificatePassword'],
  );
  assert.match(error.problems[0].message, /WMQR_AGENT_KEY/);
  assert.match(error.problems[1].message, /WMQR_CERT_PASSWORD/);
  assert.equal(validateSettings(raw, { requireSecrets: false }).settings.gateway.agentKey, '');
});

test('a bad secret value is never echoed in the error', () => {
  const raw = minimal();
  raw.gateway.agentKey = 12345678;
  raw.device.operatorPassword = -777;
  const env = { WMQR_SYSADMIN_PASSWORD: 'hunter2' };

  const error = problemsOf(raw, { env });
  const text = `${error.message} ${JSON.stringify(error.details)}`;

  assert.deepEqual(error.problems.map((p) => p.field).sort(), [
    'device.operatorPassword',
    'device.sysadminPassword',
    'gateway.agentKey',
  ]);
  for (const secret of ['12345678', '-777', 'hunter2']) assert.ok(!text.includes(secret), secret);
});

test('an optional service section is kept as written; without one there is none', () => {
  const raw = minimal();
  raw.service = { host: '0.0.0.0', port: 0, token: 'a'.repeat(16) };

  const { settings } = validateSettings(raw);

  assert.deepEqual(settings.service, { host: '0.0.0.0', port: 0, token: 'a'.repeat(16) });
  assert.deepEqual(validateSettings({ ...raw, service: {} }).settings.service, {});
  assert.equal('service' in validateSettings(minimal()).settings, false);
});

test('a service port outside 0..65535 or a bad host is refused, naming field and value', () => {
  const port = minimal();
  port.service = { port: 65536 };
  const fraction = minimal();
  fraction.service = { port: 80.5 };
  const host = minimal();
  host.service = { host: 'till one' };
  const typo = minimal();
  typo.service = { listen: '127.0.0.1' };

  expectProblem(port, 'SETTINGS_OUT_OF_RANGE', 'service.port', '65536', '0..65535');
  expectProblem(fraction, 'SETTINGS_WRONG_TYPE', 'service.port', '80.5');
  expectProblem(host, 'SETTINGS_BAD_FORMAT', 'service.host', '"till one"', '127.0.0.1');
  expectProblem(typo, 'SETTINGS_UNKNOWN_FIELD', 'service.listen', 'host, port, token');
});

test('a short or spaced service token is refused without echoing it', () => {
  const short = minimal();
  short.service = { token: 'short-secret' };
  const spaced = minimal();
  spaced.service = { token: 'spaced secret value 1' };

  const shortError = problemsOf(short);
  const spacedError = problemsOf(spaced);

  assert.equal(shortError.code, 'SETTINGS_TOKEN_TOO_SHORT');
  assert.equal(shortError.problems[0].field, 'service.token');
  assert.match(shortError.message, /at least 16 characters \(it has 12\)/);
  assert.equal(spacedError.code, 'SETTINGS_BAD_FORMAT');
  for (const [error, secret] of [
    [shortError, 'short-secret'],
    [spacedError, 'spaced secret'],
  ] as const) {
    assert.ok(!`${error.message} ${JSON.stringify(error.details)}`.includes(secret), secret);
  }
});

test('limits in the code agree with the published JSON schema', () => {
  const schema = require('../../../docs/settings.schema.json');
  const props = schema.properties;
  const type = schema.$defs.paymentType.properties;

  assert.deepEqual(props.device.properties.baud.enum, [...BAUD_RATES]);
  assert.equal(type.paymentNumber.minimum, SETTINGS_LIMITS.paymentNumber.min);
  assert.equal(type.paymentNumber.maximum, SETTINGS_LIMITS.paymentNumber.max);
  assert.equal(
    props.device.properties.qr.properties.moduleSize.minimum,
    SETTINGS_LIMITS.qrModuleSize.min,
  );
  assert.equal(
    props.device.properties.qr.properties.moduleSize.maximum,
    SETTINGS_LIMITS.qrModuleSize.max,
  );
  assert.equal(props.payment.properties.waitSeconds.minimum, SETTINGS_LIMITS.waitSeconds.min);
  assert.equal(props.payment.properties.waitSeconds.maximum, SETTINGS_LIMITS.waitSeconds.max);
  assert.equal(
    props.payment.properties.pollIntervalSeconds.minimum,
    SETTINGS_LIMITS.pollIntervalSeconds.min,
  );
  assert.equal(props.service.properties.port.minimum, SETTINGS_LIMITS.servicePort.min);
  assert.equal(props.service.properties.port.maximum, SETTINGS_LIMITS.servicePort.max);
  assert.equal(props.service.properties.token.minLength, SETTINGS_LIMITS.serviceTokenMinLength);
});

test('the fields the code accepts are exactly the fields the schema documents', () => {
  const { SETTINGS_KEYS } = require('./validate-settings');
  const schema = require('../../../docs/settings.schema.json');
  const keys = (o: { properties: object }) => Object.keys(o.properties).sort();

  assert.deepEqual(keys(schema), [...SETTINGS_KEYS.root].sort());
  assert.deepEqual(keys(schema.properties.device), [...SETTINGS_KEYS.device].sort());
  assert.deepEqual(
    keys(schema.properties.device.properties.qr),
    [...SETTINGS_KEYS['device.qr']].sort(),
  );
  assert.deepEqual(keys(schema.properties.gateway), [...SETTINGS_KEYS.gateway].sort());
  assert.deepEqual(keys(schema.properties.payment), [...SETTINGS_KEYS.payment].sort());
  assert.deepEqual(keys(schema.$defs.paymentType), [...SETTINGS_KEYS.paymentType].sort());
  assert.deepEqual(keys(schema.properties.service), [...SETTINGS_KEYS.service].sort());
});
