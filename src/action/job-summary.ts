import type { Phase } from '../knowledge/types.js';
import { findingOutcome } from '../report/summary.js';

/** One result as the action reads it back from the SARIF file lint-k8s wrote. */
export interface ActionFinding {
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly exitCode: number | null;
  readonly reason: string | null;
  readonly phase: Phase;
  readonly related: readonly string[];
  readonly suppressed: boolean;
}

export interface JobSummaryInput {
  readonly findings: readonly ActionFinding[];
  readonly suppressed: number;
  readonly changedOnly: string | undefined;
  /** `https://github.com/OWNER/REPO/blob/SHA` when the run tells it: locations become links. */
  readonly blobBase: string | undefined;
}

/** Rows shown in the job summary; the rest are counted (the summary is limited to 1 MiB per step). */
export const SUMMARY_ROWS = 50;

const ICON = { error: '🔴', warning: '🟠', note: '🔵' } as const;

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SEVERITY = { error: 'error', warning: 'warning', note: 'info' } as const;

/** The predicted outcome as the CLI's headline states it (`findingOutcome`), `—` when there is none. */
export function outcomeOf(f: Pick<ActionFinding, 'ruleId' | 'level' | 'exitCode' | 'reason' | 'phase' | 'message'>): string {
  return findingOutcome({ ...f, severity: SEVERITY[f.level] }) || '—';
}

/** Markdown for `$GITHUB_STEP_SUMMARY`: what will happen, where, so a reviewer sees it at a glance. */
export function jobSummary(input: JobSummaryInput): string {
  const { findings } = input;
  const count = (level: ActionFinding['level']): number => findings.filter((f) => f.level === level).length;
  const lines = ['## lint-k8s: predicted container failures', ''];
  const scope = input.changedOnly ? ` (findings touching files changed since ${input.changedOnly})` : '';
  const silenced = input.suppressed > 0 ? `; ${input.suppressed} suppressed` : '';
  if (findings.length === 0) {
    lines.push(`✅ No predicted failures${scope}${silenced}.`, '');
    return `${lines.join('\n')}\n`;
  }
  lines.push(`**${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('note')} info**${scope}${silenced}.`, '');
  lines.push('| | predicted outcome | where | rule | why |', '|---|---|---|---|---|');
  for (const f of findings.slice(0, SUMMARY_ROWS)) {
    const where = `${f.file}:${f.line}`;
    const link = input.blobBase ? `[${cell(where)}](${input.blobBase}/${f.file.split('/').map(encodeURIComponent).join('/')}#L${f.line})` : `\`${cell(where)}\``;
    lines.push(`| ${ICON[f.level]} | **${cell(outcomeOf(f))}** | ${link} | \`${f.ruleId}\` | ${cell(f.message)} |`);
  }
  if (findings.length > SUMMARY_ROWS) lines.push('', `…and ${findings.length - SUMMARY_ROWS} more: see the SARIF file or code scanning.`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}
