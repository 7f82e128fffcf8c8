/**
 * The settings file of a simulated shop: the same JSON a real till uses (docs/settings.md),
 * pointing at the running emulator and mock gateway, with the test certificates. It is a real
 * file so that the payment core reads and validates it exactly as in production, and so that
 * `wmqr journal --config <it>` can list the shop's journal afterwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TEST_AGENT, TEST_AGENT_KEY, TEST_POINT } from '../../certs-test/make-certs';
import type { PaySystem } from '../../src/payment/ports';

export interface ShopPaymentType {
  paymentNumber: number;
  name: string;
}

/** What a test or the demo may choose; everything else follows from the running simulators. */
export interface ShopSettingsChoices {
  locale?: 'ru' | 'en';
  /** The enabled payment types (default SHOP_PAYMENT_TYPES). Numbers are not checked here. */
  paymentTypes?: Partial<Record<PaySystem, ShopPaymentType>>;
  waitSeconds?: number;
  pollIntervalSeconds?: number;
  receiptFlow?: 'classic' | 'fiscal-drive';
  /** Default: the test certificates' folder of good point certificates. */
  certificateFolder?: string;
  /** Default: the test certificates' password. */
  certificatePassword?: string;
}

/** The live addresses and files the settings point at. */
export interface ShopSettingsTargets {
  /** tcp://127.0.0.1:<port> of the emulator. */
  emulatorAddress: string;
  gatewayUrl: string;
  pointFolder: string;
  password: string;
  caCertFile: string;
}

export const SHOP_PAYMENT_TYPES: Readonly<Record<PaySystem, ShopPaymentType>> = {
  sbp: { paymentNumber: 2, name: 'СБП' },
  wm: { paymentNumber: 3, name: 'WEBMONEY' },
  wechat: { paymentNumber: 4, name: 'WECHAT PAY' },
  alipay: { paymentNumber: 5, name: 'ALIPAY' },
};

export const SHOP_SETTINGS_DEFAULTS = {
  fileName: 'wmqr.config.json',
  journalFile: 'journal.sqlite',
  stateDir: 'gateway-state',
  waitSeconds: 120,
  pollIntervalSeconds: 2,
} as const;

/** The settings file's content (unvalidated: a test may write a wrong value on purpose). */
export function shopSettingsJson(
  targets: ShopSettingsTargets,
  choices: ShopSettingsChoices = {},
): Record<string, unknown> {
  return {
    locale: choices.locale ?? 'ru',
    device: {
      connection: targets.emulatorAddress,
      receiptFlow: choices.receiptFlow ?? 'fiscal-drive',
    },
    gateway: {
      url: targets.gatewayUrl,
      agent: TEST_AGENT,
      posNumber: TEST_POINT,
      agentKey: TEST_AGENT_KEY,
      certificateFolder: choices.certificateFolder ?? targets.pointFolder,
      certificatePassword: choices.certificatePassword ?? targets.password,
      caFile: targets.caCertFile,
      testMode: true,
      stateDir: SHOP_SETTINGS_DEFAULTS.stateDir,
    },
    payment: {
      waitSeconds: choices.waitSeconds ?? SHOP_SETTINGS_DEFAULTS.waitSeconds,
      pollIntervalSeconds:
        choices.pollIntervalSeconds ?? SHOP_SETTINGS_DEFAULTS.pollIntervalSeconds,
      journalFile: SHOP_SETTINGS_DEFAULTS.journalFile,
    },
    paymentTypes: choices.paymentTypes ?? SHOP_PAYMENT_TYPES,
  };
}

export function writeShopSettings(file: string, json: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`, 'utf8');
}
