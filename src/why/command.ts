import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { RULES } from '../../rules/index.js';
import { ConfigError, loadConfig, type LintConfig } from '../config/config.js';
import { RUNTIMES, type RuntimeName } from '../knowledge/types.js';
import { stdoutIsTerminal, writeReport } from '../report/write.js';
import { TOOL_NAME, toolVersion } from '../platform/version.js';
import { explain, observationsOf, timingOf } from './explain.js';
import { explainingFindings, findWorkload, joinContainer } from './match.js';
import { parsePods, type ObservedPod } from './pod-status.js';
import { jsonWhy, markdownWhy, stylishWhy, type ContainerAnswer, type PodAnswer, type WhyReport } from './report.js';
import { lintRepository, type Repository } from './repository.js';

/** RFC 3339 in whole seconds, as the API writes times. */
const apiTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const EXIT_OK = 0;
const EXIT_USAGE = 2;

interface WhyOptions {
  pod?: string;
  format: 'stylish' | 'json' | 'markdown';
  output?: string;
  runtime?: RuntimeName;
  config?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The runtime the node ran: the one `--runtime` names, else the `containerID` prefix, else CRI-O's sign (a create error without an ID), else containerd. */
function runtimeOf(pod: ObservedPod, forced: RuntimeName | undefined): { runtime: RuntimeName; from: string } {
  if (forced) return { runtime: forced, from: '--runtime' };
  const seen = pod.containers.find((c) => c.runtime !== undefined)?.runtime;
  if (seen) return { runtime: seen, from: 'containerID' };
  if (pod.containers.some((c) => c.state.waiting?.reason === 'CreateContainerError'))
    return { runtime: 'cri-o', from: 'CreateContainerError without a containerID' };
  return { runtime: 'containerd', from: 'default, no containerID' };
}

function usage(message: string): number {
  process.stderr.write(`${TOOL_NAME} why: ${message}\n`);
  return EXIT_USAGE;
}

/** `lint-k8s why [PATHS…] --pod FILE|-`: explains what the cluster shows from the repository's findings. */
export async function whyMain(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name(`${TOOL_NAME} why`)
    .description('Explains the exit codes and reasons a pod shows, from what lint-k8s predicts for the repository.')
    .argument('[paths...]', 'files or directories of the repository', ['.'])
    .option('--pod <file>', 'pod status: kubectl get pod NAME -o json (or -o yaml, or a List of pods); - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'markdown']).default('stylish'))
    .option('-o, --output <file>', 'write the answer to a file')
    .addOption(new Option('--runtime <runtime>', 'container runtime of the node (default: from the containerID)').choices([...RUNTIMES]))
    .option('-c, --config <file>', 'configuration file (default: .lint-k8s.yaml at the scanned root)')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return EXIT_OK;
      return usage(error.message.replace(/^error: /, '').split('\n')[0] ?? '');
    }
    throw error;
  }
  const options = program.opts<WhyOptions>();
  const paths = program.processedArgs[0] as string[];
  if (options.pod === undefined) return usage('--pod FILE is required (kubectl get pod NAME -o json; - reads standard input)');
  if (paths.includes('-')) return usage('- is not a path here: standard input is read by --pod -');

  let text: string;
  try {
    text = options.pod === '-' ? await readStdin() : readFileSync(options.pod, 'utf8');
  } catch (error) {
    return usage(`cannot read ${options.pod}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const read = parsePods(text, options.pod === '-' ? 'standard input' : options.pod);
  if (!read.ok) return usage(read.message);
  const pods = read.pods;
  if (pods.every((p) => observationsOf(p).length === 0)) {
    process.stdout.write(
      `nothing to explain: no container of ${pods.length === 1 ? `pod ${pods[0]?.namespace}/${pods[0]?.name}` : `the ${pods.length} pods`} is terminated or waiting\n`,
    );
    return EXIT_OK;
  }

  let config: LintConfig;
  try {
    config = loadConfig({ cwd: process.cwd(), paths, configFile: options.config, knownRules: new Set(RULES.map((r) => r.meta.id)) });
  } catch (error) {
    if (error instanceof ConfigError) return usage(error.message);
    throw error;
  }
  const report = await answer(pods, paths, { cwd: process.cwd(), config, runtime: options.runtime });
  const color = options.output === undefined && !(process.env.NO_COLOR ?? '') && stdoutIsTerminal();
  const out = options.format === 'json' ? jsonWhy(report) : options.format === 'markdown' ? markdownWhy(report) : stylishWhy(report, color);
  await writeReport([out], options.output);
  return EXIT_OK;
}

/** The whole answer: each pod's containers explained and joined to the repository (linted once per runtime). */
export async function answer(
  pods: readonly ObservedPod[],
  paths: readonly string[],
  options: { cwd: string; config: LintConfig; runtime?: RuntimeName },
): Promise<WhyReport> {
  const repositories = new Map<RuntimeName, Repository>();
  const out: PodAnswer[] = [];
  let observations = 0;
  let explained = 0;
  for (const pod of pods) {
    const { runtime, from } = runtimeOf(pod, options.runtime);
    let repo = repositories.get(runtime);
    if (!repo) {
      repo = await lintRepository(paths, { cwd: options.cwd, runtime, config: options.config, rules: RULES });
      repositories.set(runtime, repo);
    }
    const workload = findWorkload(repo, pod);
    const containers: ContainerAnswer[] = [];
    for (const o of observationsOf(pod)) {
      observations++;
      const e = explain(pod, o);
      const join = joinContainer(repo, pod, workload, o.container);
      const previous =
        o.waiting?.reason === 'CrashLoopBackOff' && o.container.lastState.terminated ? timingOf(pod, o.container.lastState.terminated) : undefined;
      const by = explainingFindings(repo, join, o, e.timing, previous);
      if (by.length > 0) explained++;
      const t = o.terminated;
      containers.push({
        container: o.container.name,
        role: o.container.role,
        restartCount: o.container.restartCount,
        observed: {
          field: o.field,
          state: t ? 'terminated' : 'waiting',
          exitCode: t?.exitCode ?? null,
          signal: t?.signal ?? null,
          reason: t ? (t.reason ?? null) : (o.waiting?.reason ?? null),
          message: t ? (t.message ?? null) : (o.waiting?.message ?? null),
          startedAt: t?.startedAt ? apiTime(t.startedAt) : null,
          finishedAt: t?.finishedAt ? apiTime(t.finishedAt) : null,
        },
        meaning: e.meanings,
        timing: e.timing ?? null,
        notes: e.notes,
        joined: join.container
          ? {
              file: join.viaImage ? (join.container.dockerfile ?? '') : (join.workload?.workload.file ?? ''),
              line: join.viaImage ? 1 : (join.container.lines?.line ?? 1),
              dockerfile: join.container.dockerfile ?? null,
              via: join.viaImage
                ? `no workload of this pod in the paths; another container runs the same image the same way, built from ${join.container.dockerfile ?? 'a Dockerfile'}`
                : `container ${join.container.name} of ${join.workload?.workload.kind ?? ''} ${join.workload?.workload.name ?? ''}${join.container.dockerfile ? `, image built from ${join.container.dockerfile}${join.container.joinedBy ? ` (${join.container.joinedBy})` : ''}` : ''}`,
            }
          : null,
        explainedBy: by,
        checks: by.length > 0 ? [] : e.checks,
      });
    }
    const w = workload?.workload;
    out.push({
      namespace: pod.namespace,
      name: pod.name,
      runtime,
      runtimeFrom: from,
      workload: w && workload ? { kind: w.kind, name: w.name, namespace: w.namespace ?? null, file: w.file, line: w.lines?.line ?? 1, by: workload.by } : null,
      containers,
    });
  }
  return { tool: { name: TOOL_NAME, version: toolVersion() }, pods: out, summary: { pods: pods.length, observations, explained } };
}
