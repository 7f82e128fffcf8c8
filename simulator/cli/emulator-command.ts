import type { Command } from 'commander';
import { NotImplementedError } from '../../src/core/errors';
import type { CliContext } from '../../src/cli/cli-context';

/** Placeholder: wmqr emulator. */
export function registerEmulatorCommand(program: Command, _ctx: CliContext): void {
  program
    .command('emulator')
    .description('(not built yet, see issue #2)')
    .action(() => {
      throw new NotImplementedError('wmqr emulator', 2);
    });
}
