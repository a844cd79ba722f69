import { runRules } from './engine/run.js';
import type { Finding } from './engine/finding.js';
import type { Rule } from './engine/rule.js';
import type { RuntimeName } from './knowledge/types.js';
import { loadProject, type LoadOptions } from './model/project.js';

export interface LintOptions extends LoadOptions {
  readonly runtime: RuntimeName;
  readonly rules: readonly Rule[];
}

export interface LintResult {
  readonly findings: Finding[];
  readonly fileCount: number;
}

/** The whole pipeline: discover → parse → model → predict. */
export async function lint(paths: readonly string[], options: LintOptions): Promise<LintResult> {
  const project = await loadProject(paths, options);
  const findings = runRules(project, options.rules, { runtime: options.runtime });
  return { findings, fileCount: project.fileCount };
}
