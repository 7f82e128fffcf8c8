import type { Command } from 'commander';
import { NotImplementedError } from '../../core/errors';
import type { CliContext } from '../cli-context';

/** Placeholder: cert check, cert convert. */
export function registerCertCommands(program: Command, _ctx: CliContext): void {
  program
    .command('todo-3')
    .description('(cert check, cert convert: not built yet, see issue #3)')
    .action(() => {
      throw new NotImplementedError('cert check, cert convert', 3);
    });
}
