import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseImageRef } from '../../src/knowledge/image-ref.js';
import { expand } from '../../src/model/common/expand.js';
import { analyzeShellString, shellStaysPid1 } from '../../src/model/process/command.js';
import { sleepArgumentSeconds } from '../../src/model/process/shell-program.js';
import { sleepSecondsOf } from '../../src/model/workload/stop-timeline.js';
import { parseShell } from '../../src/parse/shell.js';

describe('Dockerfile variable expansion', () => {
  const vars = new Map<string, string | undefined>([
    ['TAG', '3.12'],
    ['EMPTY', ''],
    ['OPEN', undefined],
  ]);
  it('expands the BuildKit forms', () => {
    assert.equal(expand('python:${TAG}-slim', vars), 'python:3.12-slim');
    assert.equal(expand('python:$TAG', vars), 'python:3.12');
    assert.equal(expand('${EMPTY:-fallback}', vars), 'fallback');
    assert.equal(expand('${EMPTY-fallback}', vars), '');
    assert.equal(expand('${UNSET:-x}', vars), 'x');
    assert.equal(expand('${TAG:+set}', vars), 'set');
    assert.equal(expand('\\$TAG', vars), '$TAG');
  });
  it('an ARG without a value makes the result unknown', () => {
    assert.equal(expand('${OPEN}', vars), undefined);
    assert.equal(expand('img:${OPEN:-1}', vars), undefined);
  });
});

describe('image references', () => {
  it('normalise Docker Hub names', () => {
    const ref = parseImageRef('docker.io/library/python:3.12-slim');
    assert.ok(ref.ok);
    assert.equal(ref.ref.repository, 'python');
    assert.equal(ref.ref.tag, '3.12-slim');
  });
  it('reject upper case in the repository (InvalidImageName)', () => {
    assert.equal(parseImageRef('ghcr.io/Acme/api:1').ok, false);
    assert.equal(parseImageRef('MyApp:1').ok, false);
  });
});

describe('shell exec shapes (SHELLS execsLastCommand; lab cases shell-exec *)', () => {
  const stays = async (script: string) => {
    const analysis = await analyzeShellString(await parseShell(script));
    return { dash: shellStaysPid1('dash', analysis), bash: shellStaysPid1('bash', analysis), busybox: shellStaysPid1('busybox', analysis) };
  };
  it('one simple command', async () => assert.deepEqual(await stays('python app.py'), { dash: true, bash: false, busybox: false }));
  it('after && and ;', async () => {
    assert.deepEqual(await stays('cd /app && python app.py'), { dash: true, bash: false, busybox: false });
    assert.deepEqual(await stays('export A=1; python app.py'), { dash: true, bash: false, busybox: false });
  });
  it('subshell and if body: only busybox execs', async () => {
    assert.deepEqual(await stays('(cd /app; ./server)'), { dash: true, bash: true, busybox: false });
    assert.deepEqual(await stays('if true; then ./server; fi'), { dash: true, bash: true, busybox: false });
  });
  it('pipeline and a command followed by another: every shell stays', async () => {
    assert.deepEqual(await stays('./server | tee log'), { dash: true, bash: true, busybox: true });
  });
  it('the exec builtin hands PID 1 over in every shell', async () => {
    assert.deepEqual(await stays('cd /app && exec python app.py'), { dash: false, bash: false, busybox: false });
  });
});

describe('sleep durations', () => {
  it('reads GNU/busybox sleep arguments', () => {
    assert.equal(sleepArgumentSeconds(['45']), 45);
    assert.equal(sleepArgumentSeconds(['1m', '30s']), 90);
    assert.equal(sleepArgumentSeconds(['0.5']), 0.5);
    assert.equal(sleepArgumentSeconds(['infinity']), undefined);
  });
  it('sums the sleeps a shell hook runs in sequence', async () => {
    assert.equal(await sleepSecondsOf(['sh', '-c', 'sleep 10 && nginx -s quit; sleep 5']), 15);
    assert.equal(await sleepSecondsOf(['/bin/sleep', '20']), 20);
    assert.equal(await sleepSecondsOf(['sh', '-c', 'if x; then sleep 100; fi']), undefined);
  });
});
