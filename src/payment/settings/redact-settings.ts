import { REDACTED } from '../../core/logger';
import type { Settings } from './settings';

/**
 * A copy of the settings that is safe to print or log: the agent key, the
 * certificate password, the printer passwords and the HTTP service token are
 * replaced (an empty secret shows as "(not set)").
 */
export function redactSettings(settings: Settings): Settings {
  const hide = <T>(value: T): T => (value === '' ? ('(not set)' as T) : (REDACTED as T));
  const redacted: Settings = {
    ...settings,
    device: {
      ...settings.device,
      operatorPassword: hide(settings.device.operatorPassword),
      sysadminPassword: hide(settings.device.sysadminPassword),
    },
    gateway: {
      ...settings.gateway,
      agentKey: hide(settings.gateway.agentKey),
      certificatePassword: hide(settings.gateway.certificatePassword),
    },
  };
  const service = settings.service;
  if (service?.token !== undefined) {
    redacted.service = { ...service, token: hide(service.token) };
  }
  return redacted;
}
