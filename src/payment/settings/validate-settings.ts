/**
 * Turns the parsed settings file into `Settings`, or says precisely what is wrong: each
 * problem names the field, the value found (never a secret's value) and what is allowed.
 * All problems are collected, so a cashier's technician fixes the file in one pass.
 */
import path from 'node:path';
import { BAUD_RATES, DEFAULT_TCP_PORT } from '../../printer/protocol/link-bytes';
import { PAY_SYSTEMS, type PaySystem } from '../ports';
import { isListenHost } from './listen-host';
import { checkPaymentName } from './payment-name';
import {
  SECRET_ENV,
  SETTINGS_DEFAULTS,
  SETTINGS_LIMITS,
  type DeviceSettings,
  type DeviceTransport,
  type GatewaySettings,
  type Locale,
  type PaymentTimingSettings,
  type PaymentTypeSettings,
  type QrDisplay,
  type QrErrorCorrection,
  type ReceiptFlow,
  type ServiceFileSettings,
  type Settings,
} from './settings';
import { SettingsError, type SettingsProblem, type SettingsWarning } from './settings-error';

/** The keys each section accepts; anything else is a typo worth reporting. */
export const SETTINGS_KEYS = {
  root: ['$schema', 'locale', 'device', 'gateway', 'payment', 'paymentTypes', 'service'],
  device: [
    'connection',
    'baud',
    'operatorPassword',
    'sysadminPassword',
    'receiptFlow',
    'qr',
    'display',
  ],
  'device.qr': ['moduleSize', 'errorCorrection'],
  gateway: [
    'url',
    'agent',
    'wmid',
    'posNumber',
    'agentKey',
    'crsId',
    'certificateFolder',
    'certificatePassword',
    'caFile',
    'testMode',
    'stateDir',
  ],
  payment: ['waitSeconds', 'pollIntervalSeconds', 'journalFile'],
  paymentType: ['enabled', 'paymentNumber', 'name'],
  service: ['host', 'port', 'token'],
} as const;

export interface ValidateOptions {
  /** Environment with secrets (WMQR_AGENT_KEY, ...); default: none. */
  env?: NodeJS.ProcessEnv;
  /** Relative paths in the file are resolved against this folder (the file's own). */
  baseDir?: string;
  /** False for commands that do not talk to the gateway (journal, setup-payment-names). */
  requireSecrets?: boolean;
  /** Named in the error message, e.g. the file path. */
  source?: string;
}

export interface ValidatedSettings {
  settings: Settings;
  warnings: SettingsWarning[];
}

type Obj = Record<string, unknown>;
type Range = { min: number; max: number };
interface NumberOptions {
  default?: number;
  /** Said after the allowed range, e.g. why 1 is refused. */
  why?: string;
  whole?: boolean;
}

/** Validates and normalizes; throws SettingsError listing every problem. */
export function validateSettings(raw: unknown, options: ValidateOptions = {}): ValidatedSettings {
  const v = new FieldReader(options.env ?? {}, options.requireSecrets ?? true);
  const baseDir = path.resolve(options.baseDir ?? '.');
  const root = v.section(raw, '', SETTINGS_KEYS.root, true) ?? {};

  const locale = v.oneOf<Locale>(root, '', 'locale', ['ru', 'en'], SETTINGS_DEFAULTS.locale);
  const device = readDevice(v, v.section(root.device, 'device', SETTINGS_KEYS.device, true));
  const gateway = readGateway(
    v,
    v.section(root.gateway, 'gateway', SETTINGS_KEYS.gateway, true),
    baseDir,
  );
  const payment = readPayment(
    v,
    v.section(root.payment, 'payment', SETTINGS_KEYS.payment, false),
    baseDir,
    gateway.stateDir,
  );
  const paymentTypes = readPaymentTypes(v, root.paymentTypes);
  const service = readService(v, v.section(root.service, 'service', SETTINGS_KEYS.service, false));

  if (v.problems.length > 0) throw new SettingsError(v.problems, options.source);
  const settings: Settings = { locale, device, gateway, payment, paymentTypes };
  return { settings: service ? { ...settings, service } : settings, warnings: v.warnings };
}

function readDevice(v: FieldReader, obj: Obj | undefined): DeviceSettings {
  const o = obj ?? {};
  const at = 'device';
  const connection = v.string(o, at, 'connection', true) ?? '';
  const baud = v.oneOf<number>(o, at, 'baud', BAUD_RATES, SETTINGS_DEFAULTS.baud);
  const transport = parseConnection(v, connection, baud);
  const qr = v.section(o.qr, 'device.qr', SETTINGS_KEYS['device.qr'], false) ?? {};
  return {
    connection,
    transport,
    baud,
    operatorPassword: v.password(o, at, 'operatorPassword', SECRET_ENV.operatorPassword),
    sysadminPassword: v.password(o, at, 'sysadminPassword', SECRET_ENV.sysadminPassword),
    receiptFlow: v.oneOf<ReceiptFlow>(
      o,
      at,
      'receiptFlow',
      ['classic', 'fiscal-drive'],
      SETTINGS_DEFAULTS.receiptFlow,
    ),
    qr: {
      moduleSize: v.integer(qr, 'device.qr', 'moduleSize', SETTINGS_LIMITS.qrModuleSize, {
        default: SETTINGS_DEFAULTS.qrModuleSize,
      }),
      errorCorrection: v.oneOf<QrErrorCorrection>(
        qr,
        'device.qr',
        'errorCorrection',
        ['L', 'M', 'Q', 'H'],
        SETTINGS_DEFAULTS.qrErrorCorrection,
      ),
    },
    display: v.oneOf<QrDisplay>(
      o,
      at,
      'display',
      ['tape', 'display', 'both'],
      SETTINGS_DEFAULTS.display,
    ),
  };
}

function parseConnection(v: FieldReader, connection: string, baud: number): DeviceTransport {
  const field = 'device.connection';
  if (!/^tcp:\/\//i.test(connection)) {
    if (connection.trim() !== connection) {
      v.problem('SETTINGS_BAD_FORMAT', field, `"${connection}" has spaces around it`);
    }
    return { kind: 'serial', path: connection, baud };
  }
  const match = /^tcp:\/\/(\[[^\]]+\]|[^:/\s]+)(?::(\d+))?\/?$/i.exec(connection);
  const port = match?.[2] === undefined ? DEFAULT_TCP_PORT : Number(match[2]);
  const { min, max } = SETTINGS_LIMITS.tcpPort;
  if (!match || port < min || port > max) {
    v.problem(
      'SETTINGS_BAD_FORMAT',
      field,
      `"${connection}" is not a TCP address: write tcp://HOST or tcp://HOST:PORT ` +
        `(port ${min}..${max}, default ${DEFAULT_TCP_PORT})`,
    );
    return { kind: 'tcp', host: '', port };
  }
  return { kind: 'tcp', host: match[1].replace(/^\[|\]$/g, ''), port };
}

function readGateway(v: FieldReader, obj: Obj | undefined, baseDir: string): GatewaySettings {
  const o = obj ?? {};
  const at = 'gateway';
  const url = v.string(o, at, 'url', true) ?? '';
  checkGatewayUrl(v, url);
  const caFile = v.string(o, at, 'caFile');
  const ids = 'digits as issued by WebMoney';
  return {
    url: url.replace(/\/+$/, ''),
    agent: v.digits(o, at, 'agent', { required: true, describe: ids }),
    wmid: v.digits(o, at, 'wmid', {
      default: SETTINGS_DEFAULTS.wmid,
      pattern: /^(0|\d{12})$/,
      describe: 'exactly 12 digits, or 0',
    }),
    posNumber: v.digits(o, at, 'posNumber', { required: true, describe: ids }),
    agentKey: v.secretString(o, at, 'agentKey', SECRET_ENV.agentKey),
    crsId: v.digits(o, at, 'crsId', { default: SETTINGS_DEFAULTS.crsId, describe: 'digits, or 0' }),
    certificateFolder: resolvePath(baseDir, v.string(o, at, 'certificateFolder', true) ?? ''),
    certificatePassword: v.secretString(
      o,
      at,
      'certificatePassword',
      SECRET_ENV.certificatePassword,
    ),
    caFile: caFile === undefined ? undefined : resolvePath(baseDir, caFile),
    testMode: v.boolean(o, at, 'testMode', false),
    stateDir: resolvePath(baseDir, v.string(o, at, 'stateDir') ?? SETTINGS_DEFAULTS.stateDir),
  };
}

function checkGatewayUrl(v: FieldReader, url: string): void {
  if (url === '') return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.protocol !== 'https:' || parsed.search !== '' || parsed.hash !== '') {
    v.problem(
      'SETTINGS_BAD_FORMAT',
      'gateway.url',
      `"${url}" is not allowed: the gateway is reached over https only; ` +
        'write its base address, e.g. https://gateway.example/qr',
    );
  }
}

function readPayment(
  v: FieldReader,
  obj: Obj | undefined,
  baseDir: string,
  stateDir: string,
): PaymentTimingSettings {
  const o = obj ?? {};
  const at = 'payment';
  const limits = SETTINGS_LIMITS;
  const waitSeconds = v.integer(o, at, 'waitSeconds', limits.waitSeconds, {
    default: SETTINGS_DEFAULTS.waitSeconds,
  });
  if (waitSeconds < limits.waitSeconds.warnBelow) {
    v.warnings.push({
      code: 'SETTINGS_SHORT_WAIT',
      field: 'payment.waitSeconds',
      message:
        `payment.waitSeconds: ${waitSeconds} s is allowed, but under ` +
        `${limits.waitSeconds.warnBelow} s a customer may not finish paying in time`,
    });
  }
  const pollIntervalSeconds = v.number(o, at, 'pollIntervalSeconds', limits.pollIntervalSeconds, {
    default: SETTINGS_DEFAULTS.pollIntervalSeconds,
  });
  if (pollIntervalSeconds >= waitSeconds) {
    v.problem(
      'SETTINGS_OUT_OF_RANGE',
      'payment.pollIntervalSeconds',
      `${pollIntervalSeconds} is not allowed: it must be shorter than payment.waitSeconds ` +
        `(${waitSeconds})`,
    );
  }
  const journalFile = v.string(o, at, 'journalFile');
  return {
    waitSeconds,
    pollIntervalSeconds,
    journalFile:
      journalFile === undefined
        ? path.join(stateDir, SETTINGS_DEFAULTS.journalFileName)
        : resolvePath(baseDir, journalFile),
  };
}

function readPaymentTypes(
  v: FieldReader,
  raw: unknown,
): Partial<Record<PaySystem, PaymentTypeSettings>> {
  const types = v.section(raw, 'paymentTypes', PAY_SYSTEMS, true) ?? {};
  const out: Partial<Record<PaySystem, PaymentTypeSettings>> = {};
  const byNumber = new Map<number, PaySystem>();
  for (const system of PAY_SYSTEMS) {
    const at = `paymentTypes.${system}`;
    const o = v.section(types[system], at, SETTINGS_KEYS.paymentType, false);
    if (!o || !v.boolean(o, at, 'enabled', true)) continue;

    const paymentNumber = v.integer(o, at, 'paymentNumber', SETTINGS_LIMITS.paymentNumber, {
      why: 'QR payments use the electronic payment types; 1 is cash, 14..16 are refused',
    });
    const name = v.string(o, at, 'name', true) ?? '';
    const check = name === '' ? undefined : checkPaymentName(name);
    if (check && !check.ok) {
      const code = check.tooLong ? 'SETTINGS_NAME_TOO_LONG' : 'SETTINGS_NAME_NOT_CP1251';
      v.problem(code, `${at}.name`, `"${name}" ${check.why} (table 5 holds 64 bytes)`);
    }
    const owner = byNumber.get(paymentNumber);
    if (owner) {
      v.problem(
        'SETTINGS_DUPLICATE_PAYMENT_NUMBER',
        `${at}.paymentNumber`,
        `${paymentNumber} is already used by paymentTypes.${owner}: each payment type needs ` +
          'its own number 2..13',
      );
    }
    if (Number.isInteger(paymentNumber)) byNumber.set(paymentNumber, system);
    out[system] = { paymentNumber, name };
  }
  const typeProblems = v.problems.some((p) => p.field.startsWith('paymentTypes'));
  if (Object.keys(out).length === 0 && !typeProblems) {
    v.problem(
      'SETTINGS_NO_PAYMENT_TYPE',
      'paymentTypes',
      `no payment type is enabled: enable at least one of ${PAY_SYSTEMS.join(', ')}`,
    );
  }
  return out;
}

/** The optional `service` section of `wmqr serve`: only the fields written. */
function readService(v: FieldReader, obj: Obj | undefined): ServiceFileSettings | undefined {
  if (!obj) return undefined;
  const at = 'service';
  const service: ServiceFileSettings = {};

  const host = v.string(obj, at, 'host');
  if (host !== undefined && isListenHost(host)) service.host = host;
  else if (host !== undefined) {
    v.problem(
      'SETTINGS_BAD_FORMAT',
      'service.host',
      `"${host}" is not an address to listen on: e.g. 127.0.0.1 (this till only) ` +
        'or 0.0.0.0 (every network interface; then set a token)',
    );
  }

  if (obj.port !== undefined) {
    service.port = v.integer(obj, at, 'port', SETTINGS_LIMITS.servicePort, {
      why: '0 picks a free port',
    });
  }

  // The token is a secret: problems give its length, never its value.
  const token = v.secretText(obj, at, 'token');
  const min = SETTINGS_LIMITS.serviceTokenMinLength;
  if (token === undefined) return service;
  if (token.length < min) {
    v.problem(
      'SETTINGS_TOKEN_TOO_SHORT',
      'service.token',
      `(hidden) is not allowed: at least ${min} characters (it has ${token.length}); ` +
        'e.g. generate one with "openssl rand -hex 24"',
    );
  } else if (/\s/.test(token)) {
    v.problem('SETTINGS_BAD_FORMAT', 'service.token', '(hidden) is not allowed: no spaces');
  } else {
    service.token = token;
  }
  return service;
}

function resolvePath(baseDir: string, p: string): string {
  return p === '' ? p : path.resolve(baseDir, p);
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** Reads typed fields out of plain objects and collects what is wrong with them. */
class FieldReader {
  readonly problems: SettingsProblem[] = [];
  readonly warnings: SettingsWarning[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly requireSecrets: boolean,
  ) {}

  problem(code: string, field: string, what: string): void {
    this.problems.push({ code, field, message: `${field || '(settings)'}: ${what}` });
  }

  /** An object section; reports a missing required one and unknown keys. */
  section(value: unknown, at: string, keys: readonly string[], required: boolean): Obj | undefined {
    if (value === undefined) {
      if (required) this.problem('SETTINGS_MISSING', at, 'is missing: add this section');
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem('SETTINGS_WRONG_TYPE', at, `${show(value)} is not allowed: must be an object`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        this.problem(
          'SETTINGS_UNKNOWN_FIELD',
          join(at, key),
          `is not a known setting (known here: ${keys.join(', ')})`,
        );
      }
    }
    return value as Obj;
  }

  string(o: Obj, at: string, key: string, required = false): string | undefined {
    const value = o[key];
    if (value === undefined || value === '') {
      if (required) this.problem('SETTINGS_MISSING', join(at, key), 'is missing: it is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(
        'SETTINGS_WRONG_TYPE',
        join(at, key),
        `${show(value)} is not allowed: must be text`,
      );
      return undefined;
    }
    return value;
  }

  /** Identifiers written as text or as a whole number; returned as a digit string. */
  digits(
    o: Obj,
    at: string,
    key: string,
    opts: { required?: boolean; default?: string; pattern?: RegExp; describe: string },
  ): string {
    const value = o[key];
    if (value === undefined || value === '') {
      if (opts.required) {
        this.problem('SETTINGS_MISSING', join(at, key), `is missing: ${opts.describe}`);
      }
      return opts.default ?? '';
    }
    const text =
      typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? String(value)
        : typeof value === 'string'
          ? value
          : undefined;
    const pattern = opts.pattern ?? /^\d{1,18}$/;
    if (text === undefined || !pattern.test(text)) {
      this.problem(
        'SETTINGS_BAD_FORMAT',
        join(at, key),
        `${show(value)} is not allowed: ${opts.describe}`,
      );
      return opts.default ?? '';
    }
    return text;
  }

  integer(o: Obj, at: string, key: string, range: Range, opts: NumberOptions = {}): number {
    return this.number(o, at, key, range, { ...opts, whole: true });
  }

  /** A number within `range`; a `whole` one must also be an integer. */
  number(o: Obj, at: string, key: string, range: Range, opts: NumberOptions = {}): number {
    const value = o[key];
    const allowed = `allowed ${range.min}..${range.max}`;
    const why = opts.why ? ` (${opts.why})` : '';
    if (value === undefined) {
      if (opts.default !== undefined) return opts.default;
      this.problem('SETTINGS_MISSING', join(at, key), `is missing: ${allowed}${why}`);
      return Number.NaN;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(
        'SETTINGS_WRONG_TYPE',
        join(at, key),
        `${show(value)} is not a number: ${allowed}`,
      );
      return Number.NaN;
    }
    if (value < range.min || value > range.max) {
      this.problem(
        'SETTINGS_OUT_OF_RANGE',
        join(at, key),
        `${value} is out of range: ${allowed}${why}`,
      );
    }
    if (opts.whole && !Number.isInteger(value)) {
      this.problem(
        'SETTINGS_WRONG_TYPE',
        join(at, key),
        `${value} is not allowed: must be a whole number`,
      );
      return Number.NaN;
    }
    return value;
  }

  oneOf<T extends string | number>(
    o: Obj,
    at: string,
    key: string,
    allowed: readonly T[],
    fallback: T,
  ): T {
    const value = o[key];
    if (value === undefined) return fallback;
    if (!allowed.includes(value as T)) {
      const list = allowed.map((a) => show(a)).join(', ');
      this.problem(
        'SETTINGS_NOT_ALLOWED',
        join(at, key),
        `${show(value)} is not allowed: one of ${list}`,
      );
      return fallback;
    }
    return value as T;
  }

  boolean(o: Obj, at: string, key: string, fallback: boolean): boolean {
    const value = o[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(
        'SETTINGS_WRONG_TYPE',
        join(at, key),
        `${show(value)} is not allowed: true or false`,
      );
      return fallback;
    }
    return value;
  }

  /** A secret text: the environment variable wins; the value is never echoed. */
  secretString(o: Obj, at: string, key: string, envName: string): string {
    const fromEnv = this.env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if ((o[key] === undefined || o[key] === '') && this.requireSecrets) {
      this.problem(
        'SETTINGS_MISSING',
        join(at, key),
        `is missing: put it in the file or in the environment variable ${envName}`,
      );
    }
    return this.secretText(o, at, key) ?? '';
  }

  /** A secret text from the file only; undefined when absent or empty. Never echoed. */
  secretText(o: Obj, at: string, key: string): string | undefined {
    const value = o[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') {
      this.problem('SETTINGS_WRONG_TYPE', join(at, key), '(hidden) is not allowed: must be text');
      return undefined;
    }
    return value;
  }

  /** A printer password: a 4-byte number, from the file or the environment; never echoed. */
  password(o: Obj, at: string, key: string, envName: string): number {
    const fromEnv = this.env[envName];
    const { min, max } = SETTINGS_LIMITS.password;
    const allowed = `a whole number ${min}..${max}`;
    if (fromEnv !== undefined && fromEnv !== '') {
      const n = /^\d{1,10}$/.test(fromEnv) ? Number(fromEnv) : Number.NaN;
      if (!(n >= min && n <= max)) {
        this.problem(
          'SETTINGS_OUT_OF_RANGE',
          join(at, key),
          `the value of ${envName} (hidden) is not allowed: ${allowed}`,
        );
      }
      return n;
    }
    const value = o[key];
    if (value === undefined) return SETTINGS_DEFAULTS.password;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem('SETTINGS_OUT_OF_RANGE', join(at, key), `(hidden) is not allowed: ${allowed}`);
      return SETTINGS_DEFAULTS.password;
    }
    return value;
  }
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}
