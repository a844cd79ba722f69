import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { escapeData, escapeProperty, workflowCommand } from '../../src/report/workflow-commands.js';
import { fixture, REPO_ROOT, scratchDir } from '../harness.js';

const ENTRY = path.join(REPO_ROOT, 'action', 'index.js');
const VALIDATOR = path.join(REPO_ROOT, 'node_modules', '.bin', 'action-validator');

interface ActionRun {
  status: number | null;
  commands: string[];
  summary: string;
  outputs: Record<string, string>;
  sarif: { runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[] };
}

/** Runs the committed bundle as the runner does: inputs as INPUT_* variables, files for the summary and outputs. */
function runAction(cwd: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): ActionRun {
  const scratch = scratchDir('action');
  const summaryFile = path.join(scratch, 'summary.md');
  const outputFile = path.join(scratch, 'output');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const sarifFile = inputs['sarif-file'] ?? path.join(scratch, 'lint-k8s.sarif');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, ...extraEnv };
  for (const [name, value] of Object.entries({ ...inputs, 'sarif-file': sarifFile })) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [ENTRY], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const sarifText = (() => {
    try {
      return readFileSync(sarifFile, 'utf8');
    } catch {
      return '{"runs":[{"results":[]}]}';
    }
  })();
  return {
    status: r.status,
    commands: r.stdout.split('\n').filter((l) => l.startsWith('::')),
    summary: readFileSync(summaryFile, 'utf8'),
    outputs,
    sarif: JSON.parse(sarifText) as ActionRun['sarif'],
  };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('GitHub Action', () => {
  it('action.yml: valid metadata (action-validator), node24, entry present, every input and output handled', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
    const meta = parse(text) as { runs: { using: string; main: string }; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    assert.equal(meta.runs.using, 'node24');
    assert.equal(meta.runs.main, 'action/index.js');
    // @action-validator/cli 0.6.0 embeds a schema whose runs.using enum stops at node20 (node24 is newer),
    // so the rest of the file is validated with that one value swapped.
    const scratch = scratchDir('action-yml');
    writeFileSync(path.join(scratch, 'action.yml'), text.replace('using: node24', 'using: node20'));
    const valid = spawnSync(VALIDATOR, [path.join(scratch, 'action.yml')], { encoding: 'utf8' });
    assert.equal(valid.status, 0, valid.stdout + valid.stderr);
    writeFileSync(path.join(scratch, 'broken.yml'), text.replace('runs:', 'runz:'));
    assert.notEqual(spawnSync(VALIDATOR, [path.join(scratch, 'broken.yml')], { encoding: 'utf8' }).status, 0, 'the validator must reject a broken file');
    assert.deepEqual(Object.keys(meta.inputs), [
      'paths',
      'config',
      'fail-on',
      'runtime',
      'sarif-file',
      'annotations',
      'changed-only',
      'exclude',
      'disable',
      'ignore-pragmas',
    ]);
    assert.deepEqual(Object.keys(meta.outputs), ['sarif-file', 'errors', 'warnings']);
    const source = readFileSync(path.join(REPO_ROOT, 'src', 'action', 'main.ts'), 'utf8');
    for (const name of Object.keys(meta.inputs)) assert.ok(source.includes(`'${name}'`), `input ${name} is not read by src/action/main.ts`);
  });

  it('the committed bundle is what `npm run build:action` builds from src/', () => {
    const out = scratchDir('bundle');
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'src', 'action', 'bundle.js'), out], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const file of ['index.js', 'tree-sitter.wasm', 'tree-sitter-bash.wasm'])
      assert.ok(
        readFileSync(path.join(out, file)).equals(readFileSync(path.join(REPO_ROOT, 'action', file))),
        `action/${file} is stale: run npm run build:action`,
      );
  });

  it('on the demo: annotations, a job summary of predicted outcomes, SARIF, outputs, and failure', () => {
    const run = runAction(REPO_ROOT, { paths: fixture('demo') });
    assert.equal(run.status, 1);
    assert.deepEqual(run.commands, [
      '::error file=fixtures/demo/api/Dockerfile,line=16,endLine=16,col=1,endColumn=53,title=lint-k8s shell-stays-pid1%3A exit 137 on stop::On stop, /bin/sh (dash, python:3.12-slim is Debian slim) stays PID 1 and does not forward SIGTERM; after the grace period the kubelet sends SIGKILL: exit 137. Use exec form: CMD ["gunicorn", "--bind", "0.0.0.0:8080", "--workers", "2", "app:app"].',
      run.commands[1],
      run.commands[2],
      run.commands[3],
      run.commands[4],
      '::error title=lint-k8s::4 predicted failures at or above fail-on: error',
    ]);
    assert.match(run.commands[1] ?? '', /^::error file=fixtures\/demo\/k8s\/api.yaml,line=32,.*title=lint-k8s prestop-exceeds-grace%3A exit 137 on stop::/);
    assert.match(run.commands[2] ?? '', /^::error file=fixtures\/demo\/k8s\/worker.yaml,line=18,.*CreateContainerConfigError at create::Container worker/);
    assert.match(run.commands[3] ?? '', /^::error file=fixtures\/demo\/worker\/Dockerfile,line=12,.*StartError \(exit 128\) at create::/);
    assert.match(
      run.commands[4] ?? '',
      /^::warning file=fixtures\/demo\/k8s\/worker.yaml,line=19,.*OOMKilled \(exit 137\) under memory pressure::Deployment worker/,
    );
    assert.match(run.summary, /^## lint-k8s: predicted container failures\n\n\*\*4 errors, 1 warning, 0 info\*\*\./);
    assert.match(run.summary, /\| 🔴 \| \*\*exit 137 on stop\*\* \| `fixtures\/demo\/api\/Dockerfile:16` \| `shell-stays-pid1` \| On stop, /);
    assert.equal(run.outputs.errors, '4');
    assert.equal(run.outputs.warnings, '1');
    assert.ok(run.outputs['sarif-file']?.endsWith('lint-k8s.sarif'));
    assert.equal(run.sarif.runs[0]?.results.length, 5);
  });

  it('fail-on none passes; a bad input fails with a clear annotation; links when the run names the repository', () => {
    const run = runAction(
      REPO_ROOT,
      { paths: fixture('demo'), 'fail-on': 'none', annotations: 'false' },
      {
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: 'abc123',
      },
    );
    assert.equal(run.status, 0);
    assert.deepEqual(run.commands, []);
    assert.match(run.summary, /\[fixtures\/demo\/api\/Dockerfile:16\]\(https:\/\/github.com\/acme\/shop\/blob\/abc123\/fixtures\/demo\/api\/Dockerfile#L16\)/);
    const bad = runAction(REPO_ROOT, { paths: fixture('demo'), 'fail-on': 'sometimes' });
    assert.equal(bad.status, 2);
    assert.deepEqual(bad.commands, ['::error title=lint-k8s::input fail-on must be one of error, warning, info, none, found "sometimes"']);
  });

  it("sarif-file in a directory that does not exist yet: created; a usage error is one annotation, the CLI's own line", () => {
    const scratch = scratchDir('action-out');
    const sarifFile = path.join(scratch, 'out', 'x.sarif');
    const run = runAction(REPO_ROOT, { paths: fixture('rules', 'shell-stays-pid1', 'bad-debian'), 'sarif-file': sarifFile });
    assert.equal(run.status, 1);
    assert.equal(run.sarif.runs[0]?.results.length, 1);
    const missing = runAction(REPO_ROOT, { paths: 'no/such/dir' });
    assert.equal(missing.status, 2);
    assert.deepEqual(missing.commands, ['::error title=lint-k8s::no/such/dir%3A no such file or directory'.replace('%3A', ':')]);
  });

  it('paths are globs as the input promises (k8s/*.yaml **/Dockerfile); exclude and disable reach the CLI', () => {
    const run = runAction(path.join(REPO_ROOT, 'fixtures', 'demo'), {
      paths: 'k8s/*.yaml **/Dockerfile skaffold.yaml',
      'fail-on': 'none',
      annotations: 'false',
    });
    assert.equal(run.status, 0);
    assert.equal(run.sarif.runs[0]?.results.length, 5);
    const fewer = runAction(path.join(REPO_ROOT, 'fixtures', 'demo'), {
      paths: 'k8s/*.yaml **/Dockerfile skaffold.yaml',
      exclude: 'worker/',
      disable: 'besteffort-qos',
      'fail-on': 'none',
    });
    assert.deepEqual(fewer.sarif.runs[0]?.results.map((r) => r.ruleId).sort(), ['prestop-exceeds-grace', 'run-as-non-root-image-root', 'shell-stays-pid1']);
  });

  it('caps annotations at 10 per severity and says how many more there are', () => {
    const repo = scratchDir('many');
    for (let i = 0; i < 12; i++) {
      mkdirSync(path.join(repo, `svc${String(i).padStart(2, '0')}`));
      writeFileSync(path.join(repo, `svc${String(i).padStart(2, '0')}`, 'Dockerfile'), 'FROM debian:12\nCMD sleep infinity\n');
    }
    const run = runAction(repo, {});
    assert.equal(run.commands.filter((c) => c.startsWith('::error file=')).length, 10);
    assert.ok(
      run.commands.includes(
        '::notice title=lint-k8s::2 more error findings are not annotated (GitHub shows 10 per level): see the job summary and ' + run.outputs['sarif-file'],
      ),
    );
    assert.equal(run.outputs.errors, '12');
    assert.equal(run.summary.split('\n').filter((l) => l.startsWith('| 🔴')).length, 12);
  });

  it('changed-only: findings in changed files, and in Dockerfiles whose build context changed', () => {
    const repo = scratchDir('pr');
    for (const svc of ['api', 'worker', 'web']) {
      mkdirSync(path.join(repo, svc));
      writeFileSync(path.join(repo, svc, 'Dockerfile'), `FROM debian:12\nCOPY run.sh /run.sh\nCMD sleep infinity\n`);
      writeFileSync(path.join(repo, svc, 'run.sh'), '#!/bin/sh\necho hi\n');
      chmodSync(path.join(repo, svc, 'run.sh'), 0o755);
    }
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    const base = git(repo, 'rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'api', 'Dockerfile'), 'FROM debian:12\nCOPY run.sh /run.sh\nCMD sleep 3600\n');
    writeFileSync(path.join(repo, 'worker', 'run.sh'), '#!/bin/sh\necho changed\n');
    git(repo, 'commit', '-qam', 'change');
    const event = path.join(repo, '..', `${path.basename(repo)}-event.json`);
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: base } } }));
    const run = runAction(repo, { 'changed-only': 'true' }, { GITHUB_EVENT_PATH: event });
    assert.deepEqual(
      run.commands.filter((c) => c.startsWith('::error file=')).map((c) => c.slice(0, c.indexOf(','))),
      ['::error file=api/Dockerfile', '::error file=worker/Dockerfile'],
    );
    assert.equal(run.outputs.errors, '2');
    assert.match(run.summary, new RegExp(`touching files changed since ${base}`));
    // The SARIF file keeps every result: code scanning compares it with the base branch itself.
    assert.equal(run.sarif.runs[0]?.results.length, 3);

    const noBase = runAction(repo, { 'changed-only': 'true' });
    assert.equal(noBase.outputs.errors, '3');
    assert.ok(noBase.commands.some((c) => c.startsWith('::warning title=lint-k8s::changed-only: no pull request base')));
  });

  it('escapes workflow command data and properties', () => {
    assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
    assert.equal(
      workflowCommand('warning', { file: 'k8s/a,b.yaml', line: 3, title: 'x: y' }, 'two\nlines'),
      '::warning file=k8s/a%2Cb.yaml,line=3,title=x%3A y::two%0Alines',
    );
  });
});
