import { runAction } from './main.js';

// The action's entry (bundled into action/index.js): workflow commands go to standard output.
process.exitCode = await runAction({ env: process.env, cwd: process.cwd(), log: (line) => process.stdout.write(`${line}\n`) });
