import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { lint } from '../../src/lint.js';
import { scratchDir } from '../harness.js';

/*
 * Issue 12 on the rules: each class in a one-file (or two-file) repository, as a user would
 * write it, and the finding a user sees: rule, file, line, severity, exit code, message.
 */

type Files = Readonly<Record<string, string | { readonly content: string; readonly mode: number }>>;

async function lintFiles(files: Files): Promise<Finding[]> {
  const dir = scratchDir('issue12');
  for (const [name, file] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof file === 'string' ? file : file.content);
    chmodSync(target, typeof file === 'string' ? 0o644 : file.mode);
  }
  const { findings } = await lint(['.'], { cwd: dir, runtime: 'containerd', rules: RULES });
  // BestEffort pods are another rule's finding; these cases are about start and stop.
  return findings.filter((f) => f.ruleId !== 'besteffort-qos');
}

const seen = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.severity} ${f.exitCode ?? '-'}`);

const pod = (image: string, container: string, spec = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}  containers:\n    - name: c\n      image: ${image}\n${container}`;

describe('issue 12, class 1: official entrypoint + shell form', () => {
  for (const [from, cmd] of [
    ['node:20', 'CMD node server.js'],
    ['redis:7.4', 'CMD redis-server --appendonly yes'],
    ['eclipse-temurin:21-jre', 'CMD java -jar /app.jar'],
  ] as const) {
    it(`${from} + ${cmd}: shell-stays-pid1 error 137 at the CMD`, async () => {
      const findings = await lintFiles({ Dockerfile: `FROM ${from}\n${cmd}\n` });
      assert.deepEqual(seen(findings), ['shell-stays-pid1 Dockerfile:2 error 137']);
      assert.match(
        findings[0]?.message ?? '',
        /\/bin\/sh \(dash, .*\) stays PID 1: the entrypoint .* execs the shell-form CMD as `\/bin\/sh -c …`.*Use exec form: CMD \[/,
      );
    });
  }

  it('the project\'s own entrypoint script with exec "$@" and a shell-form CMD: error 137 at the CMD', async () => {
    const findings = await lintFiles({
      Dockerfile: 'FROM python:3.12-slim\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD gunicorn app:app\n',
      'entrypoint.sh': { content: '#!/bin/sh\nset -e\npython manage.py migrate\nexec "$@"\n', mode: 0o755 },
    });
    assert.deepEqual(seen(findings), ['shell-stays-pid1 Dockerfile:4 error 137']);
    assert.match(findings[0]?.message ?? '', /the entrypoint \/entrypoint\.sh execs the shell-form CMD/);
  });

  it('a pod args ["/bin/sh","-c","node server.js"] on node:20: error 137 at args', async () => {
    const findings = await lintFiles({ 'pod.yaml': pod('node:20', '      args: ["/bin/sh", "-c", "node server.js"]\n') });
    assert.deepEqual(seen(findings), ['shell-stays-pid1 pod.yaml:9 error 137']);
    assert.match(
      findings[0]?.message ?? '',
      /^Container c .*the entrypoint docker-entrypoint\.sh execs the container args.*Use exec form: args: \["node", "server\.js"\]/,
    );
  });
});

describe('issue 12, class 2: a shell given a script file', () => {
  it('CMD ["bash", "/app/run.sh"] → pid1-ignores-sigterm error 137 naming the script', async () => {
    const findings = await lintFiles({
      Dockerfile: 'FROM python:3.12-slim\nCOPY run.sh /app/run.sh\nCMD ["bash", "/app/run.sh"]\n',
      'run.sh': 'cd /app\npython app.py\n',
    });
    assert.deepEqual(seen(findings), ['pid1-ignores-sigterm Dockerfile:3 error 137']);
    assert.match(findings[0]?.message ?? '', /\/app\/run\.sh \(run by bash\) stays PID 1: it runs `python app\.py` without exec/);
  });
});

describe('issue 12, class 3: loops and traps', () => {
  it('a loop on Alpine (busybox) and on an unknown image started by a pod command: 137', async () => {
    const alpine = await lintFiles({ Dockerfile: 'FROM alpine:3.20\nCMD while true; do date; sleep 10; done\n' });
    assert.deepEqual(seen(alpine), ['shell-stays-pid1 Dockerfile:2 error 137']);
    assert.match(alpine[0]?.message ?? '', /busybox ash, alpine:3\.20 is Alpine\) stays PID 1/);
  });

  it("trap 'exit 0' TERM; tail -f /dev/null → 137; trap 'exit 0' TERM; while true; do sleep 2; done → no finding", async () => {
    const tail = await lintFiles({ Dockerfile: "FROM debian:bookworm\nCMD trap 'exit 0' TERM; tail -f /dev/null\n" });
    assert.deepEqual(seen(tail), ['shell-stays-pid1 Dockerfile:2 error 137']);
    assert.match(tail[0]?.message ?? '', /traps SIGTERM, but runs `tail -f \/dev\/null` in the foreground/);
    assert.deepEqual(seen(await lintFiles({ Dockerfile: "FROM debian:bookworm\nCMD trap 'exit 0' TERM; while true; do sleep 2; done\n" })), []);
  });
});

describe('issue 12, class 4: image-independent PID 1 programs on unknown images', () => {
  it('sleep infinity on mysql:8.0, exec tail -f on a Kafka image, sleep 3600 on registry.k8s.io/busybox: 137 each', async () => {
    const findings = await lintFiles({
      'pods.yaml': [
        pod('mysql:8.0', '      command: ["sleep", "infinity"]\n'),
        pod('confluentinc/cp-kafka:7.6.0', '      command: ["sh", "-c", "exec tail -f /dev/null"]\n'),
        pod('registry.k8s.io/busybox', '      command: ["sleep", "3600"]\n'),
      ].join('---\n'),
    });
    assert.deepEqual(seen(findings), [
      'pid1-ignores-sigterm pods.yaml:9 error 137',
      'pid1-ignores-sigterm pods.yaml:19 error 137',
      'pid1-ignores-sigterm pods.yaml:29 error 137',
    ]);
    assert.match(
      findings[0]?.message ?? '',
      /^Container c \(image mysql:8\.0 is not known to lint-k8s; its command decides what runs\): On stop, sleep is PID 1/,
    );
  });
});

describe('issue 12, class 5: COPY into /', () => {
  it('FROM scratch + COPY app / + ENTRYPOINT ["/app"]: no false StartError', async () => {
    assert.deepEqual(
      seen(
        await lintFiles({
          Dockerfile: 'FROM scratch\nCOPY app /\nENTRYPOINT ["/app"]\n',
          app: { content: `\u007fELF\u0002\u0001${'\u0000'.repeat(58)}`, mode: 0o755 },
        }),
      ),
      [],
    );
  });
  it('COPY run.sh / with mode 0644: entrypoint-not-executable', async () => {
    const findings = await lintFiles({
      Dockerfile: 'FROM debian:bookworm\nCOPY run.sh /\nENTRYPOINT ["/run.sh"]\n',
      'run.sh': '#!/bin/sh\nexec sleep infinity\n',
    });
    assert.deepEqual(seen(findings), ['entrypoint-not-executable Dockerfile:3 error 128']);
  });
});

describe('issue 12, class 6: program semantics', () => {
  it('CMD ["npm", "start"] on node:20 (Debian): exit 1 on stop, the app never drains', async () => {
    const findings = await lintFiles({ Dockerfile: 'FROM node:20\nCMD ["npm", "start"]\n' });
    assert.deepEqual(seen(findings), ['pid1-ignores-sigterm Dockerfile:2 error 1']);
    assert.match(findings[0]?.message ?? '', /npm is PID 1 and forwards SIGTERM to the `sh -c`.*dash.*npm exits 1.*never receives SIGTERM/);
  });
  it('uWSGI without die-on-term: warning 137; with --die-on-term: nothing', async () => {
    const findings = await lintFiles({ Dockerfile: 'FROM python:3.12-slim\nRUN pip install uwsgi\nCMD ["uwsgi", "--http", ":8000", "--module", "app:app"]\n' });
    assert.deepEqual(seen(findings), ['pid1-ignores-sigterm Dockerfile:3 warning 137']);
    assert.match(findings[0]?.message ?? '', /reload.*--die-on-term/);
    assert.deepEqual(seen(await lintFiles({ Dockerfile: 'FROM python:3.12-slim\nCMD ["uwsgi", "--die-on-term", "--module", "app:app"]\n' })), []);
  });
  it('python -m flask run: warning 137; manage.py runserver: nothing', async () => {
    const flask = await lintFiles({ Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]\n' });
    assert.deepEqual(seen(flask), ['pid1-ignores-sigterm Dockerfile:2 warning 137']);
    assert.match(flask[0]?.message ?? '', /flask run installs one only with its reloader/);
    const django = await lintFiles({
      Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY manage.py .\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n',
      'manage.py': 'import sys\n',
    });
    assert.deepEqual(seen(django), []);
  });
  it('gunicorn --daemon, mongod --fork, sshd without -D: cmd-daemonizes exit 0', async () => {
    for (const cmd of ['CMD ["gunicorn", "--daemon", "app:app"]', 'CMD ["mongod", "--fork", "--logpath", "/var/log/m.log"]', 'CMD ["/usr/sbin/sshd"]']) {
      const findings = await lintFiles({ Dockerfile: `FROM debian:bookworm\n${cmd}\n` });
      assert.deepEqual(seen(findings), ['cmd-daemonizes Dockerfile:2 error 0'], cmd);
    }
  });
  it('a broken exec form: program-not-found 127 after start', async () => {
    const findings = await lintFiles({ Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "app.py"\n' });
    assert.deepEqual(seen(findings), ['program-not-found Dockerfile:2 error 127']);
    assert.match(findings[0]?.message ?? '', /not valid exec form.*"\[python,: not found" and exits 127/);
  });
});

describe('issue 12, class 7: false alarms', () => {
  it('an unknown base with its own ENTRYPOINT (a Jupyter image): no pid1 claim for an exec-form CMD', async () => {
    const dockerfile = 'FROM quay.io/jupyter/base-notebook:2024-01-01\nCOPY start.sh /usr/local/bin/start-app.sh\nCMD ["start-app.sh"]\n';
    assert.deepEqual(seen(await lintFiles({ Dockerfile: dockerfile, 'start.sh': { content: '#!/bin/bash\npython app.py\n', mode: 0o755 } })), []);
  });
  it('an unknown base and a shell-form CMD: a warning that says the ENTRYPOINT is not known', async () => {
    const findings = await lintFiles({ Dockerfile: 'FROM registry.example.com/base:1\nRUN apt-get update\nCMD python app.py\n' });
    assert.deepEqual(seen(findings), ['shell-stays-pid1 Dockerfile:3 warning 137']);
    // The RUN that shows the image's family is where the shell comes from.
    assert.deepEqual(
      findings[0]?.related.map((r) => `${r.at.line} ${r.message}`),
      ['2 this RUN shows a Debian-like (dpkg/apt) image: /bin/sh is dash'],
    );
    assert.match(
      findings[0]?.message ?? '',
      /\/bin\/sh \(dash\) stays PID 1 .*unless the ENTRYPOINT of registry\.example\.com\/base:1 \(not known to lint-k8s\) is an init/,
    );
  });
  for (const from of ['amazonlinux:2023', 'amazoncorretto:21', 'registry.access.redhat.com/ubi9/ubi-minimal:9.4', 'rockylinux:9']) {
    it(`${from} + CMD java -jar: bash execs the JVM, no 137`, async () => {
      assert.deepEqual(seen(await lintFiles({ Dockerfile: `FROM ${from}\nCMD java -jar /app.jar\n` })), []);
    });
  }
  it('an unknown base that RUNs microdnf: bash, no 137 for a single command', async () => {
    assert.deepEqual(
      seen(await lintFiles({ Dockerfile: 'FROM registry.example.com/jvm:1\nRUN microdnf install -y curl\nENTRYPOINT java -jar /app.jar\n' })),
      [],
    );
  });
  it('shareProcessNamespace / hostPID: the default SIGTERM kills the app (143), no 137 on the pod', async () => {
    for (const spec of ['  shareProcessNamespace: true\n', '  hostPID: true\n']) {
      const findings = await lintFiles({ 'pod.yaml': pod('debian:bookworm-slim', '      command: ["sh", "-c", "sleep 1000 | cat"]\n', spec) });
      assert.deepEqual(
        seen(findings).filter((f) => !f.startsWith('pod-security')),
        [],
        spec,
      );
    }
  });
});
