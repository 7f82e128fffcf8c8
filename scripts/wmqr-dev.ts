// `npm run wmqr -- ARGS`: the CLI straight from the TypeScript sources, for development.
import { main } from '../src/cli/main';
import { registerSimulatorCommands } from '../simulator/cli/simulator-commands';

void main(process.argv, [registerSimulatorCommands]).then((code) => {
  process.exitCode = code;
});
