/**
 * The simulators' commands, added to `wmqr` by the entry point: emulator, mock-gateway, demo.
 * Each group is its own module; this one only lists them.
 */
import type { Command } from 'commander';
import type { CliContext } from '../../src/cli/cli-context';
import { registerEmulatorCommand } from './emulator-command';
import { registerMockGatewayCommand } from './mock-gateway-command';
import { registerDemoCommand } from './demo-command';

export function registerSimulatorCommands(program: Command, ctx: CliContext): void {
  registerEmulatorCommand(program, ctx);
  registerMockGatewayCommand(program, ctx);
  registerDemoCommand(program, ctx);
}
