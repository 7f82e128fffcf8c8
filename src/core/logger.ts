/**
 * One leveled, structured logger, passed in. Library code logs through it and never through
 * console. Values under keys that look secret are replaced before anything is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record. */
  child(fields: LogFields): Logger;
}

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Keys whose values never reach a log line, whatever their case or surrounding words. */
const SECRET_KEY = /pass(word|phrase)?|secret|agent_?key|private|pfx|token|sign(ature)?$/i;

export const REDACTED = '[redacted]';

/** Deep copy of `value` with secret-looking keys replaced by REDACTED. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}

export interface LineLoggerOptions {
  level?: LogLevel;
  write: (line: string) => void;
  clock?: { now(): number };
  base?: LogFields;
}

/** Writes one JSON object per record: {"t":..., "level":..., "msg":..., ...fields}. */
export function createJsonLogger(options: LineLoggerOptions): Logger {
  const min = LEVEL_RANK[options.level ?? 'info'];
  const base = options.base ?? {};
  const now = () => (options.clock ?? Date).now();
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] < min) return;
    const record = { t: new Date(now()).toISOString(), level, msg, ...base, ...fields };
    options.write(JSON.stringify(redact(record)));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createJsonLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** Keeps records in memory; tests read `records` to assert what was (not) logged. */
export class MemoryLogger implements Logger {
  readonly records: Array<{ level: LogLevel; msg: string; fields: LogFields }> = [];

  constructor(
    private readonly base: LogFields = {},
    sink?: MemoryLogger,
  ) {
    if (sink) this.records = sink.records;
  }

  debug(msg: string, fields?: LogFields): void {
    this.push('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.push('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.push('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.push('error', msg, fields);
  }
  child(fields: LogFields): Logger {
    return new MemoryLogger({ ...this.base, ...fields }, this);
  }

  /** Everything logged, as one string: handy for "the secret never appears" assertions. */
  text(): string {
    return this.records.map((r) => JSON.stringify(r)).join('\n');
  }

  private push(level: LogLevel, msg: string, fields?: LogFields): void {
    this.records.push({ level, msg, fields: redact({ ...this.base, ...fields }) as LogFields });
  }
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
