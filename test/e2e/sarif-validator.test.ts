/**
 * The SARIF report as GitHub code scanning ingests it: the structural contract, and Microsoft's
 * SARIF validator (`Sarif.Multitool validate` with the GitHub ingestion rules) reporting nothing
 * at levels Error and Warning. Runs the built CLI, as a CI job would.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log, PhysicalLocation, Region, Result, Run } from 'sarif';
import { RULES } from '../../rules/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { ruleHelpUri, ruleMarkdown, ruleText } from '../../src/report/rule-doc.js';
import { formatSarif } from '../../src/report/sarif.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli.js');

const DOCKERFILE = 'FROM python:3.12-slim\nCMD python app.py\n';

/** No resources (BestEffort) and a preStop sleep longer than the default 30 s grace period. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: python:3.12-slim
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "45"]
`;

const BROKEN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n  data: {\n';

interface CliRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly log: Log;
}

/** Runs `lint-k8s . --format sarif -o FILE` in `cwd` and reads the report back. */
async function lintToSarif(cwd: string, output: string): Promise<CliRun> {
  const run = spawnSync(process.execPath, [CLI, '.', '--format', 'sarif', '-o', output], { cwd, encoding: 'utf8' });
  const log = JSON.parse(await readFile(output, 'utf8')) as Log;
  return { status: run.status, stderr: run.stderr, log };
}

function onlyRun(log: Log): Run {
  assert.equal(log.runs.length, 1, 'one run per report');
  const run = log.runs[0];
  assert.ok(run);
  return run;
}

/** The text a single-line region covers (columns are UTF-16 code units, as `columnKind` says). */
function regionText(file: string, region: Region): string {
  const line = file.split('\n')[(region.startLine ?? 0) - 1] ?? '';
  return line.slice((region.startColumn ?? 1) - 1, (region.endColumn ?? 1) - 1);
}

void describe('SARIF report', () => {
  let work = '';
  let findingsDir = '';
  let emptyDir = '';
  let findingsRun: CliRun;
  let emptyRun: CliRun;

  before(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'lint-k8s-sarif-'));
    findingsDir = path.join(work, 'findings');
    emptyDir = path.join(work, 'empty');
    await mkdir(findingsDir);
    await mkdir(emptyDir);
    await writeFile(path.join(findingsDir, 'Dockerfile'), DOCKERFILE);
    await writeFile(path.join(findingsDir, 'k8s.yaml'), DEPLOYMENT);
    await writeFile(path.join(findingsDir, 'broken.yaml'), BROKEN_YAML);
    findingsRun = await lintToSarif(findingsDir, path.join(work, 'findings.sarif'));
    emptyRun = await lintToSarif(emptyDir, path.join(work, 'empty.sarif'));
  });

  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  void it('exits 1 for error findings and 0 for nothing to lint', () => {
    assert.equal(findingsRun.status, 1, findingsRun.stderr);
    assert.equal(emptyRun.status, 0, emptyRun.stderr);
  });

  void it('keeps the structural contract GitHub relies on', async () => {
    const run = onlyRun(findingsRun.log);
    assert.equal(findingsRun.log.version, '2.1.0');

    const { driver } = run.tool;
    assert.equal(driver.name, 'lint-k8s');
    assert.match(driver.version ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(driver.informationUri?.startsWith('https://'), 'informationUri');
    const rules = driver.rules ?? [];
    assert.deepEqual(
      rules.map((r) => r.id),
      RULES.map((r) => r.meta.id),
      'driver.rules lists every rule, in RULES order',
    );
    for (const [i, descriptor] of rules.entries()) {
      const meta = RULES[i]?.meta;
      assert.ok(meta);
      assert.ok(descriptor.fullDescription?.text, `${meta.id}: fullDescription`);
      assert.equal(descriptor.help?.text, ruleText(meta), `${meta.id}: help.text is the rule doc`);
      assert.equal(descriptor.help?.markdown, ruleMarkdown(meta), `${meta.id}: help.markdown is the rule doc`);
      assert.equal(descriptor.helpUri, ruleHelpUri(meta.id));
      assert.equal(descriptor.defaultConfiguration?.level, { error: 'error', warning: 'warning', info: 'note' }[meta.severity]);
    }
    assert.ok(run.originalUriBaseIds?.['%SRCROOT%'], 'originalUriBaseIds describes %SRCROOT%');

    const results = run.results ?? [];
    assert.deepEqual(
      [...new Set(results.map((r) => r.ruleId))].sort(),
      ['besteffort-qos', 'parse-error', 'prestop-exceeds-grace', 'shell-stays-pid1'],
      'the inputs produce these rules',
    );

    const files = new Map<string, string>();
    const fileText = async (uri: string): Promise<string> => {
      const cached = files.get(uri);
      if (cached !== undefined) return cached;
      const text = await readFile(path.join(findingsDir, ...uri.split('/').map(decodeURIComponent)), 'utf8');
      files.set(uri, text);
      return text;
    };
    const checkLocation = async (where: string, location: PhysicalLocation | undefined): Promise<void> => {
      const uri = location?.artifactLocation?.uri ?? '';
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%', `${where}: uriBaseId`);
      assert.doesNotMatch(uri, /^[a-z][a-z0-9+.-]*:/i, `${where}: ${uri} is relative (no scheme)`);
      assert.ok(!uri.startsWith('/') && !uri.includes('\\'), `${where}: ${uri} is relative with forward slashes`);
      assert.ok(existsSync(path.join(findingsDir, ...uri.split('/').map(decodeURIComponent))), `${where}: ${uri} names an input file`);
      const region = location?.region;
      assert.ok(region, `${where}: region`);
      const { startLine, startColumn, endLine, endColumn } = region;
      for (const [name, value] of Object.entries({ startLine, startColumn, endLine, endColumn })) {
        assert.ok(Number.isInteger(value) && (value ?? 0) >= 1, `${where}: ${name} ${String(value)} is a 1-based integer`);
      }
      assert.ok((endLine ?? 0) >= (startLine ?? 0), `${where}: endLine >= startLine`);
      if (endLine === startLine) assert.ok((endColumn ?? 0) > (startColumn ?? 0), `${where}: endColumn > startColumn on one line`);
      assert.ok((startLine ?? 0) <= (await fileText(uri)).split('\n').length, `${where}: startLine is inside the file`);
    };

    const fingerprints = new Set<string>();
    for (const [i, result] of results.entries()) {
      const where = `results[${i}] (${String(result.ruleId)})`;
      assert.ok(result.ruleId !== undefined && rules.some((r) => r.id === result.ruleId), `${where}: ruleId is in driver.rules`);
      assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId, `${where}: ruleIndex points at its rule`);
      assert.ok(['error', 'warning', 'note'].includes(result.level ?? ''), `${where}: level`);
      assert.match(result.message.text ?? '', /\S.*\.$/s, `${where}: message is a sentence`);
      assert.equal(result.locations?.length, 1, `${where}: one location`);
      await checkLocation(where, result.locations?.[0]?.physicalLocation);
      for (const [j, related] of (result.relatedLocations ?? []).entries()) {
        assert.match(related.message?.text ?? '', /\S.*\.$/s, `${where}.relatedLocations[${j}]: message is a sentence`);
        await checkLocation(`${where}.relatedLocations[${j}]`, related.physicalLocation);
      }
      const fingerprint = result.partialFingerprints?.['lintK8sFinding/v2'];
      assert.ok(fingerprint, `${where}: partialFingerprints`);
      assert.ok(!fingerprints.has(fingerprint), `${where}: fingerprint is unique in the run`);
      fingerprints.add(fingerprint);
      const properties = result.properties ?? {};
      for (const key of ['exitCode', 'reason', 'phase', 'runtime']) assert.ok(key in properties, `${where}: properties.${key}`);
    }

    // Exact regions: the shell-form CMD, and the FROM line that decides which shell it is.
    const pid1 = results.find((r) => r.ruleId === 'shell-stays-pid1') as Result;
    const cmd = pid1.locations?.[0]?.physicalLocation;
    assert.equal(cmd?.artifactLocation?.uri, 'Dockerfile');
    assert.deepEqual(cmd?.region, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 18 });
    assert.equal(regionText(DOCKERFILE, cmd.region), 'CMD python app.py');
    const from = pid1.relatedLocations?.[0]?.physicalLocation;
    assert.ok(from?.region, 'shell-stays-pid1 points at the FROM line');
    assert.equal(regionText(DOCKERFILE, from.region), 'FROM python:3.12-slim');
    assert.deepEqual(pid1.properties, { exitCode: 137, reason: 'Error', phase: 'stop', runtime: 'containerd' });

    const empty = onlyRun(emptyRun.log);
    assert.deepEqual(empty.results, []);
    assert.equal(empty.tool.driver.rules?.length, RULES.length, 'an empty report still describes the rules');
  });

  void it('gives findings that differ only in a line number distinct fingerprints', () => {
    const finding = (line: number): Finding => ({
      ruleId: 'entrypoint-not-executable',
      messageId: 'modeUnknown',
      identity: `modeUnknown\0path=/app/run.sh\0line N`,
      severity: 'error',
      message: `the mode of /app/run.sh is unknown: RUN at line ${line} may change it`,
      file: 'Dockerfile',
      line,
      column: 1,
      endLine: line,
      endColumn: 10,
      exitCode: 126,
      reason: 'StartError',
      phase: 'start',
      runtime: 'containerd',
      related: [],
    });
    const tool = { name: 'lint-k8s', version: '0.0.0', informationUri: 'https://example.invalid' };
    const log = JSON.parse(formatSarif([finding(3), finding(7)], RULES, tool)) as Log;
    const fingerprints = (onlyRun(log).results ?? []).map((r) => r.partialFingerprints?.['lintK8sFinding/v2']);
    assert.equal(fingerprints.length, 2);
    assert.notEqual(fingerprints[0], fingerprints[1]);
    assert.equal(fingerprints[1], `${fingerprints[0]}:2`, 'the second occurrence is numbered, the first keeps its value');
  });

  void it('passes the SARIF validator with the GitHub ingestion rules (no errors, no warnings)', { timeout: 180_000 }, async (t) => {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      // @microsoft/sarif-multitool-linux ships a linux-x64 .NET single-file binary only.
      const reason = `Sarif.Multitool runs on linux-x64 only, this is ${process.platform}-${process.arch}`;
      t.diagnostic(`validator skipped: ${reason}`);
      t.skip(reason);
      return;
    }
    const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool-linux') as string;
    // npm may skip the package's postinstall `chmod u+x`.
    await chmod(multitool, 0o755).catch(() => undefined);
    await access(multitool, constants.X_OK);

    for (const [name, input] of [
      ['findings', path.join(work, 'findings.sarif')],
      ['empty', path.join(work, 'empty.sarif')],
    ] as const) {
      // The validator refuses to overwrite its output, so each run writes to a fresh path.
      const output = path.join(work, `${name}.validation.sarif`);
      const run = spawnSync(multitool, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '--output', output, input], {
        encoding: 'utf8',
        timeout: 120_000,
        // Without libicu the .NET runtime aborts at start-up; the validator needs no culture data.
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      });
      const transcript = `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}`;
      assert.equal(run.status, 0, `Sarif.Multitool failed on ${name}.sarif:\n${transcript}`);
      const validation = onlyRun(JSON.parse(await readFile(output, 'utf8')) as Log);
      const validatorRules = validation.tool.driver.rules ?? [];
      // Results carry a message id and arguments; the text is the rule's message string with them filled in.
      const messages = (validation.results ?? []).map((r) => {
        const template = validatorRules.find((rule) => rule.id === r.ruleId)?.messageStrings?.[r.message.id ?? '']?.text;
        const text = r.message.text ?? template?.replace(/\{(\d+)\}/g, (_m, n: string) => r.message.arguments?.[Number(n)] ?? '') ?? JSON.stringify(r.message);
        return `${String(r.ruleId)} ${r.level ?? 'warning'}: ${text}`;
      });
      assert.deepEqual(messages, [], `Sarif.Multitool validate reported on ${name}.sarif:\n${messages.join('\n')}`);
    }
  });
});
