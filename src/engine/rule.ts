import type { Phase, RuntimeName } from '../knowledge/types.js';
import type { CauseKind } from '../predict/causes.js';
import type { ImageModel } from '../model/image.js';
import type { Location } from '../parse/location.js';
import type { LintConfig, Severity } from '../config/config.js';
import type { KubernetesObject } from '../model/workload/workload.js';
import type { JoinedWorkload } from '../model/join.js';

export type { Severity };

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
  /**
   * The rule's wording, ESLint style: templates keyed by message id, with `{{name}}` filled from
   * a report's `data`. Nothing outside the rule module writes its sentences.
   */
  readonly messages: Readonly<Record<string, string>>;
  /** The cause kinds of `src/predict` this rule reports (each kind is claimed by exactly one rule). */
  readonly claims?: readonly CauseKind[];
  readonly doc: RuleDoc;
}

/** Values a message template is filled with; they also identify the case (fingerprints). */
export type MessageData = Readonly<Record<string, string | number | undefined>>;

export interface RelatedLocation {
  readonly at: Location;
  readonly message: string;
}

/** What a rule reports; the engine fills in the rule's defaults and renders the message. */
export interface Report {
  readonly at: Location;
  /** A key of the rule's `meta.messages`. */
  readonly messageId: string;
  readonly data?: MessageData;
  /**
   * Who the finding is about when that is not the file itself, shown before the message
   * (`Container api (image … is built from …)`); `subjectKey` is what identifies it (the container name).
   */
  readonly subject?: { readonly text: string; readonly key: string };
  readonly severity?: Severity;
  readonly exitCode?: number | null;
  readonly reason?: string | null;
  readonly phase?: Phase;
  readonly related?: readonly RelatedLocation[];
}

export interface RuleContext {
  /** The runtime predictions are made for (`--runtime`). */
  readonly runtime: RuntimeName;
  /** What is known of the whole input before manifests are visited: every image built here. */
  readonly project: ProjectIndex;
  report(report: Report): void;
}

/**
 * What a rule looks at. The engine owns traversal: every Dockerfile's image first,
 * then manifests one file at a time (objects and workloads), then `done`. Inputs are
 * not all held in memory at once, so a rule that relates manifests to each other keeps
 * the little it needs in its own closure and reports in `done`.
 */
export interface RuleVisitors {
  readonly image?: (image: ImageModel) => void;
  readonly object?: (object: KubernetesObject) => void;
  readonly workload?: (workload: JoinedWorkload) => void;
  readonly done?: () => void;
  /**
   * Large inputs are linted in shards, one per worker thread (`--jobs`). A rule with `done`
   * says what its closure holds as plain (structured-clonable) data: each shard saves it,
   * and the main thread merges the shards' states in input order before calling `done`.
   * Without it, a run with this rule stays on one thread.
   */
  readonly shardState?: { readonly save: () => unknown; readonly merge: (saved: unknown) => void };
}

/** A rule: metadata plus `create`, which returns pure checks over the models. */
export interface Rule {
  readonly meta: RuleMeta;
  readonly create?: (context: RuleContext) => RuleVisitors;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** What rules may consult about the whole input while manifests stream by. */
export interface ProjectIndex {
  /** Every image built from a Dockerfile in the input (all are modelled before any manifest). */
  readonly images: readonly ImageModel[];
  /** The run's configuration (.lint-k8s.yaml or --config). */
  readonly config?: LintConfig;
}
