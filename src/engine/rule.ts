import type { Phase, RuntimeName } from '../knowledge/types.js';
import type { ImageModel } from '../model/image.js';
import type { Location } from '../model/location.js';
import type { ProjectModel } from '../model/project.js';
import type { WorkloadModel } from '../model/workload.js';

export type Severity = 'error' | 'warning' | 'info';

/** The rule's documentation, in the sections `--explain`, SARIF help and the rule pages are made from. */
export interface RuleDoc {
  readonly whatItPredicts: string;
  /** The runtime mechanism, with its source. */
  readonly why: string;
  readonly example: string;
  readonly fix: string;
  readonly references: readonly string[];
}

export interface RuleMeta {
  /** Stable kebab-case id. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** The outcome the rule predicts (start failures vary with `--runtime`; the finding carries the exact one). */
  readonly predicts: { readonly exitCode: number | null; readonly reason: string | null; readonly phase: Phase };
  readonly doc: RuleDoc;
}

export interface RelatedLocation {
  readonly at: Location;
  readonly message: string;
}

/** What a rule reports; the engine fills in the rule's defaults. */
export interface Report {
  readonly at: Location;
  readonly message: string;
  readonly severity?: Severity;
  readonly exitCode?: number | null;
  readonly reason?: string | null;
  readonly phase?: Phase;
  readonly related?: readonly RelatedLocation[];
}

export interface RuleContext {
  /** The runtime predictions are made for (`--runtime`). */
  readonly runtime: RuntimeName;
  readonly project: ProjectModel;
  report(report: Report): void;
}

/** A rule: metadata plus pure checks over the models; the engine owns traversal. */
export interface Rule {
  readonly meta: RuleMeta;
  /** Called once per Dockerfile. */
  readonly image?: (image: ImageModel, context: RuleContext) => void;
  /** Called once per workload (any object with a pod template). */
  readonly workload?: (workload: WorkloadModel, context: RuleContext) => void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
