import type { Command } from 'commander';
import { NotImplementedError } from '../../core/errors';
import type { CliContext } from '../cli-context';

/** Placeholder: status, print-qr, payment-names. */
export function registerPrinterCommands(program: Command, _ctx: CliContext): void {
  program
    .command('todo-2')
    .description('(status, print-qr, payment-names: not built yet, see issue #2)')
    .action(() => {
      throw new NotImplementedError('status, print-qr, payment-names', 2);
    });
}
