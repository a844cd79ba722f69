import { active, type Finding } from '../engine/finding.js';
import type { Summary } from './summary.js';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

/** The JSON report: exactly these keys per finding (a stable contract for scripts); suppressed findings are only counted. */
export function formatJson(findings: readonly Finding[], summary: Summary, tool: ToolInfo): string {
  const report = {
    tool: { name: tool.name, version: tool.version },
    findings: active(findings).map((f) => ({
      ruleId: f.ruleId,
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
    })),
    summary,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
