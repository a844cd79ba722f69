import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, fixture, lintFixture } from '../harness.js';

const keys = ['rule', 'file', 'line', 'severity', 'exitCode', 'reason'] as const;

/** Each bad fixture: the one finding a user sees (rule, Dockerfile line, severity, exit code, reason). */
const BAD: readonly [rule: string, fixtureName: string, line: number, severity: string, exitCode: number | null, reason: string | null, message: RegExp][] = [
  [
    'pid1-ignores-sigterm',
    'bad-script-no-exec',
    5,
    'error',
    137,
    'Error',
    /entrypoint\.sh stays PID 1: it runs `node server\.js` without exec.*exec node server\.js/,
  ],
  ['pid1-ignores-sigterm', 'bad-sleep', 4, 'error', 137, 'Error', /sleep is PID 1 and installs no SIGTERM handler/],
  ['pid1-ignores-sigterm', 'warn-node-no-handler', 5, 'warning', 137, 'Error', /node is PID 1.*entry file registers no SIGTERM handler/],
  ['pid1-ignores-sigterm', 'warn-go-no-notify', 8, 'warning', 2, 'Error', /Go binary \/server.*exits 2/],
  ['pid1-ignores-sigterm', 'warn-trap-foreground', 5, 'warning', 137, 'Error', /traps SIGTERM, but runs `python app\.py` in the foreground/],
  ['program-not-found', 'bad-distroless-sleep', 8, 'error', 128, 'StartError', /sleep is not in the image.*distroless/],
  ['program-not-found', 'bad-scratch-path', 3, 'error', 128, 'StartError', /\/server does not exist.*FROM scratch starts empty/],
  ['program-not-found', 'bad-tini-child', 5, 'error', 127, 'Error', /\/sbin\/tini starts bash, which is not in the image/],
  ['program-not-found', 'bad-exec-args', 5, 'error', 127, 'Error', /\/entry\.sh execs bash.*exits 127/],
  ['interpreter-missing', 'bad-bash-on-alpine', 3, 'error', 255, 'Error', /#!\/bin\/bash.*Alpine, which has no bash/],
  ['interpreter-missing', 'bad-crlf', 3, 'error', 255, 'Error', /CRLF.*"\/bin\/sh\\r"/],
  ['interpreter-missing', 'bad-no-shebang', 3, 'error', 255, 'Error', /no #! line.*exec format error/],
  ['interpreter-missing', 'bad-env-bash', 3, 'error', 127, 'Error', /#!\/usr\/bin\/env bash.*env exits 127/],
  ['interpreter-missing', 'bad-go-cgo-alpine', 8, 'error', 255, 'Error', /Go binary: cgo is on.*net\/http.*no glibc loader/],
  [
    'shell-form-without-shell',
    'bad-distroless',
    3,
    'error',
    128,
    'StartError',
    /\/bin\/sh is not in the image.*has no shell.*CMD \["\/server", "--port", "8080"\]/,
  ],
  ['shell-form-without-shell', 'bad-scratch', 3, 'error', 128, 'StartError', /FROM scratch has no files/],
  ['cmd-daemonizes', 'bad-nginx', 3, 'error', 0, 'Completed', /`nginx` starts the service in the background.*daemon off/],
  ['cmd-daemonizes', 'bad-redis', 2, 'error', 0, 'Completed', /--daemonize yes/],
  ['cmd-daemonizes', 'bad-service', 3, 'error', 0, 'Completed', /`service apache2 start`/],
  ['cmd-daemonizes', 'bad-gunicorn-daemon', 5, 'error', 0, 'Completed', /`gunicorn --daemon .*Drop `--daemon`\/`-D`/],
  [
    'pid1-ignores-sigterm',
    'bad-npm-start',
    4,
    'error',
    1,
    'Error',
    /npm is PID 1 and forwards SIGTERM to the `sh -c`.*dash.*npm exits 1.*never receives SIGTERM/,
  ],
  ['pid1-ignores-sigterm', 'warn-uwsgi', 5, 'warning', 137, 'Error', /uwsgi is PID 1 and treats SIGTERM as "reload".*--die-on-term/],
  [
    'pid1-ignores-sigterm',
    'bad-bash-script-file',
    4,
    'error',
    137,
    'Error',
    /\/app\/run\.sh \(run by bash\) stays PID 1: it runs `python app\.py` without exec/,
  ],
  ['program-not-found', 'bad-broken-exec-form', 4, 'error', 127, 'Error', /not valid exec form.*"\[python,: not found" and exits 127/],
  [
    'server-refuses-root',
    'bad-shell-form',
    2,
    'error',
    1,
    'Error',
    /first argument is `postgres` or an option; here it is `\/bin\/sh`.*"root" execution of the PostgreSQL server is not permitted/,
  ],
];

const GOOD: readonly [rule: string, fixtureName: string][] = [
  ['pid1-ignores-sigterm', 'good-node-handler'],
  ['pid1-ignores-sigterm', 'good-trap-wait'],
  ['pid1-ignores-sigterm', 'good-java'],
  ['pid1-ignores-sigterm', 'good-nginx-quit'],
  ['program-not-found', 'good-unknown-image'],
  ['program-not-found', 'good-debug-busybox'],
  ['interpreter-missing', 'good-apk-bash'],
  ['interpreter-missing', 'good-unknown-package'],
  ['shell-form-without-shell', 'good-debug-shell'],
  ['cmd-daemonizes', 'good-nginx-conf'],
  ['cmd-daemonizes', 'good-redis'],
  ['server-refuses-root', 'good-exec-form'],
];

describe('start and stop predictions from the image', () => {
  for (const [rule, name, line, severity, exitCode, reason, message] of BAD) {
    it(`${rule}/${name}: ${severity} exit ${exitCode}`, async () => {
      const dir = fixture('rules', rule, name);
      const findings = await lintFixture(dir);
      assert.deepEqual(brief(findings, keys), [{ rule, file: `${dir}/Dockerfile`, line, severity, exitCode, reason }]);
      assert.match(findings[0]?.message ?? '', message);
    });
  }
  for (const [rule, name] of GOOD) {
    it(`${rule}/${name}: no finding`, async () => {
      assert.deepEqual(brief(await lintFixture(fixture('rules', rule, name))), []);
    });
  }

  it('--runtime changes the start outcomes: docker 127 / crun 1', async () => {
    const notFound = await lintFixture(fixture('rules', 'program-not-found', 'bad-distroless-sleep'), 'docker');
    assert.deepEqual(brief(notFound, ['exitCode', 'reason']), [{ exitCode: 127, reason: null }]);
    const interpreter = await lintFixture(fixture('rules', 'interpreter-missing', 'bad-bash-on-alpine'), 'cri-o');
    assert.deepEqual(brief(interpreter, ['exitCode', 'reason']), [{ exitCode: 1, reason: 'Error' }]);
    const noShell = await lintFixture(fixture('rules', 'shell-form-without-shell', 'bad-scratch'), 'cri-o');
    assert.deepEqual(brief(noShell, ['exitCode', 'reason']), [{ exitCode: null, reason: 'CreateContainerError' }]);
  });
});

describe('precision on real-image patterns', () => {
  for (const name of [
    'official-entrypoint',
    'fixed-by-run-chmod',
    'fixed-by-copy-chmod',
    'git-0755',
    'tini',
    'go-static',
    'nginx-official',
    'heredoc-entrypoint',
  ]) {
    it(`${name}: no error-level finding`, async () => {
      const findings = await lintFixture(fixture('precision', name));
      assert.deepEqual(
        findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message}`),
        [],
      );
      assert.deepEqual(brief(findings), []);
    });
  }
});
