import type { Rule } from '../src/engine/rule.js';
import besteffortQos from './besteffort-qos.js';
import cmdDaemonizes from './cmd-daemonizes.js';
import entrypointNotExecutable from './entrypoint-not-executable.js';
import internalError from './internal-error.js';
import interpreterMissing from './interpreter-missing.js';
import parseError from './parse-error.js';
import pid1IgnoresSigterm from './pid1-ignores-sigterm.js';
import prestopExceedsGrace from './prestop-exceeds-grace.js';
import programNotFound from './program-not-found.js';
import shellFormWithoutShell from './shell-form-without-shell.js';
import shellStaysPid1 from './shell-stays-pid1.js';

/** Every rule, in the order `--list-rules` shows them. */
export const RULES: readonly Rule[] = [
  shellStaysPid1,
  pid1IgnoresSigterm,
  entrypointNotExecutable,
  programNotFound,
  interpreterMissing,
  shellFormWithoutShell,
  cmdDaemonizes,
  besteffortQos,
  prestopExceedsGrace,
  parseError,
  internalError,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
