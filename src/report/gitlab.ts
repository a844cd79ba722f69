import { active, type Finding } from '../engine/finding.js';
import type { Severity } from '../engine/rule.js';
import { crypto } from '../platform/node-builtins.js';
import { fingerprint } from './sarif.js';
import { findingOutcome } from './summary.js';

/** GitLab's Code Quality severities (info, minor, major, critical, blocker), as ESLint's and hadolint's GitLab formatters map theirs. */
const GITLAB_SEVERITY: Readonly<Record<Severity, string>> = { error: 'major', warning: 'minor', info: 'info' };

/**
 * GitLab Code Quality report (`artifacts: reports: codequality`), a JSON array of issues
 * (docs.gitlab.com/ci/testing/code_quality: description, check_name, fingerprint, severity,
 * location.path, location.lines.begin). GitLab compares fingerprints between the merge
 * request and its target branch, so the fingerprint is the line-independent one SARIF and the
 * baseline use, made unique for a second copy of the same problem in the same file.
 */
export function* gitlabReport(findings: readonly Finding[]): Generator<string> {
  let any = false;
  for (const issue of issues(active(findings))) {
    yield `${any ? ',' : '['}\n  ${JSON.stringify(issue)}`;
    any = true;
  }
  yield any ? '\n]\n' : '[]\n';
}

function* issues(findings: readonly Finding[]): Generator<Record<string, unknown>> {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const base = fingerprint(f);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const outcome = findingOutcome(f);
    yield {
      type: 'issue',
      check_name: f.ruleId,
      description: `${outcome === '' ? '' : `${outcome}: `}${f.message}`,
      categories: ['Bug Risk'],
      fingerprint: crypto().createHash('md5').update(`${base}\0${n}`).digest('hex'),
      severity: GITLAB_SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.line, end: Math.max(f.line, f.endLine) } },
    };
  }
}
