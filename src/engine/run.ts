import type { RuntimeName } from '../knowledge/types.js';
import type { ImageModel } from '../model/image.js';
import { WHOLE_FILE, at, type Location } from '../parse/location.js';
import type { KubernetesObject } from '../model/workload/workload.js';
import type { JoinedWorkload } from '../model/join.js';
import { ownedText, uniqueSorted, type Finding } from './finding.js';
import type { InputProblem } from '../model/common/problem.js';
import type { ProjectIndex, RelatedLocation, Report, Rule, RuleMeta, RuleVisitors } from './rule.js';
import { applySuppressions, UNUSED_SUPPRESSION, type FileSuppressions } from './suppress.js';

/** Ids of the findings the engine itself raises (their metadata lives in rules/ like any rule). */
export const PARSE_ERROR = 'parse-error';
export const INTERNAL_ERROR = 'internal-error';

const NO_RELATED: readonly RelatedLocation[] = Object.freeze([]);

/** A finding as kept until the report: its texts are copies of their own (see `ownedText`), its locations plain data. */
export function toFinding(meta: RuleMeta, report: Report, runtime: RuntimeName): Finding {
  const message = renderMessage(meta, report);
  return {
    ruleId: meta.id,
    messageId: report.messageId,
    identity: ownedText(identityOf(report)),
    severity: report.severity ?? meta.severity,
    message: ownedText(report.subject ? `${report.subject.text}: ${message}` : message),
    file: report.at.file,
    line: report.at.line,
    column: report.at.column,
    endLine: report.at.endLine,
    endColumn: report.at.endColumn,
    exitCode: report.exitCode === undefined ? meta.predicts.exitCode : report.exitCode,
    reason: report.reason === undefined ? meta.predicts.reason : report.reason,
    phase: report.phase ?? meta.predicts.phase,
    runtime,
    related: report.related?.length ? report.related.map((r) => ({ at: at(r.at.file, r.at), message: ownedText(r.message) })) : NO_RELATED,
  };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** The rule's template for the report's message id, filled from its data (ESLint's `messages` + `data`). */
export function renderMessage(meta: RuleMeta, report: Pick<Report, 'messageId' | 'data'>): string {
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} has no message "${report.messageId}"`);
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = report.data?.[name];
    if (value === undefined) throw new Error(`rule ${meta.id}, message "${report.messageId}": no data for {{${name}}}`);
    return String(value);
  });
}

/**
 * What identifies the case, for fingerprints and baselines: the message id, whom it is about and
 * the data (line numbers blanked), never the wording, so rewording a message keeps every alert.
 */
function identityOf(report: Report): string {
  const data = report.data
    ? Object.keys(report.data)
        .sort()
        .flatMap((k) => (report.data?.[k] === undefined ? [] : [`${k}=${String(report.data[k])}`]))
    : [];
  return [report.messageId, report.subject?.key ?? '', ...data].join('\0').replace(/\bline \d+\b/g, 'line N');
}

interface Instance {
  readonly rule: Rule;
  readonly visitors: RuleVisitors;
}

/**
 * One lint run: every rule instantiated once, fed the inputs as they are modelled.
 * A rule that throws does not stop the others: its exception becomes an
 * `internal-error` finding at the input it was looking at.
 */
export class RuleRun {
  private readonly findings: Finding[] = [];
  private readonly instances: Instance[] = [];
  private readonly parseMeta: RuleMeta | undefined;
  private readonly internalMeta: RuleMeta | undefined;
  private readonly unusedMeta: RuleMeta | undefined;
  private readonly suppressionTables: FileSuppressions[] = [];

  constructor(
    rules: readonly Rule[],
    private readonly runtime: RuntimeName,
    project: ProjectIndex,
  ) {
    this.parseMeta = rules.find((r) => r.meta.id === PARSE_ERROR)?.meta;
    this.internalMeta = rules.find((r) => r.meta.id === INTERNAL_ERROR)?.meta;
    this.unusedMeta = rules.find((r) => r.meta.id === UNUSED_SUPPRESSION)?.meta;
    for (const rule of rules) {
      if (!rule.create) continue;
      const context = { runtime, project, report: (report: Report) => this.findings.push(toFinding(rule.meta, report, runtime)) };
      const visitors = this.guard(rule, undefined, () => rule.create?.(context));
      if (visitors) this.instances.push({ rule, visitors });
    }
  }

  problem(problem: InputProblem): void {
    if (this.parseMeta)
      this.findings.push(
        toFinding(
          this.parseMeta,
          { at: problem.at, messageId: 'problem', data: { detail: problem.message }, phase: problem.phase, severity: problem.severity },
          this.runtime,
        ),
      );
  }

  /** In-source suppressions of one file, applied when the run finishes. */
  suppress(table: FileSuppressions): void {
    if (table.directives.length > 0 || table.malformed.length > 0) this.suppressionTables.push(table);
  }

  image(image: ImageModel): void {
    for (const { rule, visitors } of this.instances) if (visitors.image) this.guard(rule, at(image.file, WHOLE_FILE), () => visitors.image?.(image));
  }

  object(object: KubernetesObject): void {
    for (const { rule, visitors } of this.instances) if (visitors.object) this.guard(rule, object.at(object.objectPath), () => visitors.object?.(object));
  }

  workload(workload: JoinedWorkload): void {
    for (const { rule, visitors } of this.instances)
      if (visitors.workload) this.guard(rule, workload.at(workload.objectPath), () => visitors.workload?.(workload));
  }

  /** Whether the run can be split into shards: every rule that relates inputs can save and merge its state. */
  shardable(): boolean {
    return this.instances.every(({ visitors }) => !visitors.done || visitors.shardState !== undefined);
  }

  /** What a shard hands back: its findings as raised (suppressions and `done` come later, on the whole), and the rules' states. */
  shardResult(): { findings: Finding[]; suppressions: FileSuppressions[]; states: unknown[] } {
    return {
      findings: this.findings,
      suppressions: this.suppressionTables,
      states: this.instances.map(({ rule, visitors }) => (visitors.shardState ? this.guard(rule, undefined, () => visitors.shardState?.save()) : undefined)),
    };
  }

  /** Takes in one shard's result; shards are merged in input order, so the merged states are the ones one thread would hold. */
  mergeShard(shard: { findings: readonly Finding[]; suppressions: readonly FileSuppressions[]; states: readonly unknown[] }): void {
    this.findings.push(...shard.findings);
    this.suppressionTables.push(...shard.suppressions);
    this.instances.forEach(({ rule, visitors }, i) => {
      if (visitors.shardState) this.guard(rule, undefined, () => visitors.shardState?.merge(shard.states[i]));
    });
  }

  /** Ends the run: rules that relate inputs report now; findings come back deduplicated and sorted. */
  finish(): Finding[] {
    for (const { rule, visitors } of this.instances) if (visitors.done) this.guard(rule, undefined, () => visitors.done?.());
    const { findings, unused } = applySuppressions(this.findings, this.suppressionTables);
    const unusedMeta = this.unusedMeta;
    if (unusedMeta) findings.push(...unused.map((report) => toFinding(unusedMeta, report, this.runtime)));
    return uniqueSorted(findings);
  }

  private guard<T>(rule: Rule, where: Location | undefined, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!this.internalMeta) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      this.findings.push(
        toFinding(this.internalMeta, { at: where ?? at('.', WHOLE_FILE), messageId: 'ruleFailed', data: { rule: rule.meta.id, detail } }, this.runtime),
      );
      return undefined;
    }
  }
}
