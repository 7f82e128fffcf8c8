import type { Command } from 'commander';
import { NotImplementedError } from '../../src/core/errors';
import type { CliContext } from '../../src/cli/cli-context';

/** Placeholder: wmqr mock-gateway. */
export function registerMockGatewayCommand(program: Command, _ctx: CliContext): void {
  program
    .command('mock-gateway')
    .description('(not built yet, see issue #3)')
    .action(() => {
      throw new NotImplementedError('wmqr mock-gateway', 3);
    });
}
