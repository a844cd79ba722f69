/**
 * The runtime oracle (`npm run lab:oracle`): builds the lab images, reproduces the rules'
 * own cases and the lab cases under docker, runc and crun, stops them the kubelet's way,
 * and compares what happened with what lint-k8s predicts (or the knowledge record says).
 * Prints the table and exits 1 on any mismatch. lab/README.md says how and what it found.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';
import { START_FAILURES } from '../../src/knowledge/runtimes.js';
import { runcExecFailureExit } from '../../src/knowledge/runtime-reports.js';
import { DEFAULT_SETTLE_MS, GRACE_SECONDS, KNOWLEDGE, LAB_CASES, NOT_REPRODUCIBLE_RULES, discoverFixtures } from './cases.js';
import type { FixtureCase, Knowledge, LabCase } from './cases.js';
import { compare, describeExpected, describeObserved, reportsReason } from './compare.js';
import type { Expected, Observed, RuntimeId } from './compare.js';
import { Cri, PAUSE_IMAGE } from './cri.js';
import { Docker } from './docker.js';
import { run, which } from './exec.js';
import { ensureLabImages, labImageFor } from './images.js';
import { mountLayers, prepareHugetlbCgroup, runOci } from './oci.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Row {
  readonly name: string;
  readonly runtime: RuntimeId;
  readonly expected: Expected;
  readonly observed?: Observed;
  /** The run itself failed (helper error, timeout). */
  readonly error?: string;
  readonly ok: boolean;
  readonly differences: readonly string[];
  /** Set when the case declares this difference as known (cases.ts LabCase.knownMismatch): shown, not failing. */
  readonly known?: string;
}

export interface NotReproduced {
  readonly name: string;
  readonly why: string;
}

/** A case ready to run: its image in dockerd and what each runtime should show. */
export interface Runnable {
  readonly name: string;
  readonly image: string;
  readonly memory?: { readonly docker: string; readonly bytes: number };
  readonly settleMs: number;
  /** Seconds from the stop signal to SIGKILL. */
  readonly graceSeconds: number;
  readonly readyLog?: string;
  readonly alone?: boolean;
  readonly knownMismatch?: { readonly runtime: RuntimeId; readonly why: string };
  readonly expected: ReadonlyMap<RuntimeId, Expected>;
}

interface Finding {
  readonly ruleId: string;
  readonly file: string;
  readonly exitCode: number | null;
  readonly reason: string | null;
  readonly phase: string;
}

const PHASE_ORDER = ['create', 'start', 'run', 'oom', 'stop'];

/** lint-k8s's findings with an exit code, per case directory, earliest phase first: one run for all cases. */
async function predictions(dirs: readonly string[], runtime: 'docker' | 'containerd'): Promise<Map<string, Finding[]>> {
  const byDir = new Map<string, Finding[]>(dirs.map((d) => [d, []]));
  if (dirs.length === 0) return byDir;
  const r = await run(process.execPath, [join(REPO, 'dist/src/cli.js'), ...dirs, '--format', 'json', '--runtime', runtime, '--fail-on', 'none'], { cwd: REPO });
  if (r.code !== 0) throw new Error(`lint-k8s: exit ${String(r.code)}: ${r.stderr.trim()}`);
  for (const f of (JSON.parse(r.stdout) as { findings: Finding[] }).findings) {
    if (f.exitCode === null || !f.file.endsWith('Dockerfile')) continue;
    byDir.get(resolve(REPO, dirname(f.file)))?.push(f);
  }
  for (const list of byDir.values()) list.sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
  return byDir;
}

/** The lab's runc and what it makes of a program it cannot execve after start. */
export interface Versions {
  readonly runc: string;
}

/**
 * What each runtime should show for lint-k8s's prediction. The prediction is for a runtime
 * through Kubernetes or docker; plain runc/crun report only the container's own status, so a
 * create-time failure is compared by phase, and an exec failure after start by the
 * runtime's own code (runc's depends on its version: RUNC_EXEC_FAILURE_EXIT).
 */
export function expectFromFinding(
  docker: Finding | undefined,
  containerd: Finding | undefined,
  runtime: RuntimeId,
  versions: Versions,
  good: 'stops-cleanly' | 'starts' = 'stops-cleanly',
): Expected {
  if (docker === undefined && good === 'starts')
    return { phase: 'exited', exitCode: 0, from: 'no finding: it starts (the program is a placeholder that exits 0)' };
  if (docker === undefined) return { phase: 'stop', exitCode: [0, 128 + 15], from: 'no finding: a clean stop (0, or 143 for the default SIGTERM)' };
  // The containerd column is compared with lint-k8s's `--runtime containerd` finding, the others with `--runtime docker`'s.
  const finding = runtime === 'containerd' ? (containerd ?? docker) : docker;
  const from = `lint-k8s ${finding.ruleId} (--runtime ${runtime === 'containerd' ? 'containerd' : 'docker'}): ${finding.phase}, exit ${String(finding.exitCode)}${containerd?.reason ? `, ${containerd.reason} (containerd)` : ''}`;
  const phase = docker.phase === 'create' ? 'create' : docker.phase === 'stop' ? 'stop' : 'exited';
  const execFailure = docker.phase === 'start' && docker.reason === null && docker.exitCode === START_FAILURES['exec-format'].docker.exitCode;
  const reason = containerd?.reason ?? undefined;
  const withReason = reason !== undefined && reportsReason(runtime) ? { reason } : {};
  const code = (n: number | null): { exitCode?: number } => (n === null ? {} : { exitCode: n });
  if (phase === 'create') return reportsReason(runtime) ? { phase, ...code(finding.exitCode), ...withReason, from } : { phase, from };
  if (execFailure) {
    const own = runtime === 'crun' ? START_FAILURES['exec-format']['cri-o'].exitCode : runcExecFailureExit(versions.runc);
    return { phase, ...code(own), ...withReason, from: `${from}; runc ${versions.runc}: RUNC_EXEC_FAILURE_EXIT` };
  }
  return { phase, ...code(finding.exitCode), ...withReason, from };
}

/** The case's Dockerfile with every FROM rewritten to its lab image, or why it cannot be. */
export function rewriteDockerfile(text: string): { dockerfile: string } | { why: string } {
  const doc = DockerfileParser.parse(text);
  const lines = text.split('\n');
  const stages = new Set<string>();
  const edits: { line: number; start: number; end: number; to: string }[] = [];
  for (const from of doc.getFROMs()) {
    const image = from.getImage();
    const range = from.getImageRange();
    if (image === null || range === null) return { why: 'a FROM without an image' };
    if (image.includes('$')) return { why: `FROM ${image}: the image is unknown by design` };
    if (!stages.has(image.toLowerCase())) {
      const lab = labImageFor(image);
      if (lab === undefined) return { why: `no lab image stands in for ${image}` };
      edits.push({ line: range.start.line, start: range.start.character, end: range.end.character, to: lab.tag });
    }
    const stage = from.getBuildStage();
    if (stage !== null) stages.add(stage.toLowerCase());
  }
  for (const e of edits.reverse()) {
    const l = lines[e.line] ?? '';
    lines[e.line] = l.slice(0, e.start) + e.to + l.slice(e.end);
  }
  // `# syntax=` makes BuildKit pull a frontend image from a registry; the built-in one is used instead.
  for (const d of doc.getDirectives()) if (d.getName() === 'syntax') lines[d.getRange().start.line] = '';
  return { dockerfile: lines.join('\n') };
}

async function buildCase(docker: Docker, name: string, context: string, dockerfile: string): Promise<{ image: string } | { why: string }> {
  const ctx = await mkdtemp(join(tmpdir(), 'lab-case-'));
  try {
    await cp(context, ctx, { recursive: true, preserveTimestamps: true });
    await writeFile(join(ctx, 'Dockerfile'), dockerfile);
    const image = `lab/case-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
    const r = await docker.cli(['build', '--quiet', '--network=none', '--tag', image, ctx], 300_000);
    if (r.code !== 0) return { why: `docker build fails here: ${r.stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? ''}` };
    return { image };
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
}

async function fixtureRunnable(
  docker: Docker,
  c: FixtureCase,
  runtimes: readonly RuntimeId[],
  versions: Versions,
  forDocker: readonly Finding[],
  forContainerd: readonly Finding[],
): Promise<Runnable | NotReproduced> {
  if (c.note.skip !== undefined) return { name: c.name, why: c.note.skip };
  const first = forDocker[0];
  if (first !== undefined && !['create', 'start', 'run', 'stop', 'oom'].includes(first.phase))
    return { name: c.name, why: `lint-k8s predicts a ${first.phase}-time outcome` };
  const rewritten = rewriteDockerfile(await readFile(join(c.dir, 'Dockerfile'), 'utf8'));
  if ('why' in rewritten) return { name: c.name, why: rewritten.why };
  const built = await buildCase(docker, c.name, c.dir, rewritten.dockerfile);
  if ('why' in built) return { name: c.name, why: built.why };
  const partner = forContainerd.find((f) => f.ruleId === first?.ruleId && f.phase === first?.phase);
  return {
    name: c.name,
    image: built.image,
    settleMs: c.note.settleMs ?? DEFAULT_SETTLE_MS,
    graceSeconds: GRACE_SECONDS,
    expected: new Map(runtimes.map((rt) => [rt, expectFromFinding(first, partner, rt, versions, c.note.good)])),
  };
}

export async function labRunnable(docker: Docker, c: LabCase, runtimes: readonly RuntimeId[], knowledge: Knowledge): Promise<Runnable | NotReproduced> {
  const ctx = await mkdtemp(join(tmpdir(), 'lab-own-'));
  try {
    for (const [name, content] of Object.entries(c.files ?? {})) await writeFile(join(ctx, name), content);
    const built = await buildCase(docker, `own-${c.name}`, ctx, c.dockerfile);
    if ('why' in built) return { name: c.name, why: built.why };
    return {
      name: c.name,
      image: built.image,
      settleMs: c.settleMs ?? DEFAULT_SETTLE_MS,
      graceSeconds: c.graceSeconds ?? GRACE_SECONDS,
      ...(c.memory !== undefined ? { memory: c.memory } : {}),
      ...(c.readyLog !== undefined ? { readyLog: c.readyLog } : {}),
      ...(c.alone === true ? { alone: true } : {}),
      ...(c.knownMismatch !== undefined ? { knownMismatch: c.knownMismatch } : {}),
      expected: new Map(runtimes.filter((rt) => c.runtimes.includes(rt)).map((rt) => [rt, c.expect(rt, knowledge)])),
    };
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
}

async function observe(docker: Docker, r: Runnable, runtime: RuntimeId, cri: Cri | undefined): Promise<Observed> {
  const settleMs = r.settleMs;
  const graceSeconds = r.graceSeconds;
  const ready = r.readyLog !== undefined ? { readyLog: r.readyLog } : {};
  if (runtime === 'containerd') {
    if (cri === undefined) throw new Error("containerd's CRI is not running");
    const imageId = (await docker.cli(['image', 'inspect', '--format', '{{.Id}}', r.image])).stdout.trim();
    return cri.runAndStop({ imageId, settleMs, graceSeconds, ...ready, ...(r.memory ? { memoryBytes: r.memory.bytes } : {}) });
  }
  if (runtime === 'docker') {
    return docker.runAndStop({ image: r.image, settleMs, graceSeconds, ...ready, ...(r.memory ? { memory: r.memory.docker } : {}) });
  }
  const config = await docker.imageConfig(r.image);
  const root = await mountLayers(await docker.layers(r.image));
  try {
    return await runOci({
      runtime,
      rootfs: root.rootfs,
      config,
      settleMs,
      graceSeconds,
      ...ready,
      ...(r.memory ? { memoryBytes: r.memory.bytes } : {}),
    });
  } finally {
    await root.unmount();
  }
}

/** Maps `items` through `f`, `concurrency` at a time, keeping the order. */
async function pool<T, R>(items: readonly T[], concurrency: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await f(items[i]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** Runs every (case, runtime) pair a few at a time (each mostly waits out its grace period), then the `alone` ones one by one. */
export async function runAll(docker: Docker, runnables: readonly Runnable[], cri?: Cri, concurrency = 6): Promise<Row[]> {
  const jobs = runnables.flatMap((r) => [...r.expected.entries()].map(([runtime, expected]) => ({ r, runtime, expected })));
  const one = async ({ r, runtime, expected }: (typeof jobs)[number]): Promise<Row> => {
    try {
      const observed = await observe(docker, r, runtime, cri);
      const v = compare(expected, observed, runtime);
      const known = !v.ok && r.knownMismatch?.runtime === runtime ? { known: r.knownMismatch.why } : {};
      return { name: r.name, runtime, expected, observed, ok: v.ok, differences: v.differences, ...known };
    } catch (e) {
      return { name: r.name, runtime, expected, error: (e as Error).message, ok: false, differences: ['the run failed'] };
    }
  };
  // containerd's pods use the host network (no CNI): two containers listening on the same port
  // (several fixtures serve on 8080) would clash, so containerd runs one at a time, beside the others.
  const sharedJobs = jobs.filter((j) => j.r.alone !== true);
  const [others, cri1] = await Promise.all([
    pool(
      sharedJobs.filter((j) => j.runtime !== 'containerd'),
      Math.max(1, concurrency - 1),
      one,
    ),
    pool(
      sharedJobs.filter((j) => j.runtime === 'containerd'),
      1,
      one,
    ),
  ]);
  const byJob = new Map<(typeof jobs)[number], Row>();
  const o = [...others];
  const c = [...cri1];
  for (const j of sharedJobs) byJob.set(j, (j.runtime === 'containerd' ? c.shift() : o.shift())!);
  const alone = await pool(
    jobs.filter((j) => j.r.alone === true),
    1,
    one,
  );
  return [...sharedJobs.map((j) => byJob.get(j)!), ...alone];
}

/** The oracle fails when any run does not match (or could not run). */
export const oracleFailed = (rows: readonly Row[]): boolean => rows.some((r) => !r.ok && r.known === undefined);

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function printTable(rows: readonly Row[], notReproduced: readonly NotReproduced[], print: (s: string) => void): void {
  print('| case | runtime | expected | observed | verdict |');
  print('|---|---|---|---|---|');
  for (const r of rows) {
    const observed = r.observed !== undefined ? describeObserved(r.observed, r.runtime) : `run failed: ${r.error ?? ''}`;
    const verdict = r.ok ? 'ok' : r.known !== undefined ? `MISMATCH, known (${r.differences.join('; ')})` : `**MISMATCH** (${r.differences.join('; ')})`;
    print(`| ${cell(r.name)} | ${r.runtime} | ${cell(describeExpected(r.expected, r.runtime))} | ${cell(observed)} | ${cell(verdict)} |`);
  }
  if (notReproduced.length > 0) {
    print('');
    print('Not reproduced:');
    print('');
    print('| case | why |');
    print('|---|---|');
    for (const n of notReproduced) print(`| ${cell(n.name)} | ${cell(n.why)} |`);
  }
}

/** Why the oracle cannot run here, if it cannot. */
export async function oracleUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root (container runtimes, mounts)';
  for (const tool of ['dockerd', 'runc', 'mmdebstrap', 'python3'])
    if ((await which(tool)) === undefined) return `${tool} is not installed (bash lab/oracle/install.sh)`;
  if (!existsSync(join(REPO, 'dist/src/cli.js'))) return 'lint-k8s is not built (npm run build)';
  return undefined;
}

/** `--only REGEX`: run only the cases whose name matches (a targeted run; the table then lists only those). */
function onlyPattern(argv: readonly string[]): RegExp {
  const i = argv.indexOf('--only');
  return i >= 0 && argv[i + 1] !== undefined ? new RegExp(argv[i + 1]!) : /(?:)/;
}

async function main(): Promise<number> {
  const started = Date.now();
  const only = onlyPattern(process.argv.slice(2));
  const unavailable = await oracleUnavailable();
  if (unavailable !== undefined) {
    console.log(`lab oracle skipped: ${unavailable}`);
    return 0;
  }
  const log = (s: string): void => console.error(s);
  const cache = process.env.LAB_CACHE ?? '/var/cache/lint-k8s-lab';
  const roots = await run('bash', [join(REPO, 'lab/oracle/rootfs.sh'), cache]);
  process.stderr.write(roots.stderr);
  if (roots.code !== 0) {
    console.log(`lab oracle skipped: the lab root filesystems cannot be built: ${roots.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    return 0;
  }
  const runtimes: RuntimeId[] = ['docker', 'runc'];
  // crun and the shims' OOM events need the hugetlb cgroup hierarchy mounted (prepareHugetlbCgroup).
  const cgroups = await prepareHugetlbCgroup().catch((e: Error) => ({
    undo: async () => {},
    note: `the hugetlb cgroup could not be mounted: ${e.message}`,
    failed: true,
  }));
  const undoCrun = cgroups.undo;
  let crunNote = 'crun skipped: not installed';
  if ((await which('crun')) !== undefined) {
    if ('failed' in cgroups) crunNote = `crun skipped: ${cgroups.note}`;
    else {
      crunNote = '';
      runtimes.push('crun');
    }
  }
  let docker: Docker;
  try {
    docker = await Docker.start(join(cache, 'docker'));
  } catch (e) {
    await undoCrun();
    console.log(`lab oracle skipped: ${(e as Error).message}`);
    return 0;
  }
  let failed: boolean;
  let cri: Cri | undefined;
  try {
    await ensureLabImages(docker, cache, log);
    let criNote: string;
    if ((await which('containerd')) === undefined || (await which('ctr')) === undefined) criNote = 'containerd skipped: containerd/ctr not installed';
    else
      try {
        cri = await Cri.start(join(REPO, 'lab/oracle/cri/runtime-v1-subset.proto'), join(cache, 'containerd'));
        criNote = '';
        runtimes.splice(1, 0, 'containerd');
      } catch (e) {
        criNote = `containerd skipped: ${(e as Error).message}`;
      }
    const runcVersion = /runc version (\S+)/.exec((await run('runc', ['--version'])).stdout)?.[1]?.replace(/\+.*/, '') ?? '0.0.0';
    const crunVersion = /crun version (\S+)/.exec((await run('crun', ['--version'])).stdout)?.[1] ?? '?';
    const versions: Versions = { runc: runcVersion };
    const runnables: Runnable[] = [];
    const notReproduced: NotReproduced[] = [];
    const fixtures = (await discoverFixtures(join(REPO, 'fixtures'))).filter((c) => only.test(c.name));
    const labCases = LAB_CASES.filter((c) => only.test(c.name));
    const wanted = fixtures.filter((c) => c.note.skip === undefined).map((c) => c.dir);
    const [forDocker, forContainerd] = await Promise.all([predictions(wanted, 'docker'), predictions(wanted, 'containerd')]);
    const prepared = await pool([...fixtures.map((c) => ({ c })), ...labCases.map((l) => ({ l }))], 3, (item) =>
      'c' in item
        ? fixtureRunnable(docker, item.c, runtimes, versions, forDocker.get(item.c.dir) ?? [], forContainerd.get(item.c.dir) ?? [])
        : labRunnable(docker, item.l, runtimes, KNOWLEDGE),
    );
    for (const r of prepared) {
      if ('why' in r) notReproduced.push(r);
      else runnables.push(r);
    }
    if (cri !== undefined) {
      const t = Date.now();
      try {
        await cri.importImages(docker, [PAUSE_IMAGE, ...runnables.map((r) => r.image)]);
        log(`lab oracle: images in containerd (k8s.io) in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      } catch (e) {
        criNote = `containerd skipped: the images could not be imported: ${(e as Error).message.slice(0, 300)}`;
        await cri.stop();
        cri = undefined;
        runtimes.splice(runtimes.indexOf('containerd'), 1);
        for (const r of runnables) (r.expected as Map<RuntimeId, Expected>).delete('containerd');
      }
    }
    const runStarted = Date.now();
    const rows = await runAll(docker, runnables, cri);
    printTable(rows, notReproduced, (s) => console.log(s));
    console.log('');
    console.log('Rules that predict an exit code and have no oracle case:');
    console.log('');
    console.log('| rule | why |');
    console.log('|---|---|');
    for (const [rule, why] of Object.entries(NOT_REPRODUCIBLE_RULES)) console.log(`| ${rule} | ${cell(why)} |`);
    const mismatches = rows.filter((r) => !r.ok && r.known === undefined);
    for (const r of rows) if (r.known !== undefined) console.log(`known mismatch ${r.name} (${r.runtime}): ${r.known}`);
    failed = oracleFailed(rows);
    console.log('');
    console.log(
      `docker ${docker.version} (runc ${runcVersion}), containerd ${cri !== undefined ? `${cri.version} CRI (runc ${runcVersion})` : `not run (${criNote})`}, runc ${runcVersion}, crun ${runtimes.includes('crun') ? crunVersion : `not run (${crunNote})`}; grace ${GRACE_SECONDS} s.` +
        (cgroups.note ? ` ${cgroups.note}.` : ''),
    );
    console.log(
      `${rows.length} runs of ${runnables.length} cases (${rows.filter((r) => r.ok).length} ok, ${rows.filter((r) => r.known !== undefined).length} known mismatches; ${fixtures.length - notReproduced.filter((n) => fixtures.some((f) => f.name === n.name)).length} of ${fixtures.length} fixture cases), ${mismatches.length} mismatches, ${notReproduced.length} not reproduced; runs ${((Date.now() - runStarted) / 1000).toFixed(0)} s, wall time ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    await cri?.stop();
    await docker.stop();
    await undoCrun();
  }
  return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
