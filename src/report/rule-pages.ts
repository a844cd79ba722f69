import type { Rule } from '../engine/rule.js';
import { describeOutcome } from './summary.js';
import { ruleMarkdown } from './rule-doc.js';

/** Rules about the input itself (an unused suppression, a crashed rule) predict no container outcome. */
function outcome(rule: Rule): string {
  const { predicts, severity } = rule.meta;
  return predicts.exitCode === null && predicts.reason === null && severity !== 'error' ? '—' : describeOutcome(predicts);
}

/** The rule pages under docs/rules/ (the SARIF `helpUri` points at them): one per rule, and an index. */
export function rulePages(rules: readonly Rule[]): Map<string, string> {
  const pages = new Map<string, string>();
  for (const rule of rules) pages.set(`${rule.meta.id}.md`, ruleMarkdown(rule.meta));
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  pages.set(
    'README.md',
    [
      '# lint-k8s rules',
      '',
      'Generated from the rule modules by `npm run docs`; do not edit by hand.',
      '',
      '| rule | severity | predicts | title |',
      '|---|---|---|---|',
      ...rules.map((r) => `| [\`${r.meta.id}\`](${r.meta.id}.md) | ${r.meta.severity} | ${cell(outcome(r))} | ${cell(r.meta.title)} |`),
      '',
    ].join('\n'),
  );
  return pages;
}
