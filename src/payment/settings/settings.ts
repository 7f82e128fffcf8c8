/**
 * The validated, normalized settings of one cash register: the device, the gateway
 * credentials, the payment timing and the payment types. `validateSettings` builds this from
 * the JSON file; everything downstream reads only this shape. docs/settings.md documents each
 * field, docs/settings.schema.json describes the file.
 */
import type { PaySystem } from '../ports';

export type ReceiptFlow = 'classic' | 'fiscal-drive';
export type QrDisplay = 'tape' | 'display' | 'both';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type Locale = 'ru' | 'en';

export type DeviceTransport =
  { kind: 'serial'; path: string; baud: number } | { kind: 'tcp'; host: string; port: number };

export interface DeviceSettings {
  /** As written: "/dev/ttyUSB0", "COM3" or "tcp://192.168.1.50:7778". */
  connection: string;
  /** The connection parsed; the baud rate only matters on a serial port. */
  transport: DeviceTransport;
  baud: number;
  /** Password of the operator who prints receipts (a secret). */
  operatorPassword: number;
  /** System administrator password for tables and fiscal-drive commands (a secret). */
  sysadminPassword: number;
  receiptFlow: ReceiptFlow;
  qr: { moduleSize: number; errorCorrection: QrErrorCorrection };
  /** Where the QR goes: printed on the tape, shown on the customer display, or both. */
  display: QrDisplay;
}

export interface GatewaySettings {
  url: string;
  agent: string;
  /** 12 digits, or "0" when not needed. */
  wmid: string;
  posNumber: string;
  /** A secret. */
  agentKey: string;
  /** Digits, or "0". */
  crsId: string;
  /** Absolute; holds `<posNumber>.pfx`. */
  certificateFolder: string;
  /** A secret. */
  certificatePassword: string;
  /** Absolute path of a PEM file with the CA that signed the gateway's certificate. */
  caFile?: string;
  testMode: boolean;
  /** Absolute; where the gateway client keeps its reqn and id floors. */
  stateDir: string;
}

export interface PaymentTimingSettings {
  /** The whole operation: QR request, printing, the customer paying, the last poll. */
  waitSeconds: number;
  pollIntervalSeconds: number;
  /** Absolute path of the journal database. */
  journalFile: string;
}

export interface PaymentTypeSettings {
  /** Payment number in the fiscal register, 2..13 (electronic payment types). */
  paymentNumber: number;
  /** Printed name, the text of table 5 row `paymentNumber`. */
  name: string;
}

/**
 * The file's `service` section for `wmqr serve`, as written: flags and environment
 * variables win over it (`resolveServiceSettings` in src/service applies the order
 * and the defaults).
 */
export interface ServiceFileSettings {
  /** Address to listen on. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Bearer token POS programs must send on /v1/* (a secret; WMQR_HTTP_TOKEN wins). */
  token?: string;
}

export interface Settings {
  /** Language of the tape and of cashier messages. */
  locale: Locale;
  device: DeviceSettings;
  gateway: GatewaySettings;
  payment: PaymentTimingSettings;
  /** Only the enabled payment types; at least one. */
  paymentTypes: Partial<Record<PaySystem, PaymentTypeSettings>>;
  /** Present when the file has a `service` section. */
  service?: ServiceFileSettings;
}

/** Limits and defaults, in one place; docs/settings.md and the JSON schema repeat them. */
export const SETTINGS_LIMITS = {
  /** Electronic payment types of the register (ARCHITECTURE.md, "Payment numbers"). */
  paymentNumber: { min: 2, max: 13 },
  /** Table 5 field: CHAR 64 in Windows-1251 (settings guide p. 47). */
  paymentNameBytes: 64,
  qrModuleSize: { min: 3, max: 8 },
  /** Shtrih-M passwords are 4-byte integers. */
  password: { min: 0, max: 0xffff_ffff },
  waitSeconds: { min: 10, max: 3600, warnBelow: 120 },
  pollIntervalSeconds: { min: 0.5, max: 60 },
  tcpPort: { min: 1, max: 65535 },
  /** `wmqr serve`: 0 asks the system for a free port. */
  servicePort: { min: 0, max: 65535 },
  /** A shorter bearer token is too easy to guess for something that can take money. */
  serviceTokenMinLength: 16,
} as const;

export const SETTINGS_DEFAULTS = {
  locale: 'ru',
  baud: 115200,
  /** Factory default of the system administrator (SHTRIH-M.md, "Encodings"). */
  password: 30,
  receiptFlow: 'fiscal-drive',
  qrModuleSize: 5,
  qrErrorCorrection: 'M',
  display: 'tape',
  wmid: '0',
  crsId: '0',
  stateDir: 'wmqr-state',
  journalFileName: 'journal.sqlite',
  waitSeconds: 180,
  pollIntervalSeconds: 2,
} as const;

/** Environment variables that may hold the secrets instead of the file; they win over it. */
export const SECRET_ENV = {
  agentKey: 'WMQR_AGENT_KEY',
  certificatePassword: 'WMQR_CERT_PASSWORD',
  operatorPassword: 'WMQR_OPERATOR_PASSWORD',
  sysadminPassword: 'WMQR_SYSADMIN_PASSWORD',
} as const;

/** Where `wmqr` looks for the settings when --config is not given. */
export const CONFIG_ENV = 'WMQR_CONFIG';
export const DEFAULT_CONFIG_FILE = 'wmqr.config.json';
