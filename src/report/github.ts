import { workflowCommand, type AnnotationLevel } from './workflow-commands.js';
import { active, type Finding } from '../engine/finding.js';
import type { Severity } from '../engine/rule.js';
import { findingOutcome } from './summary.js';

const LEVEL: Readonly<Record<Severity, AnnotationLevel>> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), one per
 * finding, for a `run:` step without the Action: the runner turns them into annotations
 * (it shows at most 10 of each level per step; the Action counts the rest).
 */
export function* githubReport(findings: readonly Finding[]): Generator<string> {
  for (const f of active(findings)) {
    const outcome = findingOutcome(f);
    yield `${workflowCommand(
      LEVEL[f.severity],
      {
        file: f.file,
        line: f.line,
        endLine: f.endLine,
        col: f.column,
        endColumn: f.endLine === f.line ? f.endColumn : undefined,
        title: `lint-k8s ${f.ruleId}${outcome === '' ? '' : `: ${outcome}`}`,
      },
      f.message,
    )}\n`;
  }
}
