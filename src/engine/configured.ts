import type { Report, Rule } from './rule.js';
import type { LintConfig } from '../config/config.js';

/**
 * The rules a run uses under a config: `off` drops a rule, a severity replaces the one
 * the rule would report with (for every finding of that rule).
 */
export function configuredRules(rules: readonly Rule[], config: LintConfig): Rule[] {
  const out: Rule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    if (setting === 'off') continue;
    const create = rule.create;
    if (setting === undefined || !create) {
      out.push(rule);
      continue;
    }
    out.push({
      meta: { ...rule.meta, severity: setting },
      create: (context) =>
        create({ ...context, project: context.project, runtime: context.runtime, report: (r: Report) => context.report({ ...r, severity: setting }) }),
    });
  }
  return out;
}
