import type { Rule } from '../engine/rule.js';
import { ruleHelpUri } from './rule-doc.js';
import { describeOutcome } from './summary.js';

export type RuleListFormat = 'text' | 'json' | 'markdown';

/** `--list-rules`: one line per rule (text), an array for scripts (json) or a table for a README (markdown). */
export function ruleList(rules: readonly Rule[], format: RuleListFormat): string {
  if (format === 'json')
    return `${JSON.stringify(
      rules.map(({ meta }) => ({
        id: meta.id,
        severity: meta.severity,
        title: meta.title,
        exitCode: meta.predicts.exitCode,
        reason: meta.predicts.reason,
        phase: meta.predicts.phase,
        helpUri: ruleHelpUri(meta.id),
      })),
      null,
      2,
    )}\n`;
  if (format === 'markdown') {
    const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const rows = rules.map(
      ({ meta }) => `| [\`${meta.id}\`](${ruleHelpUri(meta.id)}) | ${meta.severity} | ${cell(describeOutcome(meta.predicts))} | ${cell(meta.title)} |`,
    );
    return ['| rule | severity | predicts | title |', '|---|---|---|---|', ...rows, ''].join('\n');
  }
  return rules.map(({ meta }) => `${meta.id.padEnd(28)} ${meta.severity.padEnd(8)} ${meta.title}\n`).join('');
}
