import { active, type Finding } from '../engine/finding.js';
import { findingOutcome } from './summary.js';
import { xmlText } from './xml.js';

/**
 * Checkstyle XML (the format ESLint's `checkstyle` formatter and hadolint's `--format checkstyle`
 * write), read by Jenkins' warnings-ng, reviewdog and SonarQube: one `<file>` per file, one
 * `<error>` per finding; `source` is `lint-k8s.<rule>`.
 */
export function* checkstyleReport(findings: readonly Finding[]): Generator<string> {
  yield '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  let current: string | undefined;
  for (const f of active(findings)) {
    if (f.file !== current) {
      if (current !== undefined) yield '  </file>\n';
      yield `  <file name="${xmlText(f.file)}">\n`;
      current = f.file;
    }
    const message = `${findingOutcome(f) === '' ? '' : `${findingOutcome(f)}: `}${f.message}`;
    yield `    <error line="${f.line}" column="${f.column}" severity="${f.severity}" message="${xmlText(message)}" source="lint-k8s.${xmlText(f.ruleId)}" />\n`;
  }
  if (current !== undefined) yield '  </file>\n';
  yield '</checkstyle>\n';
}
