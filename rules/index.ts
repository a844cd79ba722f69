import type { Rule } from '../src/engine/rule.js';
import besteffortQos from './besteffort-qos.js';
import cmdDaemonizes from './cmd-daemonizes.js';
import entrypointNotExecutable from './entrypoint-not-executable.js';
import heapExceedsMemoryLimit from './heap-exceeds-memory-limit.js';
import limitBelowRequest from './limit-below-request.js';
import restartPolicyInvalid from './restart-policy-invalid.js';
import selectorMismatch from './selector-mismatch.js';
import serverRefusesRoot from './server-refuses-root.js';
import invalidImageName from './invalid-image-name.js';
import latestIfNotPresent from './latest-if-not-present.js';
import probeNeverSucceeds from './probe-never-succeeds.js';
import execHookBinaryMissing from './exec-hook-binary-missing.js';
import runAsNonRootImageRoot from './run-as-non-root-image-root.js';
import internalError from './internal-error.js';
import interpreterMissing from './interpreter-missing.js';
import missingReference from './missing-reference.js';
import parseError from './parse-error.js';
import pid1IgnoresSigterm from './pid1-ignores-sigterm.js';
import execShellCommandNotFound from './exec-shell-command-not-found.js';
import readOnlyRootWrites from './read-only-root-writes.js';
import livenessKillsSlowStart from './liveness-kills-slow-start.js';
import gracePeriodZero from './grace-period-zero.js';
import podSecurityForbidden from './pod-security-forbidden.js';
import prestopExceedsGrace from './prestop-exceeds-grace.js';
import programNotFound from './program-not-found.js';
import shellFormWithoutShell from './shell-form-without-shell.js';
import shellStaysPid1 from './shell-stays-pid1.js';
import unusedSuppression from './unused-suppression.js';

/** Every rule, in the order `--list-rules` shows them. */
export const RULES: readonly Rule[] = [
  shellStaysPid1,
  pid1IgnoresSigterm,
  entrypointNotExecutable,
  programNotFound,
  interpreterMissing,
  shellFormWithoutShell,
  cmdDaemonizes,
  serverRefusesRoot,
  besteffortQos,
  prestopExceedsGrace,
  heapExceedsMemoryLimit,
  limitBelowRequest,
  restartPolicyInvalid,
  selectorMismatch,
  invalidImageName,
  latestIfNotPresent,
  probeNeverSucceeds,
  execHookBinaryMissing,
  runAsNonRootImageRoot,
  missingReference,
  podSecurityForbidden,
  gracePeriodZero,
  livenessKillsSlowStart,
  readOnlyRootWrites,
  execShellCommandNotFound,
  parseError,
  internalError,
  unusedSuppression,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
