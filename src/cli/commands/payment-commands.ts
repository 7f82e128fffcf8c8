import type { Command } from 'commander';
import { NotImplementedError } from '../../core/errors';
import type { CliContext } from '../cli-context';

/** Placeholder: pay, journal, recover, setup-payment-names. */
export function registerPaymentCommands(program: Command, _ctx: CliContext): void {
  program
    .command('todo-4')
    .description('(pay, journal, recover, setup-payment-names: not built yet, see issue #4)')
    .action(() => {
      throw new NotImplementedError('pay, journal, recover, setup-payment-names', 4);
    });
}
