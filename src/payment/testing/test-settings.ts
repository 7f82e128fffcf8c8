/**
 * Valid settings for tests, the Gherkin World and the demo, built through the real validator
 * (so a test cannot use a value production would refuse). Override any section.
 */
import type { Settings } from '../settings/settings';
import { validateSettings } from '../settings/validate-settings';

export interface TestSettingsOverrides {
  locale?: 'ru' | 'en';
  device?: Record<string, unknown>;
  gateway?: Record<string, unknown>;
  payment?: Record<string, unknown>;
  paymentTypes?: Record<string, unknown>;
}

export const TEST_PAYMENT_TYPES = {
  sbp: { paymentNumber: 2, name: 'СБП' },
  wm: { paymentNumber: 3, name: 'WEBMONEY' },
  wechat: { paymentNumber: 4, name: 'WECHAT PAY' },
  alipay: { paymentNumber: 5, name: 'ALIPAY' },
} as const;

export function testSettings(
  overrides: TestSettingsOverrides = {},
  baseDir = '/tmp/wmqr-test',
): Settings {
  const raw = {
    locale: overrides.locale ?? 'ru',
    device: { connection: 'tcp://127.0.0.1:7778', ...overrides.device },
    gateway: {
      url: 'https://127.0.0.1:1/qr',
      agent: '50001',
      posNumber: '100200300',
      agentKey: 'test-only-agent-key',
      certificateFolder: 'certs',
      certificatePassword: 'test-only-password',
      ...overrides.gateway,
    },
    payment: { waitSeconds: 120, pollIntervalSeconds: 2, ...overrides.payment },
    paymentTypes: overrides.paymentTypes ?? TEST_PAYMENT_TYPES,
  };
  return validateSettings(raw, { baseDir }).settings;
}
