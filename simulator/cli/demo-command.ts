import type { Command } from 'commander';
import { NotImplementedError } from '../../src/core/errors';
import type { CliContext } from '../../src/cli/cli-context';

/** Placeholder: wmqr demo. */
export function registerDemoCommand(program: Command, _ctx: CliContext): void {
  program
    .command('demo')
    .description('(not built yet, see issue #4)')
    .action(() => {
      throw new NotImplementedError('wmqr demo', 4);
    });
}
