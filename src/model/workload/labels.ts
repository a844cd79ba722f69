import type { YamlPath } from '../../parse/manifest.js';
import { isRecord } from '../common/values.js';

/**
 * Labels as text. The API server takes only strings (`labels` is map[string]string); a value of
 * another type, which it rejects, is kept as its text so that selectors can still be compared.
 */
export type Labels = Readonly<Record<string, string>>;

function labelText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}

export function labelsOf(value: unknown): Labels {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = labelText(v);
  return out;
}

/** One `matchExpressions` entry; `key` is `undefined` when the entry has no string key (the API server rejects it). */
export interface SelectorRequirement {
  readonly key: string | undefined;
  readonly operator: unknown;
  readonly values: readonly string[];
}

/** A LabelSelector (`spec.selector` of a Deployment, StatefulSet, DaemonSet or ReplicaSet) with its place. */
export interface LabelSelectorModel {
  readonly path: YamlPath;
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly SelectorRequirement[];
}

export function labelSelectorOf(value: unknown, path: YamlPath): LabelSelectorModel | undefined {
  if (!isRecord(value)) return undefined;
  const expressions = Array.isArray(value.matchExpressions) ? value.matchExpressions : [];
  return {
    path,
    matchLabels: labelsOf(value.matchLabels),
    matchExpressions: expressions.map((e) =>
      isRecord(e) && typeof e.key === 'string'
        ? { key: e.key, operator: e.operator, values: Array.isArray(e.values) ? e.values.map(labelText) : [] }
        : { key: undefined, operator: undefined, values: [] },
    ),
  };
}

/** An empty selector: no matchLabels and no matchExpressions (apps/v1 requires one: "Required value"). */
export function selectorIsEmpty(selector: LabelSelectorModel | undefined): boolean {
  return selector === undefined || (Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0);
}

/**
 * LabelSelector semantics (apimachinery labels.Selector): every matchLabels pair and every
 * expression must hold; `undefined` when an expression cannot be read (no key, unknown operator).
 */
export function selectorMatches(selector: LabelSelectorModel, labels: Labels): boolean | undefined {
  for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions) {
    if (e.key === undefined) return undefined;
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (value === undefined || !e.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && e.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return undefined;
    }
  }
  return true;
}
