import { active, type Finding } from '../engine/finding.js';
import { findingOutcome } from './summary.js';
import { xmlText } from './xml.js';

/**
 * JUnit XML, as ESLint's `junit` formatter writes it (GitLab test reports, Jenkins, Azure
 * Pipelines): a `<testsuite>` per file with findings, a failing `<testcase>` per finding
 * named after its rule. A run without findings is one passing test case, so a CI system
 * reading the file sees the check ran.
 */
export function* junitReport(findings: readonly Finding[]): Generator<string> {
  const shown = active(findings);
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  yield '<?xml version="1.0" encoding="utf-8"?>\n';
  yield `<testsuites name="lint-k8s" tests="${Math.max(1, shown.length)}" failures="${shown.length}">\n`;
  if (shown.length === 0) {
    yield '  <testsuite name="lint-k8s" tests="1" failures="0" errors="0">\n    <testcase name="lint-k8s.no-predicted-failures" classname="lint-k8s" />\n  </testsuite>\n';
  }
  for (const [file, list] of byFile) {
    yield `  <testsuite name="${xmlText(file)}" tests="${list.length}" failures="${list.length}" errors="0">\n`;
    for (const f of list) {
      const outcome = findingOutcome(f);
      yield `    <testcase name="lint-k8s.${xmlText(f.ruleId)}" classname="${xmlText(file)}">\n`;
      yield `      <failure message="${xmlText(`${outcome === '' ? '' : `${outcome}: `}${f.message}`)}" type="${f.severity}">${xmlText(`${f.severity} at ${f.file}:${f.line}:${f.column} (${f.ruleId})\n${f.message}`)}</failure>\n`;
      yield '    </testcase>\n';
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
