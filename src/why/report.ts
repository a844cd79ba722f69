import type { Check } from '../knowledge/exit-codes.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { Meaning, Timing } from './explain.js';
import type { ExplainingFinding } from './match.js';

/** The answer for one container state: the `--format json` shape of an explanation (documented in README.md). */
export interface ContainerAnswer {
  readonly container: string;
  readonly role: 'init' | 'container' | 'ephemeral';
  readonly restartCount: number;
  readonly observed: {
    readonly field: 'state' | 'lastState';
    readonly state: 'terminated' | 'waiting';
    readonly exitCode: number | null;
    readonly signal: number | null;
    readonly reason: string | null;
    readonly message: string | null;
    readonly startedAt: string | null;
    readonly finishedAt: string | null;
  };
  readonly meaning: readonly Meaning[];
  readonly timing: Timing | null;
  readonly notes: readonly Meaning[];
  /** The repository container this was joined to, when one was found. */
  readonly joined: { readonly file: string; readonly line: number; readonly dockerfile: string | null; readonly via: string } | null;
  readonly explainedBy: readonly ExplainingFinding[];
  /** What to check, in order, when nothing in the repository explains it (empty otherwise). */
  readonly checks: readonly Check[];
}

export interface PodAnswer {
  readonly namespace: string;
  readonly name: string;
  readonly runtime: RuntimeName;
  readonly runtimeFrom: string;
  readonly workload: {
    readonly kind: string;
    readonly name: string;
    readonly namespace: string | null;
    readonly file: string;
    readonly line: number;
    readonly by: string;
  } | null;
  readonly containers: readonly ContainerAnswer[];
}

export interface WhyReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly pods: readonly PodAnswer[];
  readonly summary: { readonly pods: number; readonly observations: number; readonly explained: number };
}

function observedLine(a: ContainerAnswer): string {
  const o = a.observed;
  const parts = [`${o.field}.${o.state}`];
  if (o.exitCode !== null) parts.push(`exit ${o.exitCode}`);
  if (o.reason !== null) parts.push(`reason ${o.reason}`);
  parts.push(`restarts ${a.restartCount}`);
  return parts.join(', ');
}

const where = (e: ExplainingFinding): string => `${e.finding.file}:${e.finding.line}:${e.finding.column}`;

/** "this 137 is predicted by api/Dockerfile:16:1 (shell-stays-pid1)". */
function predictedBy(a: ContainerAnswer, e: ExplainingFinding): string {
  const what = a.observed.exitCode !== null ? `this ${a.observed.exitCode}` : `this ${a.observed.reason ?? 'state'}`;
  const how =
    e.match === 'exact'
      ? 'is predicted by'
      : e.match === 'runtime-version'
        ? 'is predicted (as 255 on runc ≥ 1.2; 1 on runc ≤ 1.1 and crun) by'
        : e.match === 'restart'
          ? 'is the stop of a kubelet restart predicted by'
          : 'has the reason predicted by';
  return `${what} ${how} ${where(e)} (${e.finding.ruleId})`;
}

function header(p: PodAnswer): string {
  const workload = p.workload ? `${p.workload.kind} ${p.workload.name} (${p.workload.file}:${p.workload.line})` : 'workload not found in the paths';
  return `${p.namespace}/${p.name}: ${workload}, runtime ${p.runtime} (${p.runtimeFrom})`;
}

export function stylishWhy(report: WhyReport, color: boolean): string {
  const bold = (s: string): string => (color ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string): string => (color ? `\u001b[2m${s}\u001b[22m` : s);
  const lines: string[] = [];
  for (const p of report.pods) {
    lines.push(bold(header(p)));
    for (const a of p.containers) {
      lines.push(`  container ${a.container}${a.role === 'container' ? '' : ` (${a.role})`}: ${observedLine(a)}`);
      if (a.observed.message) lines.push(`    message: ${a.observed.message}`);
      for (const m of a.meaning) lines.push(`    ${m.text}`);
      if (a.timing) lines.push(`    timing: ${a.timing.text}`);
      for (const n of a.notes) lines.push(`    note: ${n.text}`);
      if (a.explainedBy.length > 0) {
        for (const e of a.explainedBy) lines.push(`    ${bold(predictedBy(a, e))}: ${e.finding.message}`);
      } else {
        lines.push(
          `    ${a.joined ? `nothing in the repository explains it (joined to ${a.joined.file}:${a.joined.line})` : 'nothing in the repository explains it (no workload or image of the paths runs this container)'}; check, in order:`,
        );
        a.checks.forEach((c, i) => lines.push(`      ${i + 1}. ${c.step} [${c.field}]`));
      }
      const sources = [...new Set([...a.meaning, ...a.notes].flatMap((m) => m.sources))];
      if (sources.length > 0) lines.push(dim(`    sources: ${sources.join('; ')}`));
    }
    lines.push('');
  }
  const s = report.summary;
  lines.push(
    `${s.explained} of ${s.observations} container state${s.observations === 1 ? '' : 's'} explained by the repository's findings (${s.pods} pod${s.pods === 1 ? '' : 's'})`,
  );
  return `${lines.join('\n')}\n`;
}

export function markdownWhy(report: WhyReport): string {
  const out: string[] = [];
  const code = (s: string): string => `\`${s.replace(/`/g, 'ˋ')}\``;
  for (const p of report.pods) {
    out.push(`### ${code(`${p.namespace}/${p.name}`)}`, '');
    out.push(
      p.workload
        ? `Workload: ${p.workload.kind} ${code(p.workload.name)} in ${code(`${p.workload.file}:${p.workload.line}`)} (${p.workload.by}). Runtime: ${p.runtime} (${p.runtimeFrom}).`
        : `Workload: not found in the paths. Runtime: ${p.runtime} (${p.runtimeFrom}).`,
      '',
    );
    for (const a of p.containers) {
      out.push(`#### Container ${code(a.container)}${a.role === 'container' ? '' : ` (${a.role})`}: ${observedLine(a)}`, '');
      if (a.observed.message) out.push(`> ${a.observed.message.replace(/\n/g, ' ')}`, '');
      for (const m of a.meaning) out.push(`- ${m.text}`);
      if (a.timing) out.push(`- Timing: ${a.timing.text}`);
      for (const n of a.notes) out.push(`- Note: ${n.text}`);
      out.push('');
      if (a.explainedBy.length > 0) {
        out.push('**Explained by:**', '');
        for (const e of a.explainedBy)
          out.push(
            `- ${predictedBy(a, e)
              .replace(where(e), code(where(e)))
              .replace(`(${e.finding.ruleId})`, `(${code(e.finding.ruleId)})`)}: ${e.finding.message}`,
          );
      } else {
        out.push('**Nothing in the repository explains it.** Check, in order:', '');
        a.checks.forEach((c, i) => out.push(`${i + 1}. ${c.step} (${code(c.field)})`));
      }
      out.push('');
      const sources = [...new Set([...a.meaning, ...a.notes].flatMap((m) => m.sources))];
      if (sources.length > 0) out.push(`<sub>Sources: ${sources.join('; ')}</sub>`, '');
    }
  }
  const s = report.summary;
  out.push(`${s.explained} of ${s.observations} container state${s.observations === 1 ? '' : 's'} explained by the repository's findings.`);
  return `${out.join('\n')}\n`;
}

/** `--format json`: the report as it is, findings reduced to the keys of the linter's JSON report. */
export function jsonWhy(report: WhyReport): string {
  const finding = (e: ExplainingFinding): Record<string, unknown> => ({
    ruleId: e.finding.ruleId,
    messageId: e.finding.messageId,
    severity: e.finding.severity,
    message: e.finding.message,
    file: e.finding.file,
    line: e.finding.line,
    column: e.finding.column,
    endLine: e.finding.endLine,
    endColumn: e.finding.endColumn,
    exitCode: e.finding.exitCode,
    reason: e.finding.reason,
    phase: e.finding.phase,
    match: e.match,
    scope: e.scope,
  });
  const pods = report.pods.map((p) => ({ ...p, containers: p.containers.map((a) => ({ ...a, explainedBy: a.explainedBy.map(finding) })) }));
  return `${JSON.stringify({ ...report, pods }, null, 2)}\n`;
}
