import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { loadConfig } from '../../src/config/config.js';
import { lint } from '../../src/lint/lint.js';
import { REPO_ROOT, brief, fixture, lintFixture } from '../harness.js';

const dir = (name: string): string => fixture('join', name);
const keys = ['rule', 'file', 'line', 'exitCode', 'reason'] as const;

describe('joining workloads to images', () => {
  it('.lint-k8s.yaml maps a repository to a build context; any tag or digest matches; command replaces the image CMD', async () => {
    const findings = await lintFixture(dir('config'));
    assert.deepEqual(brief(findings, keys), [{ rule: 'shell-stays-pid1', file: `${dir('config')}/deploy/api.yaml`, line: 16, exitCode: 137, reason: 'Error' }]);
    const [finding] = findings;
    assert.match(finding?.message ?? '', /Container api .*services\/api\/Dockerfile.*dash.*command: \["python", "\/app\/app\.py"\]/);
    assert.deepEqual(
      finding?.related.map((r) => `${r.at.file}:${r.at.line}`),
      [`${dir('config')}/services/api/Dockerfile:1`, `${dir('config')}/services/api/Dockerfile:1`],
    );
  });

  it('a Dockerfile named by --config is modelled even outside the scanned paths', async () => {
    const config = loadConfig({
      cwd: REPO_ROOT,
      paths: [],
      configFile: `${dir('config')}/.lint-k8s.yaml`,
      knownRules: new Set(RULES.map((r) => r.meta.id)),
    });
    const { findings } = await lint([`${dir('config')}/deploy`], { cwd: REPO_ROOT, runtime: 'containerd', rules: RULES, config });
    assert.deepEqual(brief(findings, keys), [{ rule: 'shell-stays-pid1', file: `${dir('config')}/deploy/api.yaml`, line: 16, exitCode: 137, reason: 'Error' }]);
  });

  it('skaffold artifacts join by image, context and docker.dockerfile', async () => {
    const findings = await lintFixture(dir('skaffold'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'entrypoint-not-executable', file: `${dir('skaffold')}/k8s/worker.yaml`, line: 15, exitCode: 128, reason: 'StartError' },
    ]);
    assert.match(findings[0]?.message ?? '', /Dockerfile\.worker \(joined by fixtures\/join\/skaffold\/skaffold\.yaml\)/);
    assert.ok(findings[0]?.related.some((r) => r.at.file === `${dir('skaffold')}/skaffold.yaml` && r.at.line === 7));
    assert.ok(findings[0]?.related.some((r) => r.at.file === `${dir('skaffold')}/worker/Dockerfile.worker` && r.at.line === 3));
  });

  it('compose services join by image and build; args under a command sh -c are the script', async () => {
    const findings = await lintFixture(dir('compose'), 'docker');
    assert.deepEqual(brief(findings, keys), [{ rule: 'shell-stays-pid1', file: `${dir('compose')}/k8s/web.yaml`, line: 13, exitCode: 137, reason: 'Error' }]);
    assert.match(findings[0]?.message ?? '', /busybox ash/);
  });

  it('images not built here use the base-image knowledge; on unknown images only a `command` that decides PID 1 is followed', async () => {
    const findings = await lintFixture(dir('base-image'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'shell-stays-pid1', file: `${dir('base-image')}/jobs.yaml`, line: 12, exitCode: 137, reason: 'Error' },
      // `sh -c "reporter | tee …"`: a pipeline keeps every shell PID 1, whatever the image.
      { rule: 'shell-stays-pid1', file: `${dir('base-image')}/jobs.yaml`, line: 32, exitCode: 137, reason: 'Error' },
    ]);
    assert.match(
      findings[1]?.message ?? '',
      /^Container unknown \(image quay\.io\/acme\/reporter:1\.0 is not known to lint-k8s; its command decides what runs\): .*whatever shell the image has \(the command is in a pipeline\)/,
    );
  });

  it('every startup prediction runs on containers whose command changes how the image starts', async () => {
    const findings = await lintFixture(dir('startup-rules'));
    assert.deepEqual(brief(findings, keys), [
      { rule: 'pid1-ignores-sigterm', file: `${dir('startup-rules')}/pods.yaml`, line: 9, exitCode: 137, reason: 'Error' },
      { rule: 'program-not-found', file: `${dir('startup-rules')}/pods.yaml`, line: 25, exitCode: 128, reason: 'StartError' },
    ]);
    assert.match(findings[0]?.message ?? '', /^Container sleeper \(image debian:bookworm-slim is Debian slim\): On stop, sleep is PID 1/);
  });
});
