import { active, type Finding } from '../engine/finding.js';
import type { Summary } from './summary.js';
import { jsonWithItems } from './write.js';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

/** The JSON report: exactly these keys per finding (a stable contract for scripts); suppressed findings are only counted. */
export function* jsonReport(findings: readonly Finding[], summary: Summary, tool: ToolInfo): Generator<string> {
  const envelope = JSON.stringify({ tool: { name: tool.name, version: tool.version }, findings: [], summary }, null, 2);
  yield* jsonWithItems(envelope, 'findings', shownFindings(findings));
  yield '\n';
}

/** The keys of a finding in the JSON report, in order; made one at a time, as the report is written. */
function* shownFindings(findings: readonly Finding[]): Generator<Record<string, unknown>> {
  for (const f of active(findings))
    yield {
      ruleId: f.ruleId,
      messageId: f.messageId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      exitCode: f.exitCode,
      reason: f.reason,
      phase: f.phase,
      runtime: f.runtime,
    };
}

/** The JSON report as one string. */
export function formatJson(findings: readonly Finding[], summary: Summary, tool: ToolInfo): string {
  return [...jsonReport(findings, summary, tool)].join('');
}
