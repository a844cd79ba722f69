import type { RuleMeta } from '../engine/rule.js';
import { describeOutcome } from './summary.js';

export const DOCS_BASE = 'https://github.com/lint-k8s/lint-k8s/blob/main/docs/rules';

export function ruleHelpUri(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}

function predicted(meta: RuleMeta): string {
  return describeOutcome(meta.predicts);
}

/** The rule page in Markdown (SARIF help.markdown, docs/rules/ID.md). */
export function ruleMarkdown(meta: RuleMeta): string {
  const { doc } = meta;
  return [
    `# ${meta.id}`,
    '',
    `**${meta.title}** — default severity \`${meta.severity}\`, predicts ${predicted(meta)}.`,
    '',
    '## What it predicts',
    '',
    doc.whatItPredicts,
    '',
    '## Why',
    '',
    doc.why,
    '',
    '## Example',
    '',
    '```',
    doc.example,
    '```',
    '',
    '## Fix',
    '',
    doc.fix,
    ...(doc.references.length > 0 ? ['', '## References', '', ...doc.references.map((r) => `- ${r}`)] : []),
    '',
  ].join('\n');
}

/** The same page as plain text (`--explain`, SARIF help.text). */
export function ruleText(meta: RuleMeta): string {
  const { doc } = meta;
  const indent = (text: string): string =>
    text
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
  return [
    `${meta.id}: ${meta.title}`,
    `Default severity: ${meta.severity}. Predicts: ${predicted(meta)}.`,
    '',
    'What it predicts',
    indent(doc.whatItPredicts),
    '',
    'Why',
    indent(doc.why),
    '',
    'Example',
    indent(doc.example),
    '',
    'Fix',
    indent(doc.fix),
    ...(doc.references.length > 0 ? ['', 'References', ...doc.references.map((r) => `  ${r}`)] : []),
    '',
    'Messages (id: template)',
    ...Object.entries(meta.messages).map(([id, template]) => `  ${id}: ${template}`),
    '',
  ].join('\n');
}
