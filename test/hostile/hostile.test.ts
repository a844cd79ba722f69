import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { lint } from '../../src/lint/lint.js';
import { MAX_NESTING } from '../../src/parse/manifest.js';
import { CLI, fixture, REPO_ROOT, scratchDir } from '../harness.js';

/** A fresh directory with these files (`text` or bytes); returns its path. */
function tree(files: Record<string, string | Buffer>): string {
  const root = scratchDir('hostile');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  }
  return root;
}

async function lintIn(root: string, paths: string[] = ['.'], maxFileSize?: number): Promise<{ findings: Finding[]; ms: number }> {
  const started = performance.now();
  const { findings } = await lint(paths, { cwd: root, runtime: 'containerd', rules: RULES, ...(maxFileSize ? { maxFileSize } : {}) });
  return { findings, ms: performance.now() - started };
}

const brief = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.severity}`);

function billionLaughs(): string {
  // apiVersion and kind make it a candidate Kubernetes object, so the parser really reads it.
  let text = 'apiVersion: v1\nkind: ConfigMap\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]\n`;
  }
  return text;
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';

describe('hostile input', () => {
  it('YAML alias bomb ("billion laughs"): refused quickly, with a finding', async () => {
    const root = tree({ 'bomb.yaml': billionLaughs() });
    const { findings, ms } = await lintIn(root);
    assert.deepEqual(brief(findings), ['parse-error bomb.yaml:1 error']);
    assert.match(findings[0]?.message ?? '', /alias/i);
    assert.ok(ms < 5_000, `${ms} ms`);
  });

  it('a huge anchor referenced many times is shared, not copied, and a 20,000-key map parses in linear time', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  k${i}: v${i}\n`).join('');
    const root = tree({ 'anchor.yaml': `apiVersion: v1\nkind: ConfigMap\nbase: &big\n${keys}list:\n${'  - *big\n'.repeat(900)}` });
    const { findings, ms } = await lintIn(root);
    assert.deepEqual(findings, []);
    assert.ok(ms < 10_000, `${ms} ms`);
  });

  it("paths named in the user's files that cannot be looked at (under a file: ENOTDIR; a link loop: ELOOP) give findings, not a crash", async () => {
    const root = tree({
      'app.txt': 'not a directory\n',
      'docker-compose.yaml': 'services:\n  web:\n    build: ./app.txt\n    image: web:1\n',
      'chart/templates/web.yaml': POD,
    });
    symlinkSync('Chart.yaml', path.join(root, 'chart', 'Chart.yaml'));
    const { findings } = await lintIn(root, ['.', 'chart/templates/web.yaml']);
    assert.ok(
      findings.some((f) => f.file === 'docker-compose.yaml' && f.line === 4 && /app\.txt\/Dockerfile does not exist/.test(f.message)),
      JSON.stringify(findings),
    );
    assert.ok(!findings.some((f) => f.ruleId === 'internal-error'), JSON.stringify(findings));
    const config = spawnSync(process.execPath, [CLI, '.'], {
      cwd: tree({ '.lint-k8s.yaml': 'images:\n  web: app.txt/sub\n', 'app.txt': 'x\n' }),
      encoding: 'utf8',
    });
    assert.equal(config.status, 2, config.stderr);
    assert.match(config.stderr, /images\.web: app\.txt\/sub does not exist/);
  });

  it('repeated keys are still reported, as a warning (kubectl keeps the last value)', async () => {
    const root = tree({ 'dup.yaml': 'apiVersion: v1\nkind: Pod\nkind: Pod\n' });
    assert.deepEqual(brief((await lintIn(root)).findings), ['parse-error dup.yaml:3 warning']);
  });

  it('deeply nested YAML and JSON: a finding, no stack overflow — even next to a Dockerfile whose model is built first', async () => {
    const depth = 20_000;
    const root = tree({
      'flow.yaml': `apiVersion: v1\nkind: ConfigMap\na: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      'deep.json': `{"apiVersion":"v1","kind":"Pod","x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}\n`,
      'multi.yaml': `${POD}---\nb: ${'{"a": '.repeat(MAX_NESTING + 5)}1${'}'.repeat(MAX_NESTING + 5)}\n`,
      Dockerfile: `FROM debian:12\n${'RUN echo step && ls /tmp\n'.repeat(2_000)}CMD ["sleep", "1"]\n`,
    });
    const { findings } = await lintIn(root);
    const parseErrors = findings.filter((f) => f.ruleId === 'parse-error');
    assert.deepEqual(brief(parseErrors), ['parse-error deep.json:1 error', 'parse-error flow.yaml:1 error', 'parse-error multi.yaml:10 error']);
    for (const f of parseErrors) assert.match(f.message, /nested more than 200 levels/);
    // The shallow first document of multi.yaml is still linted.
    assert.ok(findings.some((f) => f.ruleId === 'besteffort-qos' && f.file === 'multi.yaml'));
  });

  it('shell nested thousands deep in RUN and CMD: modelled without a crash', async () => {
    const root = tree({
      Dockerfile: `FROM debian:12\nRUN echo ${'$('.repeat(5_000)}x${')'.repeat(5_000)}\nRUN ${'('.repeat(5_000)}x${')'.repeat(5_000)}\nCMD ${'if true; then '.repeat(3_000)}x${'; fi'.repeat(3_000)}\n`,
    });
    const { findings } = await lintIn(root);
    assert.ok(
      findings.every((f) => f.ruleId !== 'internal-error' && !f.message.includes('could not model')),
      JSON.stringify(findings),
    );
  });

  it('a Dockerfile with 10,000 instructions is linted in bounded time', async () => {
    const steps = Array.from({ length: 10_000 }, (_, i) =>
      i % 3 === 0 ? `ENV V${i}=${i}\n` : i % 3 === 1 ? `RUN echo ${i} > /tmp/${i}\n` : `COPY f${i % 7} /app/\n`,
    );
    const root = tree({ Dockerfile: `FROM debian:12\n${steps.join('')}CMD python app.py\n` });
    const { findings, ms } = await lintIn(root);
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['shell-stays-pid1'],
    );
    assert.ok(ms < 20_000, `${ms} ms`);
  });

  it('a 50 MB file is skipped above --max-file-size without being read, with a finding', async () => {
    const root = tree({ 'big.yaml': '' });
    truncateSync(path.join(root, 'big.yaml'), 50 * 1024 * 1024);
    const { findings, ms } = await lintIn(root);
    assert.deepEqual(brief(findings), ['parse-error big.yaml:1 warning']);
    assert.match(findings[0]?.message ?? '', /larger than --max-file-size: 52428800 bytes/);
    assert.ok(ms < 2_000, `${ms} ms`);
    const small = await lintIn(tree({ 'pod.yaml': POD }), ['.'], 10);
    assert.match(small.findings[0]?.message ?? '', /above the limit of 10/);
  });

  it('binary, invalid UTF-8, UTF-16 (with and without BOM): findings; a UTF-8 BOM is read as UTF-8', async () => {
    const root = tree({
      'binary.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]),
      'latin1.yaml': Buffer.from('name: caf\xe9\n', 'latin1'),
      'utf16le.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(POD, 'utf16le')]),
      'utf16be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(POD, 'utf16le').swap16()]),
      'utf16-nobom.yaml': Buffer.from(POD, 'utf16le'),
      'bom/pod.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(POD)]),
      'plain/pod.yaml': POD,
    });
    const { findings } = await lintIn(root);
    assert.deepEqual(brief(findings), [
      'parse-error binary.yaml:1 error',
      'besteffort-qos bom/pod.yaml:6 warning',
      'parse-error latin1.yaml:1 error',
      'besteffort-qos plain/pod.yaml:6 warning',
      'parse-error utf16-nobom.yaml:1 error',
      'parse-error utf16be.yaml:1 error',
      'parse-error utf16le.yaml:1 error',
    ]);
  });

  it('CRLF line endings everywhere give the same findings at the same lines', async () => {
    const dockerfile = readFileSync(path.join(REPO_ROOT, fixture('rules', 'shell-stays-pid1', 'bad-debian', 'Dockerfile')), 'utf8');
    const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
    const lf = await lintIn(tree({ 'app/Dockerfile': dockerfile, 'k8s/pod.yaml': POD }));
    const dos = await lintIn(tree({ 'app/Dockerfile': crlf(dockerfile), 'k8s/pod.yaml': crlf(POD) }));
    assert.ok(lf.findings.length >= 2);
    assert.deepEqual(
      dos.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.exitCode]),
      lf.findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.exitCode]),
    );
  });

  it('symbolic links: loops, links out of the tree and links to directories are not followed, and are reported', async () => {
    const outside = tree({ 'secret.yaml': POD });
    const root = tree({ 'pod.yaml': POD });
    symlinkSync('b.yaml', path.join(root, 'a.yaml'));
    symlinkSync('a.yaml', path.join(root, 'b.yaml'));
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'out.yaml'));
    symlinkSync('.', path.join(root, 'loop'));
    symlinkSync(outside, path.join(root, 'elsewhere'));
    symlinkSync('pod.yaml', path.join(root, 'same.yaml'));
    symlinkSync('missing.yaml', path.join(root, 'dangling.yaml'));
    const { findings } = await lintIn(root);
    assert.deepEqual(brief(findings), [
      'parse-error a.yaml:1 info',
      'parse-error b.yaml:1 info',
      'parse-error dangling.yaml:1 info',
      'parse-error elsewhere:1 info',
      'parse-error loop:1 info',
      'parse-error out.yaml:1 info',
      'besteffort-qos pod.yaml:6 warning',
      'besteffort-qos same.yaml:6 warning',
    ]);
    assert.match(findings.find((f) => f.file === 'out.yaml')?.message ?? '', /outside the scanned tree/);
    assert.match(findings.find((f) => f.file === 'a.yaml')?.message ?? '', /ELOOP/);
  });

  it('unreadable files and directories, and a FIFO, become findings; nothing hangs', () => {
    const root = tree({ 'ok.yaml': POD, 'secret.yaml': POD, 'locked/pod.yaml': POD });
    chmodSync(path.join(root, 'secret.yaml'), 0o000);
    chmodSync(path.join(root, 'locked'), 0o000);
    const fifo = path.join(root, 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    // chmod 000 does not stop root: run the CLI as nobody when the tests run as root.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    chmodSync(root, 0o755);
    const result = spawnSync(process.execPath, [CLI, '.', 'pipe.yaml', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 30_000, ...asNobody });
    assert.equal(result.error, undefined, String(result.error));
    const report = JSON.parse(result.stdout) as { findings: Finding[] };
    const lines = report.findings.map((f) => `${f.file} ${f.message}`);
    assert.ok(lines.includes('locked cannot read directory: EACCES'), lines.join('\n'));
    assert.ok(lines.includes('secret.yaml cannot read the file: EACCES'), lines.join('\n'));
    if (made.status === 0)
      assert.ok(
        lines.some((l) => l.startsWith('pipe.yaml cannot read the file: not a regular file')),
        lines.join('\n'),
      );
  });

  it('thousands of files in one directory', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3_000; i++) files[`pod-${String(i).padStart(4, '0')}.yaml`] = POD.replace('name: web', `name: web-${i}`);
    const { findings, ms } = await lintIn(tree(files));
    assert.equal(findings.length, 3_000);
    assert.equal(findings[0]?.file, 'pod-0000.yaml');
    assert.equal(findings[2_999]?.file, 'pod-2999.yaml');
    assert.ok(ms < 30_000, `${ms} ms`);
  });

  it('control characters and bidi overrides from file content never reach the terminal', () => {
    const root = tree({ 'pod.yaml': POD.replace('name: web\n', 'name: "web\\e[2J\\e]0;pwned\\a\\u202e\\nfake"\n') });
    const stylish = spawnSync(process.execPath, [CLI, '.'], { cwd: root, encoding: 'utf8' });
    assert.match(stylish.stdout, /web\\x1b\[2J\\x1b\]0;pwned\\x07\\u202e\\x0afake/);
    assert.doesNotMatch(stylish.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const json = spawnSync(process.execPath, [CLI, '.', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.ok((JSON.parse(json.stdout) as { findings: Finding[] }).findings[0]?.message.includes('\u001b[2J'));
  });

  it('SARIF locations never climb out of the scanned root', () => {
    const outside = tree({ 'pod.yaml': POD });
    const root = tree({ 'k8s/pod.yaml': POD });
    const relOutside = path.relative(root, path.join(outside, 'pod.yaml'));
    const result = spawnSync(process.execPath, [CLI, '.', relOutside, '--format', 'sarif'], { cwd: root, encoding: 'utf8' });
    const log = JSON.parse(result.stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
    };
    const locations = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation);
    assert.deepEqual(locations, [{ uri: new URL(`file://${path.join(outside, 'pod.yaml')}`).href }, { uri: 'k8s/pod.yaml', uriBaseId: '%SRCROOT%' }]);
  });
});
