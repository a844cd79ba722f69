import type { Phase, RuntimeName } from '../knowledge/types.js';
import type { RelatedLocation, Severity } from './rule.js';
import { ownedText } from '../model/common/values.js';

export { ownedText };

export interface Finding {
  readonly ruleId: string;
  /** The key of the rule's message template the finding was written with. */
  readonly messageId: string;
  /** What identifies the case apart from rule and file (message id, subject, data): fingerprints hash it, never the wording. */
  readonly identity: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly exitCode: number | null;
  readonly reason: string | null;
  readonly phase: Phase;
  readonly runtime: RuntimeName;
  readonly related: readonly RelatedLocation[];
  /** Set when a `# lint-k8s ignore=` comment, an annotation or the baseline silences it (kept for SARIF). */
  readonly suppression?: AppliedSuppression;
}

/** SARIF's suppression kinds: `inSource` (comment, annotation), `external` (the baseline file). */
export interface AppliedSuppression {
  readonly kind: 'inSource' | 'external';
  readonly justification: string;
}

/** Findings that count: shown, summarized, compared with --fail-on. */
export function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.suppression === undefined);
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Findings without repeats (same rule, place and message), in report order: file, line, column, rule.
 * Repeats compare equal, so after a stable sort they sit side by side, the first raised first.
 */
export function uniqueSorted(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  return sorted.filter((f, i) => i === 0 || compareFindings(sorted[i - 1] as Finding, f) !== 0);
}
