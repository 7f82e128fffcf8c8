import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/cli-context';
import { EXIT } from '../../src/cli/exit-codes';
import { buildProgram } from '../../src/cli/main';
import { registerSimulatorCommands } from './simulator-commands';

test('every command of wmqr is listed with a short lower-case phrase on one line', () => {
  const ctx: CliContext = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
    exitCode: EXIT.OK,
  };

  const program = buildProgram(ctx, [registerSimulatorCommands]);
  const listed = program.commands.map((c) => [c.name(), c.summary() || c.description()]);

  assert.ok(listed.some(([name]) => name === 'mock-gateway'));
  for (const [name, summary] of listed) {
    assert.match(summary, /^[a-z][^\n]{0,71}$/, `${name}: "${summary}"`);
    assert.doesNotMatch(summary, /\.$/, name);
  }
});
