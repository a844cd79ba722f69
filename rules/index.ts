import type { Rule } from '../src/engine/rule.js';
import besteffortQos from './besteffort-qos.js';
import entrypointNotExecutable from './entrypoint-not-executable.js';
import internalError from './internal-error.js';
import parseError from './parse-error.js';
import prestopExceedsGrace from './prestop-exceeds-grace.js';
import shellStaysPid1 from './shell-stays-pid1.js';
import unusedSuppression from './unused-suppression.js';

/** Every rule, in the order `--list-rules` shows them. */
export const RULES: readonly Rule[] = [
  shellStaysPid1,
  entrypointNotExecutable,
  besteffortQos,
  prestopExceedsGrace,
  parseError,
  internalError,
  unusedSuppression,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
