import type { Finding } from '../engine/finding.js';

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings silenced by a suppression comment, annotation or the baseline (not counted above). */
  readonly suppressed: number;
}

export function summarize(findings: readonly Finding[], files: number): Summary {
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
  return { files, errors, warnings, infos, suppressed };
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
