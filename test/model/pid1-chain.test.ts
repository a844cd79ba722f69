import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FileModes } from '../../src/discover/file-modes.js';
import { ImageFileSystem } from '../../src/model/image/image-fs.js';
import { buildImageModel } from '../../src/model/image.js';
import { ImageJoin } from '../../src/model/join.js';
import type { Startup } from '../../src/model/process/startup.js';
import { kubernetesObjects, workloadOf } from '../../src/model/workload/workload.js';
import { type JoinedContainer } from '../../src/model/join.js';
import { parseDockerfileText } from '../../src/parse/dockerfile.js';
import { parseManifestText } from '../../src/parse/manifest.js';
import { scratchDir } from '../harness.js';

type Files = Readonly<Record<string, string | { readonly content: string; readonly mode: number }>>;

/** Models the Dockerfile of a one-directory build context written from `files`. */
async function startupOf(files: Files): Promise<Startup> {
  const dir = scratchDir('pid1-chain');
  for (const [name, file] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof file === 'string' ? file : file.content);
    chmodSync(target, typeof file === 'string' ? 0o644 : file.mode);
  }
  const text = typeof files.Dockerfile === 'string' ? files.Dockerfile : '';
  const image = await buildImageModel({
    file: 'Dockerfile',
    absPath: path.join(dir, 'Dockerfile'),
    parsed: parseDockerfileText(text),
    fs: new ImageFileSystem(new FileModes()),
  });
  assert.ok(image.startup, 'the image has a startup');
  return image.startup;
}

/** The containers of a one-document manifest, joined to the images lint-k8s knows (none built here). */
async function containersOf(yaml: string): Promise<JoinedContainer[]> {
  const doc = parseManifestText(yaml).documents[0];
  assert.ok(doc);
  const [object] = kubernetesObjects('pod.yaml', doc);
  assert.ok(object);
  const workload = await workloadOf(object);
  assert.ok(workload);
  const joined = await new ImageJoin([], [], new ImageFileSystem(new FileModes())).workload(workload);
  return [...joined.containers];
}

/** What a user would be told: who is PID 1, how the stop ends, how sure. */
function stopBrief(startup: Startup | undefined): { pid1: string | undefined; exitCode: number | undefined; certainty: string; cause: string } {
  assert.ok(startup);
  const pid1 = startup.stop.pid1;
  const name =
    pid1 === undefined
      ? undefined
      : pid1.kind === 'shell'
        ? `shell ${pid1.shellKind}`
        : pid1.kind === 'unknown'
          ? 'unknown'
          : `${pid1.kind} ${pid1.argv[0] ?? ''}`;
  return { pid1: name, exitCode: startup.stop.exitCode, certainty: startup.stop.certainty, cause: startup.stop.cause.kind };
}

const pod = (image: string, container: string, spec = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}  containers:\n    - name: c\n      image: ${image}\n${container}`;

describe('1. official entrypoint + shell form: the entrypoint execs /bin/sh -c, which stays PID 1', () => {
  for (const [from, cmd, shell, at] of [
    ['node:20', 'CMD node server.js', 'dash', 2],
    ['redis:7.4', 'CMD redis-server --appendonly yes', 'dash', 2],
    ['nginx:1.27', 'CMD nginx -g "daemon off;"', 'dash', 2],
    ['eclipse-temurin:21-jre', 'CMD java -jar /app.jar', 'dash', 2],
  ] as const) {
    it(`${from} + ${cmd} → ${shell} is PID 1, 137 certain, located at the CMD`, async () => {
      const startup = await startupOf({ Dockerfile: `FROM ${from}\n${cmd}\n` });
      const steps = startup.chain.steps.map((s) => s.kind);
      assert.deepEqual(steps, ['wrapper', 'shell']);
      const stop = stopBrief(startup);
      // nginx's image sets STOPSIGNAL SIGQUIT: dash ignores it the same way.
      assert.deepEqual(stop, { pid1: `shell ${shell}`, exitCode: 137, certainty: 'certain', cause: 'shell-stays' });
      assert.equal(startup.stop.pid1?.at.line, at);
    });
  }

  it('a pod with args ["/bin/sh","-c","…"] on node:20: docker-entrypoint.sh execs dash, 137 certain, at args', async () => {
    const [container] = await containersOf(pod('node:20', '      args: ["/bin/sh", "-c", "node server.js"]\n'));
    const startup = container?.joined?.startup;
    assert.deepEqual(stopBrief(startup), { pid1: 'shell dash', exitCode: 137, certainty: 'certain', cause: 'shell-stays' });
    assert.equal(startup?.stop.pid1?.at.line, 9);
  });

  it('postgres + shell-form CMD: the entrypoint does not step down ($1 is /bin/sh), postgres refuses root and exits 1 at start', async () => {
    const startup = await startupOf({ Dockerfile: 'FROM postgres:16\nCMD postgres -c max_connections=200\n' });
    const start = startup.chain.start;
    assert.equal(start?.kind, 'refuses-root');
    assert.deepEqual(start?.kind === 'refuses-root' ? [start.exitCode, start.firstArgument, start.error, start.at.line] : [], [
      1,
      '/bin/sh',
      '"root" execution of the PostgreSQL server is not permitted.',
      2,
    ]);
    // Exec form: the entrypoint gets `postgres`, initialises and steps down.
    assert.equal((await startupOf({ Dockerfile: 'FROM postgres:16\nCMD ["postgres", "-c", "max_connections=200"]\n' })).chain.start, undefined);
    // An option first: the entrypoint prepends postgres.
    assert.equal((await startupOf({ Dockerfile: 'FROM postgres:16\nCMD ["-c", "max_connections=200"]\n' })).chain.start, undefined);
    // A non-root USER: no refusal.
    assert.equal((await startupOf({ Dockerfile: 'FROM postgres:16\nUSER postgres\nCMD postgres\n' })).chain.start, undefined);
  });
});

describe('2. a shell given a script file runs it and stays PID 1 unless the script execs', () => {
  it('CMD ["bash", "/app/run.sh"]: the script is PID 1, 137 certain', async () => {
    const startup = await startupOf({
      Dockerfile: 'FROM python:3.12-slim\nCOPY run.sh /app/run.sh\nCMD ["bash", "/app/run.sh"]\n',
      'run.sh': 'cd /app\npython app.py\n',
    });
    assert.deepEqual(stopBrief(startup), { pid1: 'script bash', exitCode: 137, certainty: 'certain', cause: 'script-stays' });
    const pid1 = startup.stop.pid1;
    assert.equal(pid1?.kind === 'script' ? [pid1.runBy, pid1.shellKind, pid1.scriptFile?.imagePath].join(' ') : '', 'argument bash /app/run.sh');
  });

  it('CMD /bin/sh /deploy.sh on a bash image: bash execs `/bin/sh /deploy.sh`, whose shell stays PID 1', async () => {
    const startup = await startupOf({
      Dockerfile: 'FROM fedora:40\nCOPY deploy.sh /deploy.sh\nCMD /bin/sh /deploy.sh\n',
      'deploy.sh': 'echo deploying\nsleep 3600\n',
    });
    assert.deepEqual(stopBrief(startup), { pid1: 'script /bin/sh', exitCode: 137, certainty: 'certain', cause: 'script-stays' });
  });

  it('a script that execs hands PID 1 on: `sh /entry.sh node server.js` with exec "$@"', async () => {
    const startup = await startupOf({
      Dockerfile: 'FROM node:20\nCOPY entry.sh /entry.sh\nCMD ["sh", "/entry.sh", "sleep", "infinity"]\n',
      'entry.sh': 'set -e\nexec "$@"\n',
    });
    assert.deepEqual(stopBrief(startup), { pid1: 'program sleep', exitCode: 137, certainty: 'certain', cause: 'program-ignores' });
  });

  it('command: ["/bin/sh", "/scripts/x.sh"] with a script lint-k8s cannot read: unknown, never a guess', async () => {
    const [container] = await containersOf(pod('python:3.12-slim', '      command: ["/bin/sh", "/scripts/x.sh"]\n'));
    const startup = container?.joined?.startup;
    assert.deepEqual(stopBrief(startup), { pid1: undefined, exitCode: undefined, certainty: 'unknown', cause: 'unknown' });
    const last = startup?.chain.steps[startup.chain.steps.length - 1];
    assert.equal(last?.kind === 'unknown' ? last.cause.kind : undefined, 'script-unread');
  });
});

describe('3. loops and traps', () => {
  for (const from of ['debian:bookworm', 'fedora:40', 'alpine:3.20', 'example.com/unknown/image:1']) {
    it(`a while loop keeps the shell PID 1 on ${from} → 137 certain`, async () => {
      const startup = await startupOf({ Dockerfile: `FROM ${from}\nCMD while true; do echo tick; sleep 5; done\n` });
      // The unknown image's ENTRYPOINT is not known (class 7): the shell form is still analysed, every shell would stay.
      if (from.startsWith('example.com')) {
        assert.equal(startup.stop.certainty, 'unknown');
        assert.equal(startup.shellForm?.analysis.shape, 'inLoop');
      } else
        assert.deepEqual(stopBrief(startup), {
          pid1: `shell ${startup.shellForm?.shellKind ?? ''}`,
          exitCode: 137,
          certainty: 'certain',
          cause: 'shell-stays',
        });
    });
  }

  it('a loop on an unknown image started by a pod command: every shell stays → 137 certain', async () => {
    const [container] = await containersOf(pod('example.com/tools:1', '      command: ["sh", "-c", "until false; do sleep 1; done"]\n'));
    assert.deepEqual(stopBrief(container?.imageIndependent?.startup), { pid1: 'shell unknown', exitCode: 137, certainty: 'certain', cause: 'shell-stays' });
  });

  it("trap 'exit 0' TERM; tail -f /dev/null → still 137 (the trap waits for tail)", async () => {
    for (const from of ['debian:bookworm', 'alpine:3.20', 'fedora:40']) {
      const startup = await startupOf({ Dockerfile: `FROM ${from}\nCMD trap 'exit 0' TERM; tail -f /dev/null\n` });
      assert.deepEqual(
        stopBrief(startup),
        {
          pid1: startup.stop.pid1?.kind === 'shell' ? `shell ${startup.stop.pid1.shellKind}` : 'x',
          exitCode: 137,
          certainty: 'certain',
          cause: 'trap-waits-for-foreground',
        },
        from,
      );
    }
  });

  it("trap 'exit 0' TERM; while true; do sleep 2; done → exits 0 within the sleep (clean)", async () => {
    const startup = await startupOf({ Dockerfile: "FROM debian:bookworm\nCMD trap 'exit 0' TERM; while true; do sleep 2; done\n" });
    assert.deepEqual(stopBrief(startup), { pid1: 'shell dash', exitCode: 0, certainty: 'certain', cause: 'trap-in-loop' });
    assert.equal(startup.stop.clean, true);
  });

  it('a trap that does not exit lets the loop go on → 137; a trap with exit 3 exits 3', async () => {
    const goesOn = await startupOf({ Dockerfile: "FROM debian:bookworm\nCMD trap 'echo bye' TERM; while true; do sleep 2; done\n" });
    assert.deepEqual(stopBrief(goesOn).exitCode, 137);
    const three = await startupOf({ Dockerfile: "FROM alpine:3.20\nCMD trap 'echo bye; exit 3' TERM; while :; do sleep 1; done\n" });
    assert.deepEqual([three.stop.exitCode, three.stop.clean], [3, true]);
  });

  it('a script file: trap + bounded loop exits 0; trap + foreground server is 137 likely', async () => {
    const loop = await startupOf({
      Dockerfile: 'FROM debian:bookworm\nCOPY entry.sh /entry.sh\nENTRYPOINT ["/entry.sh"]\n',
      'entry.sh': { content: '#!/bin/sh\ncleanup() {\n  echo stopping\n  exit 0\n}\ntrap cleanup TERM\nwhile true; do sleep 2; done\n', mode: 0o755 },
    });
    assert.deepEqual(stopBrief(loop), { pid1: 'script /entry.sh', exitCode: 0, certainty: 'certain', cause: 'trap-in-loop' });
    const foreground = await startupOf({
      Dockerfile: 'FROM debian:bookworm\nCOPY entry.sh /entry.sh\nENTRYPOINT ["/entry.sh"]\n',
      'entry.sh': { content: "#!/bin/sh\ntrap 'exit 0' TERM\npython app.py\n", mode: 0o755 },
    });
    assert.deepEqual(stopBrief(foreground), { pid1: 'script /entry.sh', exitCode: 137, certainty: 'likely', cause: 'trap-waits-for-foreground' });
  });
});

describe('4. image-independent PID 1 programs on images lint-k8s does not know', () => {
  for (const [image, command, pid1] of [
    ['mysql:8.0', '["sleep", "infinity"]', 'program sleep'],
    ['confluentinc/cp-kafka:7.6.0', '["sh", "-c", "exec tail -f /dev/null"]', 'program tail'],
    ['registry.k8s.io/busybox', '["sleep", "3600"]', 'program sleep'],
  ] as const) {
    it(`${image} with command ${command} → ${pid1} ignores SIGTERM, 137 certain`, async () => {
      const [container] = await containersOf(pod(image, `      command: ${command}\n`));
      assert.equal(container?.joined, undefined, 'not joined: the image is not known');
      assert.deepEqual(stopBrief(container?.imageIndependent?.startup), { pid1, exitCode: 137, certainty: 'certain', cause: 'program-ignores' });
      assert.equal(container?.imageIndependent?.source, 'unknown');
    });
  }

  it('args alone on an unknown image: its ENTRYPOINT decides, nothing is claimed', async () => {
    const [container] = await containersOf(pod('mysql:8.0', '      args: ["sleep", "infinity"]\n'));
    assert.equal(container?.imageIndependent, undefined);
  });
});

describe('5. COPY/ADD into /', () => {
  it('COPY app / on scratch places /app: no false "nothing puts it there"', async () => {
    const startup = await startupOf({ Dockerfile: 'FROM scratch\nCOPY app /\nENTRYPOINT ["/app"]\n', app: { content: '\u007fELF', mode: 0o755 } });
    assert.equal(startup.program?.file.state, 'file');
  });

  it('COPY run.sh / with mode 0644: the file is there and not executable', async () => {
    const startup = await startupOf({
      Dockerfile: 'FROM debian:bookworm\nCOPY run.sh /\nENTRYPOINT ["/run.sh"]\n',
      'run.sh': '#!/bin/sh\nexec sleep infinity\n',
    });
    const file = startup.program?.file;
    assert.deepEqual(file?.state === 'file' ? [file.executable, file.placedAt?.line] : [], [false, 2]);
  });

  it('COPY . . in the default WORKDIR places the context at /', async () => {
    const startup = await startupOf({
      Dockerfile: 'FROM debian:bookworm\nCOPY . .\nCMD ["/start.sh"]\n',
      'start.sh': { content: '#!/bin/sh\nexec sleep infinity\n', mode: 0o755 },
    });
    assert.equal(startup.program?.file.state, 'file');
    assert.deepEqual(stopBrief(startup), { pid1: 'program sleep', exitCode: 137, certainty: 'certain', cause: 'program-ignores' });
  });
});

describe('6. program semantics', () => {
  it('CMD ["npm", "start"] on Debian: npm forwards to its dash child, which dies; npm exits 1, the app never drains', async () => {
    const startup = await startupOf({ Dockerfile: 'FROM node:20\nCMD ["npm", "start"]\n' });
    assert.deepEqual(stopBrief(startup), { pid1: 'program npm', exitCode: 1, certainty: 'certain', cause: 'package-runner' });
    assert.equal(startup.stop.clean, false);
    for (const runner of ['yarn', 'pnpm']) {
      const other = await startupOf({ Dockerfile: `FROM node:20-bookworm-slim\nCMD ["${runner}", "start"]\n` });
      assert.deepEqual([other.stop.exitCode, other.stop.certainty, other.stop.cause.kind], [1, 'certain', 'package-runner'], runner);
    }
    // On Alpine the script shell (busybox) execs the app, which gets the signal: its own handler decides.
    assert.equal((await startupOf({ Dockerfile: 'FROM node:20-alpine\nCMD ["npm", "start"]\n' })).stop.certainty, 'unknown');
  });

  it('uWSGI without die-on-term reloads on SIGTERM → 137; with --die-on-term, UWSGI_DIE_ON_TERM or die-on-term in its ini it exits', async () => {
    const base = 'FROM python:3.12-slim\nRUN pip install uwsgi\n';
    assert.deepEqual(stopBrief(await startupOf({ Dockerfile: `${base}CMD ["uwsgi", "--http", ":8000", "--module", "app:app"]\n` })), {
      pid1: 'program uwsgi',
      exitCode: 137,
      certainty: 'likely',
      cause: 'program-reloads',
    });
    assert.equal((await startupOf({ Dockerfile: `${base}CMD ["uwsgi", "--die-on-term", "--module", "app:app"]\n` })).stop.clean, true);
    assert.equal((await startupOf({ Dockerfile: `${base}ENV UWSGI_DIE_ON_TERM=true\nCMD ["uwsgi", "--module", "app:app"]\n` })).stop.clean, true);
    const ini = await startupOf({
      Dockerfile: `${base}COPY app.ini /app.ini\nCMD ["uwsgi", "--ini", "/app.ini"]\n`,
      'app.ini': '[uwsgi]\nmodule = app:app\ndie-on-term = true\n',
    });
    assert.equal(ini.stop.clean, true);
    const unread = await startupOf({ Dockerfile: `${base}CMD ["uwsgi", "--ini", "/etc/uwsgi/app.ini"]\n` });
    assert.equal(unread.stop.certainty, 'unknown');
  });

  it('python -m flask run without the reloader → 137 likely; with --debug or FLASK_DEBUG=1 → exits 0', async () => {
    assert.deepEqual(stopBrief(await startupOf({ Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]\n' })), {
      pid1: 'program python',
      exitCode: 137,
      certainty: 'likely',
      cause: 'launcher',
    });
    const debug = await startupOf({ Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "-m", "flask", "run", "--debug"]\n' });
    assert.deepEqual([debug.stop.exitCode, debug.stop.clean], [0, true]);
    const env = await startupOf({ Dockerfile: 'FROM python:3.12-slim\nENV FLASK_DEBUG=1\nCMD ["flask", "run"]\n' });
    assert.deepEqual([env.stop.exitCode, env.stop.clean], [0, true]);
  });

  it('Django manage.py runserver installs a SIGTERM handler → exits 0; --noreload → 137 likely', async () => {
    const files = { 'manage.py': 'import os\nimport sys\n' };
    const run = await startupOf({
      ...files,
      Dockerfile: 'FROM python:3.12-slim\nCOPY manage.py /app/manage.py\nWORKDIR /app\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n',
    });
    assert.deepEqual([run.stop.exitCode, run.stop.clean, run.stop.cause.kind], [0, true, 'launcher']);
    const noreload = await startupOf({
      ...files,
      Dockerfile: 'FROM python:3.12-slim\nCOPY manage.py /app/manage.py\nWORKDIR /app\nCMD ["python", "manage.py", "runserver", "--noreload"]\n',
    });
    assert.deepEqual([noreload.stop.exitCode, noreload.stop.certainty], [137, 'likely']);
  });

  it('daemonizing commands: gunicorn --daemon/-D, mongod --fork, sshd without -D, supervisord without -n', async () => {
    const daemon = async (cmd: string): Promise<string | undefined> =>
      (await startupOf({ Dockerfile: `FROM debian:bookworm\n${cmd}\n` })).chain.daemonizes?.command.id;
    assert.equal(await daemon('CMD ["gunicorn", "--daemon", "app:app"]'), 'gunicorn-daemon');
    assert.equal(await daemon('CMD ["gunicorn", "-D", "app:app"]'), 'gunicorn-daemon');
    assert.equal(await daemon('CMD ["gunicorn", "app:app"]'), undefined);
    assert.equal(await daemon('CMD ["mongod", "--fork", "--logpath", "/var/log/mongod.log"]'), 'mongod-fork');
    assert.equal(await daemon('CMD ["/usr/sbin/sshd"]'), 'sshd');
    assert.equal(await daemon('CMD ["/usr/sbin/sshd", "-D"]'), undefined);
    assert.equal(await daemon('CMD ["supervisord", "-n"]'), undefined);
    const conf = await startupOf({
      Dockerfile:
        'FROM debian:bookworm\nCOPY supervisord.conf /etc/supervisor/supervisord.conf\nCMD ["supervisord", "-c", "/etc/supervisor/supervisord.conf"]\n',
      'supervisord.conf': '[supervisord]\nnodaemon=true\n',
    });
    assert.equal(conf.chain.daemonizes, undefined);
    const daemonConf = await startupOf({
      Dockerfile: 'FROM debian:bookworm\nCOPY supervisord.conf /etc/supervisord.conf\nCMD ["supervisord"]\n',
      'supervisord.conf': '[supervisord]\nlogfile=/tmp/s.log\n',
    });
    assert.deepEqual([daemonConf.chain.daemonizes?.command.id, daemonConf.chain.daemonizes?.certainty], ['supervisord', 'certain']);
  });

  it('a broken exec form is shell form: dash runs `[python,` → 127 at start', async () => {
    const startup = await startupOf({ Dockerfile: 'FROM python:3.12-slim\nCMD ["python", "app.py"\n' });
    const start = startup.chain.start;
    assert.deepEqual(start?.kind === 'shell-command-not-found' ? [start.word, start.exitCode, start.at.line] : [], ['[python,', 127, 2]);
    const quoted = await startupOf({ Dockerfile: "FROM node:20\nCMD ['node', 'server.js']\n" });
    assert.equal(quoted.chain.start?.kind === 'shell-command-not-found' ? quoted.chain.start.word : undefined, '[node,');
  });
});

describe('7. false alarms', () => {
  it('an unknown base image: its ENTRYPOINT is not assumed absent (start-notebook.sh under tini is not PID 1)', async () => {
    const startup = await startupOf({ Dockerfile: 'FROM quay.io/jupyter/base-notebook:2024-01-01\nCMD ["start-notebook.sh"]\n' });
    assert.equal(startup.command?.entrypointUnknown, true);
    assert.deepEqual(stopBrief(startup), { pid1: undefined, exitCode: undefined, certainty: 'unknown', cause: 'unknown' });
    assert.equal(startup.chain.steps[0]?.kind === 'unknown' ? startup.chain.steps[0].cause.kind : undefined, 'entrypoint-unknown');
  });

  for (const from of ['amazonlinux:2023', 'fedora:40', 'registry.access.redhat.com/ubi9/ubi-minimal:9.4', 'rockylinux:9', 'almalinux:9', 'amazoncorretto:21']) {
    it(`${from}: /bin/sh is bash, which execs the single command → the JVM is PID 1 → 143`, async () => {
      const startup = await startupOf({ Dockerfile: `FROM ${from}\nCMD java -jar /app.jar\n` });
      assert.deepEqual(
        startup.chain.steps.map((s) =>
          s.kind === 'shell' ? `shell ${s.shellKind} stays=${String(s.staysPid1)}` : `${s.kind} ${s.kind === 'unknown' ? '' : (s.argv[0] ?? '')}`,
        ),
        ['shell bash stays=false', 'program java'],
      );
      // Never the shell's 137: the JVM is PID 1, and what it does on TERM is the java record's 143
      // (the stop itself stays app-dependent: an application can replace the JVM's handler).
      assert.notEqual(startup.stop.exitCode, 137);
      const pid1 = startup.stop.pid1;
      const reaction = pid1?.kind === 'program' ? pid1.facts?.asPid1.SIGTERM : undefined;
      assert.deepEqual(reaction?.kind === 'exits' ? [reaction.exitCode, /java\.lang\.Terminator/.test(reaction.source)] : reaction, [143, true]);
    });
  }

  for (const [from, run] of [
    ['registry.access.redhat.com/ubi9/openjdk-21:1.20', ''],
    ['registry.example.com/base/jvm:1', 'RUN microdnf install -y java-21-openjdk-headless\n'],
  ] as const) {
    it(`${from}${run ? ` + ${run.trim()}` : ''}: an unknown base shown to be Red Hat-like, CMD java -jar → bash, no 137 whatever the ENTRYPOINT`, async () => {
      const startup = await startupOf({ Dockerfile: `FROM ${from}\n${run}CMD java -jar /app.jar\n` });
      assert.equal(startup.command?.entrypointUnknown, true);
      assert.equal(startup.shellForm?.shellKind, 'bash');
    });
  }

  for (const [from, run, shell] of [
    ['registry.example.com/base/jvm:1', 'RUN apt-get update && apt-get install -y curl', 'dash'],
    ['registry.example.com/base/jvm:1', 'RUN apk add --no-cache curl', 'busybox'],
    ['registry.example.com/base/jvm:1', 'RUN microdnf install -y curl', 'bash'],
    ['registry.example.com/base/jvm:21-bookworm', 'RUN true', 'dash'],
    ['registry.example.com/base/jvm:21-alpine', 'RUN true', 'busybox'],
  ] as const) {
    it(`an unknown base with \`${run}\` (${from.split(':')[1]}): /bin/sh is ${shell}`, async () => {
      const startup = await startupOf({ Dockerfile: `FROM ${from}\n${run}\nENTRYPOINT java -jar /app.jar\n` });
      const first = startup.chain.steps[0];
      assert.equal(first?.kind === 'shell' ? first.shellKind : undefined, shell);
    });
  }

  it('mixed evidence settles nothing', async () => {
    const startup = await startupOf({ Dockerfile: 'FROM example.com/x:1\nRUN apk add curl || apt-get install -y curl\nENTRYPOINT java -jar /app.jar\n' });
    const first = startup.chain.steps[0];
    assert.equal(first?.kind === 'shell' ? first.shellKind : undefined, 'unknown');
  });

  for (const [spec, kind] of [
    ['  hostPID: true\n', 'host'],
    ['  shareProcessNamespace: true\n', 'pod'],
  ] as const) {
    it(`${spec.trim()}: the app is not namespace init, the default SIGTERM kills it → 143`, async () => {
      const [container] = await containersOf(pod('debian:bookworm-slim', '      command: ["sleep", "infinity"]\n', spec));
      const stop = container?.joined?.startup?.stop;
      assert.deepEqual([stop?.exitCode, stop?.clean, stop?.notNamespaceInit, container?.joined?.pidNamespace.kind], [143, true, kind, kind]);
      const shell = await containersOf(pod('node:20', '      args: ["/bin/sh", "-c", "node server.js"]\n', spec));
      assert.equal(shell[0]?.joined?.startup?.stop.exitCode, 143);
    });
  }
});
