#!/usr/bin/env node
'use strict';
// The installed command runs the compiled code (built by `npm run build`, or by `npm ci`
// through the prepare script). Simulator commands are added here, not in the core.
const { main } = require('../dist/src/cli/main.js');
const { registerSimulatorCommands } = require('../dist/simulator/cli/simulator-commands.js');

main(process.argv, [registerSimulatorCommands]).then((code) => {
  process.exitCode = code;
});
