import type { RuntimeName } from '../knowledge/types.js';
import { WHOLE_FILE, at, type Location } from '../model/location.js';
import type { ProjectModel } from '../model/project.js';
import { compareFindings, type Finding } from './finding.js';
import type { Report, Rule, RuleContext, RuleMeta } from './rule.js';

export interface RunOptions {
  readonly runtime: RuntimeName;
}

/** Ids of the findings the engine itself raises (their metadata lives in rules/ like any rule). */
export const PARSE_ERROR = 'parse-error';
export const INTERNAL_ERROR = 'internal-error';

export function toFinding(meta: RuleMeta, report: Report, runtime: RuntimeName): Finding {
  return {
    ruleId: meta.id,
    severity: report.severity ?? meta.severity,
    message: report.message,
    file: report.at.file,
    line: report.at.line,
    column: report.at.column,
    endLine: report.at.endLine,
    endColumn: report.at.endColumn,
    exitCode: report.exitCode === undefined ? meta.predicts.exitCode : report.exitCode,
    reason: report.reason === undefined ? meta.predicts.reason : report.reason,
    phase: report.phase ?? meta.predicts.phase,
    runtime,
    related: report.related ?? [],
  };
}

/**
 * Runs every rule over every model. A rule that throws does not stop the others:
 * its exception becomes an `internal-error` finding at the input it was looking at.
 */
export function runRules(project: ProjectModel, rules: readonly Rule[], options: RunOptions): Finding[] {
  const findings: Finding[] = [];
  const byId = new Map(rules.map((r) => [r.meta.id, r.meta]));
  const parseMeta = byId.get(PARSE_ERROR);
  const internalMeta = byId.get(INTERNAL_ERROR);

  if (parseMeta) for (const problem of project.problems) findings.push(toFinding(parseMeta, { at: problem.at, message: problem.message, phase: problem.phase, severity: problem.severity }, options.runtime));

  const guard = (rule: Rule, where: Location, check: (context: RuleContext) => void): void => {
    const context: RuleContext = {
      runtime: options.runtime,
      project,
      report: (report) => findings.push(toFinding(rule.meta, report, options.runtime)),
    };
    try {
      check(context);
    } catch (error) {
      if (!internalMeta) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      findings.push(toFinding(internalMeta, { at: where, message: `rule ${rule.meta.id} failed on this input: ${detail}` }, options.runtime));
    }
  };

  for (const rule of rules) {
    const { image, workload } = rule;
    if (image) for (const model of project.images) guard(rule, at(model.file, WHOLE_FILE), (context) => image(model, context));
    if (workload) for (const model of project.workloads) guard(rule, model.at(model.objectPath), (context) => workload(model, context));
  }
  return dedupe(findings).sort(compareFindings);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
