import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CLI, REPO_ROOT, fixture, scratchDir } from '../harness.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  findings: { ruleId: string; file: string; line: number; severity: string }[];
  summary: { errors: number; warnings: number; infos: number; suppressed: number };
}
const findings = (r: Run): [string, string][] => (JSON.parse(r.stdout) as JsonReport).findings.map((f) => [f.ruleId, f.severity]);
const DEMO = fixture('demo');
const BAD = fixture('rules', 'shell-stays-pid1', 'bad-debian');
const NO_COLOR_ENV = { NO_COLOR: undefined, FORCE_COLOR: undefined };

describe('CLI flags as hadolint, kube-linter and ESLint users expect', () => {
  it('--disable, --enable, --error/--warning/--info (the command line over the config); unknown rules are usage errors', () => {
    assert.deepEqual(findings(run([BAD, '-f', 'json'])), [['shell-stays-pid1', 'error']]);
    const off = run([BAD, '-f', 'json', '--disable', 'shell-stays-pid1']);
    assert.equal(off.status, 0);
    assert.deepEqual(findings(off), []);
    const warning = run([BAD, '-f', 'json', '--warning', 'shell-stays-pid1']);
    assert.equal(warning.status, 0);
    assert.deepEqual(findings(warning), [['shell-stays-pid1', 'warning']]);
    assert.deepEqual(findings(run([BAD, '-f', 'json', '--info', 'shell-stays-pid1,besteffort-qos'])), [['shell-stays-pid1', 'info']]);
    // The config turns a rule off; --enable turns it back on.
    const dir = scratchDir('flags-config');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:12\nCMD sleep infinity\n');
    writeFileSync(path.join(dir, '.lint-k8s.yaml'), 'rules:\n  shell-stays-pid1: off\n  pid1-ignores-sigterm: off\n');
    assert.deepEqual(findings(run(['.', '-f', 'json'], { cwd: dir })), []);
    assert.deepEqual(findings(run(['.', '-f', 'json', '--enable', 'shell-stays-pid1'], { cwd: dir })), [['shell-stays-pid1', 'error']]);
    const unknown = run([BAD, '--error', 'no-such-rule']);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, 'lint-k8s: --error no-such-rule: unknown rule (see --list-rules)\n');
  });

  it('--no-ignore-pragmas reports what comments and annotations silence', () => {
    const dir = scratchDir('flags-pragmas');
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:12\n# lint-k8s ignore=shell-stays-pid1 -- killed on stop by design\nCMD python3 job.py\n');
    const honoured = JSON.parse(run(['.', '-f', 'json'], { cwd: dir }).stdout) as JsonReport;
    assert.equal(honoured.summary.suppressed, 1);
    assert.deepEqual(
      honoured.findings.map((f) => f.ruleId),
      [],
    );
    const ignored = run(['.', '-f', 'json', '--no-ignore-pragmas'], { cwd: dir });
    assert.equal(ignored.status, 1);
    assert.deepEqual(findings(ignored), [['shell-stays-pid1', 'error']]);
  });

  it('--quiet shows errors only; --max-warnings N fails above N warnings', () => {
    const quiet = JSON.parse(run([DEMO, '-f', 'json', '--quiet']).stdout) as JsonReport;
    assert.ok(quiet.findings.length > 0);
    assert.ok(quiet.findings.every((f) => f.severity === 'error'));
    assert.equal(quiet.summary.warnings, 0);
    const warnOnly = [DEMO, '--disable', 'shell-stays-pid1,prestop-exceeds-grace,run-as-non-root-image-root,entrypoint-not-executable'];
    assert.equal(run([...warnOnly, '--max-warnings', '1']).status, 0);
    const over = run([...warnOnly, '--max-warnings', '0']);
    assert.equal(over.status, 1);
    assert.equal(over.stderr, 'lint-k8s: 1 warnings, more than --max-warnings 0\n');
  });

  it('colour: --color forces it, --no-color and NO_COLOR remove it, FORCE_COLOR turns it on without a terminal', () => {
    const escape = /\u001b\[/;
    assert.doesNotMatch(run([BAD], { env: NO_COLOR_ENV }).stdout, escape);
    assert.match(run([BAD, '--color'], { env: NO_COLOR_ENV }).stdout, escape);
    assert.match(run([BAD], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout, escape);
    assert.doesNotMatch(run([BAD], { env: { NO_COLOR: undefined, FORCE_COLOR: '0' } }).stdout, escape);
    assert.doesNotMatch(run([BAD, '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout, escape);
  });

  it('--verbose: the whole explanation; without it a long one is cut at a word with …', () => {
    const dir = scratchDir('flags-verbose');
    const words = Array.from({ length: 60 }, (_, i) => `arg${i}`).join(' ');
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM debian:12\nCMD python3 app.py ${words}\n`);
    const short = run(['.', '--fail-on', 'none'], { cwd: dir }).stdout;
    const full = run(['.', '--fail-on', 'none', '--verbose'], { cwd: dir }).stdout;
    assert.match(short, / …\n/);
    assert.match(full, /arg59/);
    assert.doesNotMatch(short, /arg59/);
  });

  it('several outputs in one run: --format sarif -o FILE --format stylish', () => {
    const file = path.join(scratchDir('flags-outputs'), 'lint.sarif');
    const r = run([BAD, '--format', 'sarif', '-o', file, '--format', 'stylish']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^\.\/fixtures\/rules\/shell-stays-pid1\/bad-debian\/Dockerfile\n {2}4:1 {2}error/);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: unknown[] }[] }).runs[0]?.results.length, 1);
    const twice = run([BAD, '-f', 'json', '-f', 'sarif']);
    assert.equal(twice.status, 2);
    assert.equal(twice.stderr, 'lint-k8s: more than one --format writes to standard output: give each but one an --output FILE\n');
  });

  it('--list-rules --format json and markdown', () => {
    const list = JSON.parse(run(['--list-rules', '--format', 'json']).stdout) as { id: string; severity: string; helpUri: string }[];
    assert.ok(list.some((r) => r.id === 'shell-stays-pid1' && r.severity === 'error' && r.helpUri.endsWith('/shell-stays-pid1.md')));
    const markdown = run(['--list-rules', '--format', 'markdown']).stdout;
    assert.match(markdown, /^\| rule \| severity \| predicts \| title \|\n\|---\|---\|---\|---\|\n/);
    assert.match(markdown, /^\| \[`shell-stays-pid1`\]\(.*\) \| error \| exit 137 on stop \| /m);
    const wrong = run(['--list-rules', '--format', 'sarif']);
    assert.equal(wrong.status, 2);
    assert.equal(wrong.stderr, 'lint-k8s: --list-rules takes --format json or markdown (or none)\n');
  });

  it("stylish headlines parse with VS Code's $eslint-stylish patterns: every finding, its line, column, severity and rule", () => {
    // The two patterns of vscode src/vs/workbench/contrib/tasks/common/problemMatcher.ts ('eslint-stylish'), looped as VS Code does.
    const fileLine = /^((?:[a-zA-Z]:)*[./\\]+.*?)$/;
    const location = /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.+?)(?:\s\s+(.*))?$/;
    const lines = run([DEMO, '--fail-on', 'none'], { env: NO_COLOR_ENV }).stdout.split('\n');
    const matched: string[] = [];
    let file: string | undefined;
    let looping = false;
    for (const line of lines) {
      const loc = looping ? location.exec(line) : null;
      if (loc) {
        matched.push(`${file}:${loc[1]}:${loc[2]} ${loc[3]} ${loc[5]}`);
        continue;
      }
      looping = false;
      const f = fileLine.exec(line);
      if (f) {
        file = f[1];
        looping = true;
      }
    }
    const expected = (JSON.parse(run([DEMO, '-f', 'json']).stdout) as JsonReport).findings.map(
      (f) => `./${f.file}:${f.line}:${(f as unknown as { column: number }).column} ${f.severity} ${f.ruleId}`,
    );
    assert.deepEqual(matched, expected);
  });
});

describe('report formats for CI systems', () => {
  it('github: a workflow command per finding', () => {
    const out = run([BAD, '-f', 'github']).stdout;
    assert.equal(
      out,
      '::error file=fixtures/rules/shell-stays-pid1/bad-debian/Dockerfile,line=4,endLine=4,col=1,endColumn=18,title=lint-k8s shell-stays-pid1%3A exit 137 on stop::On stop, /bin/sh (dash, python:3.12-slim is Debian slim) stays PID 1 and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. Use exec form: CMD ["python", "app.py"].\n',
    );
  });

  it('junit, checkstyle: well-formed XML with a test case / error per finding; gitlab: Code Quality issues', () => {
    const junit = run([DEMO, '-f', 'junit']).stdout;
    assert.match(junit, /^<\?xml version="1.0" encoding="utf-8"\?>\n<testsuites name="lint-k8s" tests="5" failures="5">\n/);
    assert.equal(junit.match(/<testcase /g)?.length, 5);
    assert.match(
      junit,
      /<testcase name="lint-k8s.shell-stays-pid1" classname="fixtures\/demo\/api\/Dockerfile">\n {6}<failure message="exit 137 on stop: On stop, \/bin\/sh/,
    );
    assert.match(run([fixture('rules', 'shell-stays-pid1', 'good-exec-form'), '-f', 'junit']).stdout, /tests="1" failures="0"/);
    const checkstyle = run([DEMO, '-f', 'checkstyle']).stdout;
    assert.match(
      checkstyle,
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<checkstyle version="4.3">\n {2}<file name="fixtures\/demo\/api\/Dockerfile">\n {4}<error line="16" column="1" severity="error" message="exit 137 on stop: On stop, \/bin\/sh \(dash, python:3.12-slim is Debian slim\) stays PID 1 and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. Use exec form: CMD \[&quot;gunicorn&quot;/,
    );
    assert.equal(checkstyle.match(/<error /g)?.length, 5);
    assert.match(checkstyle, /<\/checkstyle>\n$/);
    for (const xml of [junit, checkstyle]) assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&|<[^?/a-z]/);
    const gitlab = JSON.parse(run([DEMO, '-f', 'gitlab']).stdout) as {
      check_name: string;
      severity: string;
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }[];
    assert.equal(gitlab.length, 5);
    assert.deepEqual(
      { check: gitlab[0]?.check_name, severity: gitlab[0]?.severity, path: gitlab[0]?.location.path, begin: gitlab[0]?.location.lines.begin },
      { check: 'shell-stays-pid1', severity: 'major', path: 'fixtures/demo/api/Dockerfile', begin: 16 },
    );
    assert.equal(new Set(gitlab.map((i) => i.fingerprint)).size, 5);
    assert.ok(gitlab.every((i) => /^[0-9a-f]{32}$/.test(i.fingerprint)));
    assert.equal(run([fixture('rules', 'shell-stays-pid1', 'good-exec-form'), '-f', 'gitlab']).stdout, '[]\n');
  });

  it('the README opens with real output: each of its blocks is printed as is for the demo', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /```\n(\.\/fixtures\/demo\/[\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'README starts with an example');
    const real = run([DEMO], { env: { ...NO_COLOR_ENV, COLUMNS: undefined } }).stdout;
    const blocks = example.trim().split('\n\n');
    assert.equal(blocks.length, 3);
    for (const block of blocks) assert.ok(real.includes(`${block}\n\n`), block);
  });

  it('a GitLab job can use both reports (the README example is valid YAML)', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /```yaml\n(lint-k8s:\n[\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'README has a GitLab CI example');
    const job = (parse(block) as { 'lint-k8s': { artifacts: { reports: Record<string, string> } } })['lint-k8s'];
    assert.deepEqual(Object.keys(job.artifacts.reports).sort(), ['codequality', 'junit']);
  });
});
