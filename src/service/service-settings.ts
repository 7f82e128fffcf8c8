/**
 * Where the local HTTP service listens and who may call it. Taken from the command line
 * first, then the environment, then the settings file's `service` section, then the
 * defaults below. The token has no flag (a flag would show in the process list).
 */
import { WmqrError } from '../core/errors';
import { isListenHost } from '../payment/settings/listen-host';
import { SETTINGS_LIMITS, type ServiceFileSettings } from '../payment/settings/settings';

export interface ServiceSettings {
  /** Address to listen on; loopback by default so only programs on this till can call. */
  host: string;
  /** TCP port; 0 picks a free one (the real port is printed and returned). */
  port: number;
  /** Bearer token POS programs must send on /v1/*; undefined = no token needed. A secret. */
  token?: string;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
}

export const SERVICE_DEFAULTS = {
  host: '127.0.0.1',
  port: 7790,
  bodyLimitBytes: 64 * 1024,
  /** SSE comment lines keep idle streams open through proxies and browser timeouts. */
  heartbeatMs: 15_000,
  /** Finished payments kept in memory for GET /v1/payments/:id (the journal keeps all). */
  keepRuns: 50,
} as const;

/** The same limits the settings file's `service` section is validated against. */
export const SERVICE_LIMITS = {
  port: SETTINGS_LIMITS.servicePort,
  tokenMinLength: SETTINGS_LIMITS.serviceTokenMinLength,
} as const;

export const SERVICE_ENV = {
  host: 'WMQR_HTTP_HOST',
  port: 'WMQR_HTTP_PORT',
  token: 'WMQR_HTTP_TOKEN',
} as const;

export interface ServiceSettingsSources {
  /** --host, --port as typed. */
  flags?: { host?: string; port?: string };
  env?: NodeJS.ProcessEnv;
  /** The settings file's `service` section (`settings.service`). */
  file?: ServiceFileSettings;
}

export function resolveServiceSettings(sources: ServiceSettingsSources = {}): ServiceSettings {
  const env = sources.env ?? {};
  const file = sources.file ?? {};

  const hostText = sources.flags?.host ?? env[SERVICE_ENV.host] ?? file.host;
  const host =
    hostText === undefined ? SERVICE_DEFAULTS.host : checkHost(hostText, from(sources, 'host'));

  const portFlag = sources.flags?.port ?? env[SERVICE_ENV.port];
  const port =
    portFlag !== undefined
      ? parsePort(portFlag, from(sources, 'port'))
      : file.port !== undefined
        ? parsePort(String(file.port), 'service.port')
        : SERVICE_DEFAULTS.port;

  // An empty variable counts as unset, as for the other secrets: it must not switch off
  // the token the file asks for.
  const envToken = env[SERVICE_ENV.token] || undefined;
  const tokenText = envToken ?? file.token;
  const token =
    tokenText === undefined || tokenText === ''
      ? undefined
      : checkToken(tokenText, envToken === undefined ? 'service.token' : SERVICE_ENV.token);

  return { host, port, token, bodyLimitBytes: SERVICE_DEFAULTS.bodyLimitBytes };
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function from(sources: ServiceSettingsSources, key: 'host' | 'port'): string {
  if (sources.flags?.[key] !== undefined) return `--${key}`;
  if (sources.env?.[SERVICE_ENV[key]] !== undefined) return SERVICE_ENV[key];
  return `service.${key}`;
}

function parsePort(text: string, where: string): number {
  const { min, max } = SERVICE_LIMITS.port;
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(port >= min && port <= max)) {
    throw new WmqrError(
      'SERVICE_BAD_PORT',
      `${where} "${text}" is not a port: give ${min}..${max} (0 picks a free port)`,
      { details: { where } },
    );
  }
  return port;
}

function checkHost(text: string, where: string): string {
  const host = text.trim();
  if (!isListenHost(host)) {
    throw new WmqrError(
      'SERVICE_BAD_HOST',
      `${where} "${text}" is not an address to listen on: give e.g. 127.0.0.1 (this till only) ` +
        'or 0.0.0.0 (every network interface; then set a token)',
      { details: { where } },
    );
  }
  return host;
}

function checkToken(token: string, where: string): string {
  // Only the length is reported: the value is a secret.
  if (token.length < SERVICE_LIMITS.tokenMinLength || /\s/.test(token)) {
    throw new WmqrError(
      'SERVICE_BAD_TOKEN',
      `${where} must be at least ${SERVICE_LIMITS.tokenMinLength} characters without ` +
        `spaces (it has ${token.length}); e.g. generate one with "openssl rand -hex 24"`,
    );
  }
  return token;
}
