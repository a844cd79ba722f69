import type { Finding } from '../engine/finding.js';

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings silenced by a suppression comment, annotation or the baseline (not counted above). */
  readonly suppressed: number;
  /** Present when something was rendered or skipped: charts and kustomizations rendered, the files linted through them, files not linted and why. */
  readonly rendered?: { readonly renderings: number; readonly files: number };
  readonly skipped?: readonly { readonly reason: string; readonly files: number }[];
}

export interface RenderCounts {
  readonly renderings: number;
  readonly files: number;
  readonly skipped: readonly { readonly reason: string; readonly files: number }[];
}

export function summarize(findings: readonly Finding[], files: number, rendering?: RenderCounts): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppression) suppressed++;
    else if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  const counts = { files, errors, warnings, infos, suppressed };
  if (!rendering || (rendering.renderings === 0 && rendering.skipped.length === 0)) return counts;
  return { ...counts, rendered: { renderings: rendering.renderings, files: rendering.files }, skipped: rendering.skipped };
}

/** `exit 137 on stop`, `StartError (exit 128) at create`, `rejected at admission`. */
export function describeOutcome(f: Pick<Finding, 'exitCode' | 'reason' | 'phase'>): string {
  const parts: string[] = [];
  if (f.reason && f.reason !== 'Error') parts.push(f.reason);
  if (f.exitCode !== null) parts.push(parts.length > 0 ? `(exit ${f.exitCode})` : `exit ${f.exitCode}`);
  if (parts.length === 0) return f.phase === 'admission' ? 'rejected at admission' : `fails at ${f.phase}`;
  const when = {
    admission: 'at admission',
    pull: 'on pull',
    create: 'at create',
    start: 'on start',
    run: 'while running',
    stop: 'on stop',
    oom: 'under memory pressure',
    build: 'at build',
  }[f.phase];
  return `${parts.join(' ')} ${when}`;
}

/** Messages of `parse-error` findings about the file as a whole (it could not be read at all), not about its syntax. */
const NOT_READ = /^(?:cannot read|binary file|not UTF-8|file skipped|empty file|lint-k8s could not model|symbolic link not followed)/;

/**
 * The outcome a report's headline states for a finding, or `''` when there is none to state:
 * a note about the input (an unused suppression), a file that could not be read, a manifest
 * that is not YAML (kubectl refuses it before anything reaches the API server: no admission
 * happens) or a rule that predicts a state rather than a failure (a stale `:latest`).
 * A Dockerfile that does not parse does fail at build.
 */
export function findingOutcome(f: Pick<Finding, 'ruleId' | 'severity' | 'exitCode' | 'reason' | 'phase' | 'message'>): string {
  if (f.exitCode !== null || f.reason !== null) return describeOutcome(f);
  if (f.ruleId === 'parse-error') return f.phase === 'build' && !NOT_READ.test(f.message) ? 'fails at build' : '';
  if (f.severity === 'info' || f.ruleId === 'internal-error') return '';
  return f.phase === 'admission' ? 'rejected at admission' : '';
}
