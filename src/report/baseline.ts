import { readFileSync, writeFileSync } from 'node:fs';
import type { Finding } from '../engine/finding.js';
import { fingerprint, legacyFingerprint } from './sarif.js';

/**
 * A baseline: the findings a team accepted when adopting lint-k8s. Entries are matched by
 * rule, file and the line-independent fingerprint SARIF uses (`partialFingerprints`), so
 * editing above a finding does not make it new; a count per entry keeps a second copy of
 * the same problem in the same file new.
 */
export interface BaselineEntry {
  readonly ruleId: string;
  readonly file: string;
  readonly fingerprint: string;
  /** The message when the baseline was written: for the reviewer of the file, not for matching. */
  readonly message: string;
}

export interface Baseline {
  readonly version: 1;
  readonly tool: 'lint-k8s';
  readonly findings: readonly BaselineEntry[];
}

export class BaselineError extends Error {}

function entryKey(e: Pick<BaselineEntry, 'ruleId' | 'file' | 'fingerprint'>): string {
  return `${e.ruleId}\0${e.file}\0${e.fingerprint}`;
}

export function baselineOf(findings: readonly Finding[]): Baseline {
  return {
    version: 1,
    tool: 'lint-k8s',
    findings: findings.filter((f) => !f.suppression).map((f) => ({ ruleId: f.ruleId, file: f.file, fingerprint: fingerprint(f), message: f.message })),
  };
}

export function writeBaseline(file: string, findings: readonly Finding[]): void {
  writeFileSync(file, `${JSON.stringify(baselineOf(findings), null, 2)}\n`);
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(
      code === 'ENOENT'
        ? `baseline ${file} does not exist; create it with --baseline ${file} --write-baseline`
        : `cannot read baseline ${file}: ${code ?? String(error)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`baseline ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const findings = (value as { findings?: unknown } | null)?.findings;
  if ((value as { version?: unknown } | null)?.version !== 1 || !Array.isArray(findings))
    throw new BaselineError(`baseline ${file} is not a lint-k8s baseline (version 1 with a findings list)`);
  const entries: BaselineEntry[] = [];
  findings.forEach((e: unknown, i) => {
    const entry = e as Partial<BaselineEntry> | null;
    if (typeof entry?.ruleId !== 'string' || typeof entry.file !== 'string' || typeof entry.fingerprint !== 'string')
      throw new BaselineError(`baseline ${file}: findings[${i}] needs string ruleId, file and fingerprint`);
    entries.push({ ruleId: entry.ruleId, file: entry.file, fingerprint: entry.fingerprint, message: typeof entry.message === 'string' ? entry.message : '' });
  });
  return { version: 1, tool: 'lint-k8s', findings: entries };
}

/**
 * Marks the findings the baseline already holds as suppressed (`external`): only new ones count.
 * An entry written by lint-k8s 0.1 holds the message-text fingerprint and still matches by it.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, file: string): Finding[] {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) remaining.set(entryKey(e), (remaining.get(entryKey(e)) ?? 0) + 1);
  const take = (key: string): boolean => {
    const left = remaining.get(key) ?? 0;
    if (left === 0) return false;
    remaining.set(key, left - 1);
    return true;
  };
  return findings.map((f) => {
    if (f.suppression) return f;
    const { ruleId, file: findingFile } = f;
    if (
      !take(entryKey({ ruleId, file: findingFile, fingerprint: fingerprint(f) })) &&
      !take(entryKey({ ruleId, file: findingFile, fingerprint: legacyFingerprint(f) }))
    )
      return f;
    return { ...f, suppression: { kind: 'external' as const, justification: `accepted in baseline ${file}` } };
  });
}
