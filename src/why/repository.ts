import path from 'node:path';
import type { LintConfig } from '../config/config.js';
import { configuredRules } from '../engine/configured.js';
import { readSourceTextSync } from '../discover/source-file.js';
import type { Finding } from '../engine/finding.js';
import type { Report, Rule, RuleContext } from '../engine/rule.js';
import { parseImageRef } from '../knowledge/image-ref.js';
import type { RuntimeName } from '../knowledge/types.js';
import { lint } from '../lint/lint.js';
import type { JoinedImage } from '../model/join.js';
import { parseManifestText } from '../parse/manifest.js';
import { kubernetesObjects, workloadOf } from '../model/workload/workload.js';
import { type JoinedContainer, type JoinedWorkload } from '../model/join.js';

/** A container of a workload in the repository, with where it is written and what it runs. */
export interface RepositoryContainer {
  readonly name: string;
  readonly role: JoinedContainer['role'];
  readonly image: string | undefined;
  /** Lines of the container's object in its manifest; `undefined` when the file could not be read again (rendered charts). */
  readonly lines: { readonly line: number; readonly endLine: number } | undefined;
  readonly model: JoinedContainer;
  /** The Dockerfile the image is built from, when the container is joined to one. */
  readonly dockerfile: string | undefined;
  /** How the join is made (`skaffold.yaml`, `.lint-k8s.yaml`, `compose.yaml`). */
  readonly joinedBy: string | undefined;
  /** `ruleId:line:column` of the Dockerfile findings that hold for how this container starts (its command/args and build stage). */
  readonly dockerfileFindings: ReadonlySet<string>;
}

export interface RepositoryWorkload {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly file: string;
  readonly lines: { readonly line: number; readonly endLine: number } | undefined;
  readonly model: JoinedWorkload;
  readonly containers: readonly RepositoryContainer[];
}

export interface Repository {
  readonly workloads: readonly RepositoryWorkload[];
  readonly findings: readonly Finding[];
  readonly runtime: RuntimeName;
}

export const findingKey = (f: { ruleId: string; line: number; column: number }): string => `${f.ruleId}:${f.line}:${f.column}`;

interface Seen {
  readonly workload: JoinedWorkload;
  readonly dockerfileFindings: Map<JoinedContainer, Set<string>>;
}

/**
 * The Dockerfile findings that hold for one joined container: the rules' image checks run on
 * the image as this container starts it (its `command`/`args` over ENTRYPOINT/CMD, its build
 * target). For a container that changes nothing these are the Dockerfile's own findings.
 */
function dockerfileFindingsFor(joined: JoinedImage, rules: readonly Rule[], runtime: RuntimeName, config: LintConfig): Set<string> {
  const keys = new Set<string>();
  const image = joined.image;
  if (joined.source !== 'built' || !image) return keys;
  const asRun = { ...image, final: joined.stage, startup: joined.startup };
  for (const rule of rules) {
    const context: RuleContext = {
      runtime,
      project: { images: [asRun], config },
      report: (r: Report) => {
        if (r.at.file === image.file) keys.add(findingKey({ ruleId: rule.meta.id, line: r.at.line, column: r.at.column }));
      },
    };
    try {
      const visitors = rule.create?.(context);
      visitors?.image?.(asRun);
      // A stop finding of the image waits for the workloads that run it (rules/support/startup.ts): here there are none.
      visitors?.done?.();
    } catch {
      // A rule that fails here failed in the lint run too, where it is an internal-error finding.
    }
  }
  return keys;
}

/** A rule that reports nothing: it keeps each workload as the linter joined it to its image. */
function observer(seen: Seen[], rules: readonly Rule[], runtime: RuntimeName, config: LintConfig): Rule {
  return {
    meta: {
      id: 'why-observer',
      title: 'records workloads for lint-k8s why',
      severity: 'info',
      predicts: { exitCode: null, reason: null, phase: 'run' },
      doc: { whatItPredicts: '', why: '', example: '', fix: '', references: [] },
      messages: {},
    },
    create: () => ({
      workload(workload) {
        const dockerfileFindings = new Map<JoinedContainer, Set<string>>();
        for (const c of [...workload.initContainers, ...workload.containers])
          if (c.joined) dockerfileFindings.set(c, dockerfileFindingsFor(c.joined, rules, runtime, config));
        seen.push({ workload, dockerfileFindings });
      },
    }),
  };
}

/** Lines of each workload (and its containers) of a manifest, in the order the linter models them. */
async function extentsOf(
  file: string,
  cwd: string,
): Promise<{ object: { line: number; endLine: number }; containers: { line: number; endLine: number }[] }[] | undefined> {
  const read = readSourceTextSync(path.resolve(cwd, file));
  if (!read.ok) return undefined;
  const out: { object: { line: number; endLine: number }; containers: { line: number; endLine: number }[] }[] = [];
  for (const doc of parseManifestText(read.text).documents)
    for (const object of kubernetesObjects(file, doc)) {
      const workload = await workloadOf(object);
      if (!workload) continue;
      out.push({ object: doc.lines(object.objectPath), containers: [...workload.initContainers, ...workload.containers].map((c) => doc.lines(c.path)) });
    }
  return out;
}

/** Lints the paths (one thread, so every workload is seen here) and keeps the workloads with their joins. */
export async function lintRepository(
  paths: readonly string[],
  options: { cwd: string; runtime: RuntimeName; config: LintConfig; rules: readonly Rule[]; maxFileSize?: number },
): Promise<Repository> {
  const seen: Seen[] = [];
  const rules = configuredRules(options.rules, options.config);
  const { findings } = await lint(paths, {
    cwd: options.cwd,
    runtime: options.runtime,
    rules: [...options.rules, observer(seen, rules, options.runtime, options.config)],
    config: options.config,
    maxFileSize: options.maxFileSize,
    jobs: 1,
  });
  const extents = new Map<string, Awaited<ReturnType<typeof extentsOf>>>();
  const ordinal = new Map<string, number>();
  const workloads: RepositoryWorkload[] = [];
  for (const { workload, dockerfileFindings } of seen) {
    if (!extents.has(workload.file)) extents.set(workload.file, await extentsOf(workload.file, options.cwd));
    const index = ordinal.get(workload.file) ?? 0;
    ordinal.set(workload.file, index + 1);
    const extent = extents.get(workload.file)?.[index];
    const all = [...workload.initContainers, ...workload.containers];
    workloads.push({
      kind: workload.kind,
      name: workload.name,
      namespace: workload.namespace,
      file: workload.file,
      lines: extent?.object,
      model: workload,
      containers: all.map((c, i) => ({
        name: c.name,
        role: c.role,
        image: c.image,
        lines: extent?.containers[i],
        model: c,
        dockerfile: c.joined?.source === 'built' ? c.joined.image?.file : undefined,
        joinedBy: c.joined?.source === 'built' ? (c.joined.via?.shown ?? undefined) : undefined,
        dockerfileFindings: dockerfileFindings.get(c) ?? new Set(),
      })),
    });
  }
  return { workloads, findings: findings.filter((f) => f.suppression === undefined), runtime: options.runtime };
}

/** The repository part of an image reference, as the linter joins images (`ghcr.io/acme/api:1.4.2` → `ghcr.io/acme/api`). */
export function repositoryOf(image: string | undefined): string | undefined {
  if (image === undefined) return undefined;
  const parsed = parseImageRef(image.trim());
  return parsed.ok ? parsed.ref.repository : undefined;
}
