import { dedent, ruleTester } from '../rule-tester.js';

/** A Dockerfile with a shell-form CMD (dash stays PID 1) built as ghcr.io/acme/api, and the Deployments that run it. */
function sharedNamespaceCase(pods: readonly string[]): Record<string, string> {
  const deployment = (name: string, spec: string): string =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  selector:',
      `    matchLabels: {app: ${name}}`,
      '  template:',
      '    metadata:',
      `      labels: {app: ${name}}`,
      '    spec:',
      ...(spec ? [`      ${spec}`] : []),
      '      containers:',
      '        - name: api',
      '          image: ghcr.io/acme/api:1.0',
    ].join('\n');
  return {
    'api/Dockerfile': 'FROM python:3.12-slim\nCOPY app.py /app/app.py\nCMD python /app/app.py\n',
    'api/app.py': 'print("ok")\n',
    'k8s/api.yaml': `${pods.map((p, i) => deployment(`api-${i}`, p)).join('\n---\n')}\n`,
  };
}

ruleTester('shell-stays-pid1', {
  valid: [
    {
      name: 'an official entrypoint that execs "$@" with an exec-form CMD and a SIGTERM handler',
      files: {
        Dockerfile: dedent`
          FROM node:20
          WORKDIR /app
          COPY server.js .
          CMD ["node", "server.js"]
        `,
        'server.js': dedent`
          process.on('SIGTERM', () => process.exit(0));
          require('http').createServer((q, s) => s.end('ok')).listen(8080);
        `,
      },
    },
    {
      name: 'busybox ash (Alpine) execs the last command of an && list',
      files: {
        Dockerfile: dedent`
          FROM node:20-alpine
          CMD cd /app && node server.js
        `,
      },
    },
    {
      name: 'exec before the last command hands PID 1 to the program',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          CMD cd /app && exec python app.py
        `,
      },
    },
    {
      name: 'exec form: the program is PID 1, no shell',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          CMD ["python", "app.py"]
        `,
      },
    },
    {
      name: 'the shell traps TERM and forwards it to its child',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          CMD trap 'kill -TERM $child; wait $child' TERM; /srv/server & child=$!; wait $child
        `,
      },
    },
    {
      name: 'a base image from an ARG without default is unknown: a simple command is not reported',
      files: {
        Dockerfile: dedent`
          ARG BASE_IMAGE
          FROM \${BASE_IMAGE}
          CMD /opt/app/run
        `,
      },
    },
    {
      name: 'manifest command over a known image: exec in dash, && list in busybox',
      files: {
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            selector:
              matchLabels: {app: api}
            template:
              metadata:
                labels: {app: api}
              spec:
                containers:
                  - name: api
                    image: python:3.12-slim
                    command: ["sh", "-c", "cd /app && exec python app.py"]
                    resources: {limits: {cpu: 200m, memory: 256Mi}}
                  # busybox ash execs the last command of an && list itself.
                  - name: web
                    image: node:20-alpine
                    command: ["sh", "-c", "cd /srv && node server.js"]
                    resources: {limits: {cpu: 100m, memory: 128Mi}}
        `,
      },
    },
    {
      name: "trap 'exit 0' TERM around a loop: the trap runs between the loop's commands and exits",
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          CMD trap 'exit 0' TERM; while true; do date; sleep 2; done
        `,
      },
    },
    {
      name: "trap 'exit 0' TERM; while true; do sleep 2; done on debian:bookworm: no finding",
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm
          CMD trap 'exit 0' TERM; while true; do sleep 2; done
        `,
      },
    },
    {
      name: 'a Deployment of a WebAssembly runtime class: no runc process, no prediction',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: wasm-app
          spec:
            selector:
              matchLabels: { app: wasm-app }
            template:
              metadata:
                labels: { app: wasm-app }
              spec:
                runtimeClassName: wasmtime-spin-v2
                containers:
                  - name: app
                    image: node:20
                    args: ["/bin/sh", "-c", "node server.js"]
                    resources:
                      requests: { cpu: 100m, memory: 128Mi }
        `,
      },
    },
    {
      name: 'an unknown base with its own ENTRYPOINT (a Jupyter image): no pid1 claim for an exec-form CMD',
      files: {
        Dockerfile: dedent`
          FROM quay.io/jupyter/base-notebook:2024-01-01
          COPY start.sh /usr/local/bin/start-app.sh
          CMD ["start-app.sh"]
        `,
        'start.sh': {
          mode: 0o755,
          text: dedent`
            #!/bin/bash
            python app.py
          `,
        },
      },
    },
    ...['amazonlinux:2023', 'amazoncorretto:21', 'registry.access.redhat.com/ubi9/ubi-minimal:9.4', 'rockylinux:9'].map((from) => ({
      name: `${from} + CMD java -jar: bash execs the JVM, no 137`,
      files: { Dockerfile: `FROM ${from}\nCMD java -jar /app.jar\n` },
    })),
    {
      name: 'a UBI-derived image lint-k8s does not know (ubi9/openjdk-21): the name shows a Red Hat-like /bin/sh, bash, no 137',
      files: {
        Dockerfile: 'FROM registry.access.redhat.com/ubi9/openjdk-21:1.20\nCOPY app.jar /deployments/app.jar\nCMD java -jar /deployments/app.jar\n',
        'app.jar': 'jar',
      },
    },
    {
      name: 'an unknown base that RUNs microdnf, shell-form CMD behind an ENTRYPOINT not known: bash, no 137',
      files: { Dockerfile: 'FROM registry.example.com/jvm:1\nRUN microdnf install -y java-21-openjdk-headless\nCMD java -jar /app.jar\n' },
    },
    {
      name: 'an unknown base that RUNs microdnf: bash, no 137 for a single command',
      files: {
        Dockerfile: dedent`
          FROM registry.example.com/jvm:1
          RUN microdnf install -y curl
          ENTRYPOINT java -jar /app.jar
        `,
      },
    },
    ...['shareProcessNamespace: true', 'hostPID: true'].map((spec) => ({
      name: `${spec}: the default SIGTERM kills the app (143), no 137 on the pod`,
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            ${spec}
            containers:
              - name: c
                image: debian:bookworm-slim
                command: ["sh", "-c", "sleep 1000 | cat"]
        `,
      },
    })),
  ],
  invalid: [
    {
      name: 'every pod that runs the image sets shareProcessNamespace: the image finding is lowered to a warning and says where it does not hold (143 there)',
      files: sharedNamespaceCase(['shareProcessNamespace: true']),
      config: { images: { 'ghcr.io/acme/api': 'api' } },
      findings: [
        {
          file: 'api/Dockerfile',
          messageId: 'stays',
          line: 3,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          message:
            /^Where the image is PID 1 of its own PID namespace \(docker run\), not in Deployment api-0, whose pod shares a PID namespace \(SIGTERM kills it \(143\) there\): On stop, \/bin\/sh \(dash/,
          related: [
            { file: 'api/Dockerfile', line: 1 },
            { file: 'k8s/api.yaml', line: 12 },
          ],
        },
      ],
    },
    {
      name: 'hostPID in one pod, its own PID namespace in another: the image finding stays an error, naming the pod where it does not hold',
      files: sharedNamespaceCase(['hostPID: true', '']),
      config: { images: { 'ghcr.io/acme/api': 'api' } },
      findings: [
        {
          file: 'api/Dockerfile',
          messageId: 'stays',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 137,
          message: /^Where the image is PID 1 of its own PID namespace \(docker run, the other pods\), not in Deployment api-0,/,
          related: [
            { file: 'api/Dockerfile', line: 1 },
            { file: 'k8s/api.yaml', line: 12 },
          ],
        },
      ],
    },
    {
      name: 'FROM node:20 + shell-form CMD: docker-entrypoint.sh execs "$@", so dash is PID 1 behind it',
      files: {
        Dockerfile: dedent`
          FROM node:20
          WORKDIR /app
          COPY server.js .
          CMD node server.js
        `,
        'server.js': dedent`
          process.on('SIGTERM', () => process.exit(0));
          require('http').createServer((q, s) => s.end('ok')).listen(8080);
        `,
      },
      findings: [
        {
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          messageId: 'staysBehindEntrypoint',
          message: /dash, node:20.*docker-entrypoint\.sh execs the shell-form CMD.*Use exec form: CMD \["node", "server\.js"\]/,
        },
      ],
    },
    {
      name: 'a pod running node:20 with args: ["/bin/sh", "-c", …]: 137 at args',
      files: {
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: node:20
                    args: ["/bin/sh", "-c", "node /app/server.js"]
                    resources:
                      requests: { cpu: 100m, memory: 128Mi }
        `,
      },
      findings: [
        {
          messageId: 'staysBehindEntrypoint',
          line: 15,
          column: 11,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /^Container web \(image node:20 .*execs the container args.*args: \["node", "\/app\/server\.js"\]/,
        },
      ],
    },
    {
      name: 'busybox keeps PID 1 for a pipeline',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          CMD /usr/local/bin/server 2>&1 | tee /var/log/server.log
        `,
      },
      findings: [{ messageId: 'stays', line: 2, column: 1, severity: 'error', exitCode: 137, reason: 'Error' }],
    },
    {
      name: 'bash keeps PID 1 for a subshell',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          SHELL ["/bin/bash", "-c"]
          CMD (cd /srv && ./server)
        `,
      },
      findings: [{ messageId: 'stays', line: 3, column: 1, severity: 'error', exitCode: 137, reason: 'Error' }],
    },
    {
      name: 'dash on a Debian-based image keeps /bin/sh as PID 1',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          WORKDIR /app
          COPY app.py .
          CMD python app.py
        `,
        'app.py': dedent`
          print("hi")
        `,
      },
      findings: [
        {
          messageId: 'stays',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /dash.*python:3\.12-slim.*Use exec form: CMD \["python", "app\.py"\]/,
        },
      ],
    },
    {
      name: 'an exec-form ["/bin/sh", "-c", …] is the same as a shell form',
      files: {
        Dockerfile: dedent`
          FROM ubuntu:24.04
          WORKDIR /srv
          ENTRYPOINT ["/bin/sh", "-c", "./migrate && ./server"]
        `,
      },
      findings: [{ messageId: 'stays', line: 3, column: 1, severity: 'error', exitCode: 137, reason: 'Error' }],
    },
    {
      name: 'a pipeline keeps every shell as PID 1, so an unknown image is still an error',
      files: {
        Dockerfile: dedent`
          FROM registry.example.com/platform/base:7
          ENTRYPOINT /opt/app/run | logger -t app
        `,
      },
      findings: [{ messageId: 'staysAnyShell', line: 2, column: 1, severity: 'error', exitCode: 137, reason: 'Error' }],
    },
    {
      name: 'manifest command over a known public image: dash, and a busybox pipeline',
      files: {
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            selector:
              matchLabels: {app: api}
            template:
              metadata:
                labels: {app: api}
              spec:
                containers:
                  # python:3.12-slim: /bin/sh is dash, which never execs the last command.
                  - name: api
                    image: python:3.12-slim
                    command: ["sh", "-c", "cd /app && python app.py"]
                    resources: {limits: {cpu: 200m, memory: 256Mi}}
                  # node:20-alpine: busybox ash execs after &&, but not inside a pipeline.
                  - name: logger
                    image: node:20-alpine
                    command: ["sh", "-c", "node server.js | tee /tmp/server.log"]
                    resources: {limits: {cpu: 100m, memory: 128Mi}}
        `,
      },
      findings: [
        {
          messageId: 'stays',
          line: 16,
          column: 11,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /Container api .*sh \(dash, python:3\.12-slim is Debian slim\) stays PID 1/,
        },
        {
          messageId: 'stays',
          line: 21,
          column: 11,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /Container logger .*sh \(busybox ash, node:20-alpine is Alpine\) stays PID 1/,
        },
      ],
    },
    {
      name: 'an unknown image with a simple command is only a warning that says why',
      files: {
        Dockerfile: dedent`
          FROM registry.example.com/platform/base:7
          CMD /opt/app/run --port 8080
        `,
      },
      findings: [
        {
          messageId: 'staysIfShell',
          line: 2,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /not known to lint-k8s; if its \/bin\/sh is dash/,
        },
      ],
    },
    {
      name: 'a loop keeps every shell as PID 1, busybox too',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          CMD while true; do date; sleep 10; done
        `,
      },
      findings: [
        {
          messageId: 'stays',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message:
            /busybox ash, alpine:3\.20 is Alpine\) stays PID 1.*No shell can exec a loop: add `trap 'exit 0' TERM` before it \(the trap runs when the loop's current command returns, here within 10 s\), or `exec` the long-running program instead of looping\.$/,
        },
      ],
    },
    {
      name: "trap 'exit 0' TERM before a foreground command that never returns: the trap never runs, 137",
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          CMD trap 'exit 0' TERM; tail -f /dev/null
        `,
      },
      findings: [
        {
          messageId: 'trapForeground',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /traps SIGTERM, but runs `tail -f \/dev\/null` in the foreground/,
        },
      ],
    },
    {
      name: "trap 'exit 0' TERM; tail -f /dev/null on debian:bookworm: 137",
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm
          CMD trap 'exit 0' TERM; tail -f /dev/null
        `,
      },
      findings: [
        {
          messageId: 'trapForeground',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /traps SIGTERM, but runs `tail -f \/dev\/null` in the foreground/,
        },
      ],
    },
    {
      name: 'a trap that does not exit: the loop goes on, 137',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          CMD trap "echo bye" TERM; while true; do sleep 2; done
        `,
      },
      findings: [
        {
          messageId: 'trapNoExit',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /traps SIGTERM, but the trap does not exit, so the loop goes on.*End the trap with `exit 0`/,
        },
      ],
    },
    {
      name: 'a Job running node:20 with args sh -c: a warning (a Job is rarely stopped before it ends)',
      files: {
        'workloads.yaml': dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: migrate
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: migrate
                    image: node:20
                    args: ["/bin/sh", "-c", "node migrate.js"]
                    resources:
                      requests: { cpu: 100m, memory: 128Mi }
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: wasm-app
          spec:
            selector:
              matchLabels: { app: wasm-app }
            template:
              metadata:
                labels: { app: wasm-app }
              spec:
                runtimeClassName: wasmtime-spin-v2
                containers:
                  - name: app
                    image: node:20
                    args: ["/bin/sh", "-c", "node server.js"]
                    resources:
                      requests: { cpu: 100m, memory: 128Mi }
        `,
      },
      findings: [
        {
          messageId: 'staysBehindEntrypoint',
          line: 12,
          column: 11,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /^Container migrate .*docker-entrypoint\.sh execs the container args.*Use exec form: args: \["node", "migrate\.js"\]/,
        },
      ],
    },
    ...(
      [
        ['node:20', 'CMD node server.js'],
        ['redis:7.4', 'CMD redis-server --appendonly yes'],
        ['eclipse-temurin:21-jre', 'CMD java -jar /app.jar'],
      ] as const
    ).map(([from, cmd]) => ({
      name: `${from} + ${cmd}: the official entrypoint execs the shell-form CMD, 137 at the CMD`,
      files: { Dockerfile: `FROM ${from}\n${cmd}\n` },
      findings: [
        {
          messageId: 'staysBehindEntrypoint',
          line: 2,
          column: 1,
          severity: 'error' as const,
          exitCode: 137,
          reason: 'Error',
          message: /\/bin\/sh \(dash, .*\) stays PID 1: the entrypoint .* execs the shell-form CMD as `\/bin\/sh -c …`.*Use exec form: CMD \[/,
        },
      ],
    })),
    {
      name: 'the project\'s own entrypoint script with exec "$@" and a shell-form CMD: 137 at the CMD',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          COPY entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
          CMD gunicorn app:app
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
            #!/bin/sh
            set -e
            python manage.py migrate
            exec "$@"
          `,
        },
      },
      findings: [
        {
          messageId: 'staysBehindEntrypoint',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /the entrypoint \/entrypoint\.sh execs the shell-form CMD/,
        },
      ],
    },
    {
      name: 'an unknown base and a shell-form CMD: a warning that says the ENTRYPOINT is not known; the RUN that shows the family is related',
      files: {
        Dockerfile: dedent`
          FROM registry.example.com/base:1
          RUN apt-get update
          CMD python app.py
        `,
      },
      findings: [
        {
          messageId: 'staysUnknownEntrypoint',
          line: 3,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /\/bin\/sh \(dash\) stays PID 1 .*unless the ENTRYPOINT of registry\.example\.com\/base:1 \(not known to lint-k8s\) is an init/,
          related: [{ file: 'Dockerfile', line: 2 }],
        },
      ],
    },
  ],
});
