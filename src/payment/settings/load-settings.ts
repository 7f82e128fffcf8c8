/**
 * Finds, reads and validates the settings file. Relative paths inside it are taken from the
 * file's own folder, so a config next to its certificates works from any working directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from './settings';
import { SettingsError } from './settings-error';
import { validateSettings, type ValidatedSettings } from './validate-settings';

export interface LoadSettingsOptions {
  /** --config; else $WMQR_CONFIG; else ./wmqr.config.json. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** False for commands that never talk to the gateway. */
  requireSecrets?: boolean;
}

export interface LoadedSettings extends ValidatedSettings {
  file: string;
}

/** Which file the settings come from (absolute). */
export function resolveConfigPath(options: LoadSettingsOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const chosen = options.file ?? options.env?.[CONFIG_ENV] ?? DEFAULT_CONFIG_FILE;
  return path.resolve(cwd, chosen);
}

export function loadSettings(options: LoadSettingsOptions = {}): LoadedSettings {
  const file = resolveConfigPath(options);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new SettingsError([
      {
        code: missing ? 'SETTINGS_FILE_NOT_FOUND' : 'SETTINGS_FILE_UNREADABLE',
        field: '',
        message: missing
          ? `${file} does not exist: pass --config FILE or set ${CONFIG_ENV} ` +
            '(docs/wmqr.config.example.json is a full example)'
          : `${file} cannot be read: ${(error as Error).message}`,
      },
    ]);
  }

  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SettingsError([
      {
        code: 'SETTINGS_BAD_JSON',
        field: '',
        message: `${file} is not valid JSON: ${(error as Error).message}`,
      },
    ]);
  }

  const validated = validateSettings(raw, {
    env: options.env,
    baseDir: path.dirname(file),
    requireSecrets: options.requireSecrets,
    source: file,
  });
  return { ...validated, file };
}
