import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus.js';
import { writeGitopsTree } from './gitops.js';

/**
 * `npm run bench`: generates the seeded corpus (once; kept in the temp directory) and measures,
 * side by side, start-up, throughput against the parse floor, other Dockerfile linters and peak
 * memory. Every measured program runs in its own process with `usage-hook` reporting its CPU
 * time and peak RSS. Not a test: numbers go to BENCHMARKS.md by hand.
 */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = path.join(REPO, 'dist');
const CLI = path.join(DIST, 'src', 'cli.js');
const BUNDLE = path.join(DIST, 'bin', 'lint-k8s.cjs');
const HOOK = path.join(DIST, 'bench', 'usage-hook.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'lint-k8s-bench-'));
const quick = process.argv.includes('--quick');
/** `--only gitops`: section 5 alone (it needs no corpus). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly status: number | null;
  readonly stdout: string;
}

function measure(args: readonly string[], env: NodeJS.ProcessEnv = {}, anyStatus = false): Measured {
  const usageFile = path.join(scratch, 'usage.json');
  rmSync(usageFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', HOOK, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - started;
  if (!anyStatus && result.status !== 0 && result.status !== 1)
    throw new Error(`${args.slice(0, 3).join(' ')} … exited ${String(result.status)}: ${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { userMs: number; systemMs: number; maxRssKb: number };
  return { wallMs, cpuMs: usage.userMs + usage.systemMs, maxRssMb: usage.maxRssKb / 1024, status: result.status, stdout: result.stdout };
}

/**
 * Median wall time of short commands, run in interleaved rounds (start-up is noisy, and a
 * machine that gets busier during the run then slows every command alike).
 */
function medians(runs: number, commands: readonly (readonly string[])[]): number[] {
  const times = commands.map(() => [] as number[]);
  for (let round = 0; round < runs; round++)
    commands.forEach((args, i) => {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
      times[i]?.push(performance.now() - started);
      if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
    });
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] as number);
}

const median = (list: readonly number[]): number => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;

/**
 * `measure` for several commands in interleaved rounds, each field the median of its rounds:
 * this machine's speed drifts by a quarter from one minute to the next, and one run of each
 * command compared one drift with another.
 */
function measureRounds(rounds: number, commands: readonly { readonly args: readonly string[]; readonly anyStatus?: boolean }[]): Measured[] {
  const runs = commands.map(() => [] as Measured[]);
  for (let round = 0; round < rounds; round++) commands.forEach((command, i) => runs[i]?.push(measure(command.args, {}, command.anyStatus)));
  return runs.map((list) => ({
    wallMs: median(list.map((m) => m.wallMs)),
    cpuMs: median(list.map((m) => m.cpuMs)),
    maxRssMb: median(list.map((m) => m.maxRssMb)),
    status: list[list.length - 1]?.status ?? null,
    stdout: list[list.length - 1]?.stdout ?? '',
  }));
}

const fmt = (n: number, digits = 0): string => n.toFixed(digits);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
const lines: string[] = [];
const say = (line: string): void => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

if (only === undefined) await corpusSections();
if (only === undefined || only === 'gitops') gitopsSection();

async function corpusSections(): Promise<void> {
  const corpusRoot = path.join(tmpdir(), quick ? 'lint-k8s-bench-corpus-quick' : 'lint-k8s-bench-corpus');
  const t0 = performance.now();
  const corpus = await ensureCorpus({
    root: corpusRoot,
    manifestFiles: quick ? 1_000 : 10_000,
    dockerfiles: quick ? 200 : 2_000,
    demoDir: path.join(REPO, 'fixtures', 'demo'),
  });
  const dockerfileCount = corpus.dockerfiles.length;
  say(
    `# lint-k8s benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30)} GiB`,
  );
  say(
    `corpus: ${corpus.manifestFiles} manifest files (${corpus.manifestDocuments} documents), ${dockerfileCount} Dockerfiles with contexts, demo repo (ready in ${fmt(performance.now() - t0)} ms)`,
  );

  // 1. Start-up: the package's bin (the bundle `npm run bench` builds first) against bare node.
  const runs = quick ? 7 : 21;
  // Exec form: no shell to parse. The second has a shell-form CMD, so the shell grammar (WebAssembly) is loaded too.
  const execForm = path.join('fixtures', 'rules', 'shell-stays-pid1', 'good-exec-form');
  const shellForm = path.join('fixtures', 'rules', 'shell-stays-pid1', 'bad-debian');
  if (!existsSync(BUNDLE)) throw new Error('no bundled bin: run `npm run build:bin`');
  const [bare, version, one, oneShell, oneTsc] = medians(runs, [
    ['-e', '0'],
    [BUNDLE, '--version'],
    [BUNDLE, execForm],
    [BUNDLE, shellForm],
    [CLI, execForm],
  ]) as [number, number, number, number, number];
  say('');
  say(`## 1. Start-up (median wall time of ${runs} interleaved rounds)`);
  say(`node -e 0                                   ${fmt(bare, 1)} ms`);
  say(`lint-k8s --version                          ${fmt(version, 1)} ms  ${ratio(version, bare)}`);
  say(`lint-k8s <one small Dockerfile, exec form>  ${fmt(one, 1)} ms  ${ratio(one, bare)}`);
  say(`lint-k8s <one small Dockerfile, shell form> ${fmt(oneShell, 1)} ms  ${ratio(oneShell, bare)}`);
  say(`(tsc build, not the bin: exec form          ${fmt(oneTsc, 1)} ms  ${ratio(oneTsc, bare)})`);

  // 2. Throughput against the floor.
  const everything = [corpus.manifestsDir, ...corpus.servicesDirs, path.join(corpus.root, 'demo')];
  const BIN = BUNDLE;
  const lintArgs = (paths: readonly string[], jobs = '1', report = 'report.json'): string[] => [
    BIN,
    ...paths,
    '--jobs',
    jobs,
    '--format',
    'json',
    '--output',
    path.join(scratch, report),
    '--fail-on',
    'none',
  ];
  const half = Array.from({ length: 50 }, (_, i) => path.join(corpus.manifestsDir, `team-${String(i).padStart(2, '0')}`));
  const heavyRounds = quick ? 1 : 3;
  const [floor, single, parallel, manifestsOnly, dockerfilesOnly, halfRun] = measureRounds(heavyRounds, [
    { args: [path.join(DIST, 'bench', 'floor.js'), ...everything] },
    { args: lintArgs(everything, '1', 'single.json') },
    { args: lintArgs(everything, 'auto', 'parallel.json') },
    { args: lintArgs([corpus.manifestsDir]) },
    { args: lintArgs(corpus.servicesDirs) },
    { args: lintArgs(half) },
  ]) as [Measured, Measured, Measured, Measured, Measured, Measured];
  const singleReport = readFileSync(path.join(scratch, 'single.json'), 'utf8');
  const findings = (JSON.parse(singleReport) as { findings: unknown[] }).findings.length;
  const parallelSame = readFileSync(path.join(scratch, 'parallel.json'), 'utf8') === singleReport;
  say('');
  say(`## 2. Throughput (full corpus, one thread; wall / CPU time, medians of ${heavyRounds} interleaved rounds)`);
  say(`floor: read + yaml/dockerfile-ast parse   ${fmt(floor.wallMs)} ms / ${fmt(floor.cpuMs)} ms CPU  ${floor.stdout.trim()}`);
  say(
    `lint-k8s                                 ${fmt(single.wallMs)} ms / ${fmt(single.cpuMs)} ms CPU  ${ratio(single.wallMs, floor.wallMs)} floor  (${findings} findings)`,
  );
  say(
    `lint-k8s --jobs auto (${cpus().length} cores)         ${fmt(parallel.wallMs)} ms / ${fmt(parallel.cpuMs)} ms CPU  ${ratio(parallel.wallMs, floor.wallMs)} floor, ${ratio(single.wallMs, parallel.wallMs)} faster than one thread; report ${parallelSame ? 'byte-identical' : 'DIFFERENT'}`,
  );
  say(
    `manifests only, one thread                ${fmt(manifestsOnly.wallMs)} ms  → ${fmt((corpus.manifestDocuments / manifestsOnly.wallMs) * 1000)} documents/s (${fmt((corpus.manifestDocuments / manifestsOnly.cpuMs) * 1000)} per CPU-second)`,
  );
  say(
    `Dockerfiles only, one thread              ${fmt(dockerfilesOnly.wallMs)} ms  → ${fmt((dockerfileCount / dockerfilesOnly.wallMs) * 1000)} Dockerfiles/s (${fmt((dockerfileCount / dockerfilesOnly.cpuMs) * 1000)} per CPU-second)`,
  );

  // 3. Other Dockerfile linters on the same 1,000 Dockerfiles (part-1).
  const part1 = corpus.dockerfiles.slice(0, Math.floor(dockerfileCount / 2));
  const listFile = path.join(scratch, 'dockerfiles.txt');
  writeFileSync(listFile, `${part1.join('\n')}\n`);
  const competitors = path.join(DIST, 'bench', 'competitors.js');
  const lightRounds = quick ? 1 : 5;
  const [ours, oursDefault, dfl, dfu, dflCli] = measureRounds(lightRounds, [
    { args: lintArgs([corpus.servicesDirs[0] as string]) },
    { args: lintArgs([corpus.servicesDirs[0] as string], 'auto') },
    { args: [competitors, 'dockerfilelint', listFile] },
    { args: [competitors, 'dockerfile-utils', listFile] },
    { args: [path.join(REPO, 'node_modules', 'dockerfilelint', 'bin', 'dockerfilelint'), '-j', ...part1], anyStatus: true }, // exits with the number of problems
  ]) as [Measured, Measured, Measured, Measured, Measured];
  say('');
  say(`## 3. The same ${part1.length} Dockerfiles through other linters (whole process, wall time, medians of ${lightRounds} interleaved rounds)`);
  say(`lint-k8s CLI, one thread          ${fmt(ours.wallMs)} ms / ${fmt(ours.cpuMs)} ms CPU  (${fmt((part1.length / ours.wallMs) * 1000)}/s)`);
  say(
    `lint-k8s CLI, default (--jobs auto) ${fmt(oursDefault.wallMs)} ms / ${fmt(oursDefault.cpuMs)} ms CPU  (${fmt((part1.length / oursDefault.wallMs) * 1000)}/s)`,
  );
  say(
    `dockerfilelint CLI (all files)    ${fmt(dflCli.wallMs)} ms / ${fmt(dflCli.cpuMs)} ms CPU  ${ratio(dflCli.wallMs, ours.wallMs)} ours (one thread), ${ratio(dflCli.wallMs, oursDefault.wallMs)} ours (default)`,
  );
  say(
    `dockerfilelint library            ${fmt(dfl.wallMs)} ms  ${ratio(dfl.wallMs, ours.wallMs)} / ${ratio(dfl.wallMs, oursDefault.wallMs)} ours  ${dfl.stdout.trim()}`,
  );
  say(
    `dockerfile-utils validate()       ${fmt(dfu.wallMs)} ms / ${fmt(dfu.cpuMs)} ms CPU  ${ratio(dfu.wallMs, ours.wallMs)} / ${ratio(dfu.wallMs, oursDefault.wallMs)} ours  ${dfu.stdout.trim()}`,
  );
  say('(dockerfile-utils lint takes one file per process: 1,000 processes would measure node start-up, so its library is timed instead)');

  // 4. Peak memory, and whether it grows with the corpus.
  say('');
  say(`## 4. Peak memory (VmHWM / maxRSS of the whole process, medians of the rounds of part 2)`);
  say(`floor                                  ${fmt(floor.maxRssMb)} MB`);
  say(`lint-k8s full corpus, one thread       ${fmt(single.maxRssMb)} MB`);
  say(`lint-k8s full corpus, --jobs auto      ${fmt(parallel.maxRssMb)} MB`);
  say(`manifests: half (${half.length} dirs) vs all    ${fmt(halfRun.maxRssMb)} MB vs ${fmt(manifestsOnly.maxRssMb)} MB`);
  say(`Dockerfiles only (all ${dockerfileCount})           ${fmt(dockerfilesOnly.maxRssMb)} MB`);
}

/**
 * 5. A generated GitOps tree (100 kustomizations: bases, three overlays each, a shared
 * Component) linted with the renderer on PATH (kustomize or kubectl) and without it (the
 * files linted as written), in interleaved rounds. Wall time: the renderer runs in child
 * processes, whose CPU time the usage hook does not see.
 */
function gitopsSection(): void {
  // Not under the scratch directory: its name holds the tool's name, which makes every file a suppression candidate.
  const tree = writeGitopsTree(mkdtempSync(path.join(tmpdir(), 'gitops-bench-')));
  const noRenderer = path.join(scratch, 'no-renderer-bin');
  mkdirSync(noRenderer, { recursive: true });
  const git = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  if (git && !existsSync(path.join(noRenderer, 'git'))) symlinkSync(git, path.join(noRenderer, 'git'));
  const renderer = spawnSync('sh', ['-c', 'command -v kustomize || command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  say('');
  say(`## 5. GitOps tree: ${tree.kustomizations} kustomizations (${tree.kustomizations / 4} bases, 3 overlays each) and a Component`);
  if (!renderer) {
    say('skipped: neither kustomize nor kubectl is on PATH');
    return;
  }
  const args = (report: string): string[] => [BUNDLE, tree.root, '--format', 'json', '--output', path.join(scratch, report), '--fail-on', 'none'];
  const rounds = quick ? 1 : 5;
  // Wall time, and CPU time with the renderer's (GNU time counts the children node waited for).
  const timed = (report: string, env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number } => {
    const started = performance.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args(report)], { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8' });
    const wallMs = performance.now() - started;
    if (r.status !== 0) throw new Error(`gitops lint exited ${String(r.status)}: ${r.stderr}`);
    const [user, system] = (r.stderr.trim().split('\n').pop() ?? '0 0').split(' ').map(Number);
    return { wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
  };
  if (!existsSync('/usr/bin/time')) {
    say("skipped: /usr/bin/time (GNU time) is needed to count the renderer's CPU time");
    return;
  }
  const withRuns: { wallMs: number; cpuMs: number }[] = [];
  const withoutRuns: { wallMs: number; cpuMs: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    withRuns.push(timed('gitops-rendered.json', {}));
    withoutRuns.push(timed('gitops-plain.json', { PATH: noRenderer }));
  }
  const withWall = median(withRuns.map((m) => m.wallMs));
  const withoutWall = median(withoutRuns.map((m) => m.wallMs));
  const withCpu = median(withRuns.map((m) => m.cpuMs));
  const withoutCpu = median(withoutRuns.map((m) => m.cpuMs));
  interface Report {
    findings: { file: string; line: number; severity: string }[];
    summary: { files: number; rendered?: { renderings: number; files: number } };
  }
  const rendered = JSON.parse(readFileSync(path.join(scratch, 'gitops-rendered.json'), 'utf8')) as Report;
  const plain = JSON.parse(readFileSync(path.join(scratch, 'gitops-plain.json'), 'utf8')) as Report;
  const atKustomization = rendered.findings.filter((f) => path.basename(f.file).startsWith('kustomization.') && f.line === 1 && f.severity !== 'info').length;
  say(
    `with ${path.basename(renderer)} (rendered)      ${fmt(withWall)} ms wall / ${fmt(withCpu)} ms CPU with the renderer's  (${rendered.findings.length} findings; ${rendered.summary.rendered?.files ?? 0} files through ${rendered.summary.rendered?.renderings ?? 0} renderings)`,
  );
  say(
    `without a renderer (as written) ${fmt(withoutWall)} ms wall / ${fmt(withoutCpu)} ms CPU  (${plain.findings.length} findings in ${plain.summary.files} files)`,
  );
  say(
    `ratio                          ${ratio(withWall, withoutWall)} wall, ${ratio(withCpu, withoutCpu)} CPU  (target ≤ 3×; medians of ${rounds} interleaved rounds)`,
  );
  say(`findings at kustomization.yaml:1 (not notes): ${atKustomization}`);
  rmSync(tree.root, { recursive: true, force: true });
}

writeFileSync(path.join(scratch, 'bench.txt'), `${lines.join('\n')}\n`);
process.stdout.write(`\n(written to ${path.join(scratch, 'bench.txt')})\n`);
