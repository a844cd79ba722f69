import { dedent, ruleTester } from '../rule-tester.js';

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
  ],
  invalid: [
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
  ],
});
