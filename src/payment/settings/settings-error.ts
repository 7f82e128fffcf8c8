import { WmqrError } from '../../core/errors';

/** One thing wrong with the settings: which field, and what is allowed. */
export interface SettingsProblem {
  code: string;
  /** Dotted path, e.g. "paymentTypes.sbp.paymentNumber". */
  field: string;
  message: string;
}

/**
 * The settings cannot be used. `code` is the first problem's code (all start with
 * SETTINGS_); `details.problems` lists every problem found, so one run shows them all.
 */
export class SettingsError extends WmqrError {
  readonly problems: readonly SettingsProblem[];

  constructor(problems: SettingsProblem[], source?: string) {
    const where = source ? ` in ${source}` : '';
    const head =
      problems.length === 1
        ? `Settings${where} are not valid: ${problems[0].message}`
        : `Settings${where} are not valid (${problems.length} problems):\n` +
          problems.map((p) => `  - ${p.message}`).join('\n');
    super(problems[0]?.code ?? 'SETTINGS_INVALID', head, {
      details: { problems, source },
    });
    this.problems = problems;
  }
}

/** A problem that does not stop the program but should be shown (e.g. a short wait). */
export interface SettingsWarning {
  code: string;
  field: string;
  message: string;
}
