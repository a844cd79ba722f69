import { dedent, ruleTester } from '../rule-tester.js';
import { withScriptConfigMap } from './support/config-map-script.js';

ruleTester('pid1-ignores-sigterm', {
  valid: [
    {
      name: 'the JVM handles SIGTERM and runs its shutdown hooks',
      files: {
        Dockerfile: dedent`
          FROM eclipse-temurin:21-jre
          COPY app.jar /app.jar
          CMD ["java", "-jar", "/app.jar"]
        `,
        'app.jar': dedent`
          placeholder
        `,
      },
    },
    {
      name: 'nginx with STOPSIGNAL SIGQUIT shuts down gracefully',
      files: {
        Dockerfile: dedent`
          FROM nginx:1.27-alpine
          COPY default.conf /etc/nginx/conf.d/default.conf
          CMD ["nginx", "-g", "daemon off;"]
        `,
        'default.conf': dedent`
          server {
            listen 8080;
            location / { return 200 "ok"; }
          }
        `,
      },
    },
    {
      name: 'node whose entry file registers a SIGTERM handler',
      files: {
        Dockerfile: dedent`
          FROM node:20-alpine
          WORKDIR /app
          COPY server.js .
          CMD ["node", "server.js"]
        `,
        'server.js': dedent`
          const http = require('node:http');
          const server = http.createServer((req, res) => res.end('ok')).listen(8080);
          process.on('SIGTERM', () => server.close(() => process.exit(0)));
        `,
      },
    },
    {
      name: 'a script that traps TERM and waits in a loop',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          COPY --chmod=755 run.sh /run.sh
          ENTRYPOINT ["/run.sh"]
        `,
        'run.sh': dedent`
          #!/bin/sh
          trap 'kill -TERM "$child"; wait "$child"; exit 0' TERM
          sleep 1000 &
          child=$!
          wait
        `,
      },
    },
    {
      name: 'uWSGI with --die-on-term stops on SIGTERM',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          CMD ["uwsgi", "--die-on-term", "--module", "app:app"]
        `,
      },
    },
    {
      name: 'manage.py runserver handles SIGTERM',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          WORKDIR /app
          COPY manage.py .
          CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
        `,
        'manage.py': dedent`
          import sys
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
    {
      name: 'a ConfigMap script that execs the JVM: java is PID 1 and exits 143 on SIGTERM',
      files: { 'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nexec java -jar /app/app.jar', '["/bin/sh", "/scripts/run.sh"]', 'eclipse-temurin:21-jre') },
    },
    {
      name: 'the ConfigMap is in another file: what the script does is not known, nothing is claimed',
      files: {
        'k8s/a-configmap.yaml': dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: scripts
          data:
            run.sh: |
              node /app/server.js
        `,
        'k8s/deployment.yaml': withScriptConfigMap('exec node /app/server.js', '["/bin/sh", "/scripts/run.sh"]')
          .replace(/^[\s\S]*?---\n/, '')
          .replace('name: api', 'name: other'),
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
      name: 'an entrypoint script that runs the server without exec stays PID 1',
      files: {
        Dockerfile: dedent`
          FROM node:20-slim
          WORKDIR /app
          COPY package.json server.js migrate.js ./
          COPY entrypoint.sh /usr/local/bin/entrypoint.sh
          ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/sh
          set -e
          node migrate.js
          node server.js
        `,
        },
        'migrate.js': dedent`
          console.log('migrated');
        `,
        'package.json': dedent`
          { "name": "api", "private": true }
        `,
        'server.js': dedent`
          const http = require('node:http');
          http.createServer((req, res) => res.end('ok')).listen(8080);
        `,
      },
      findings: [
        {
          messageId: 'scriptNoExec',
          line: 5,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /entrypoint\.sh stays PID 1: it runs `node server\.js` without exec.*exec node server\.js/,
        },
      ],
    },
    {
      name: 'sleep as PID 1 installs no SIGTERM handler',
      files: {
        Dockerfile: dedent`
          FROM debian:12-slim
          COPY worker.sh /usr/local/bin/worker.sh
          # Keeps the pod alive for kubectl exec.
          CMD ["sleep", "infinity"]
        `,
        'worker.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/sh
          echo work
        `,
        },
      },
      findings: [
        {
          messageId: 'noHandler',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /sleep is PID 1 and installs no SIGTERM handler/,
        },
      ],
    },
    {
      name: 'a Go binary without signal.Notify exits 2 (warning: a dependency may handle it)',
      files: {
        Dockerfile: dedent`
          FROM golang:1.22 AS build
          WORKDIR /src
          COPY go.mod main.go ./
          RUN CGO_ENABLED=0 go build -o /out/server .

          FROM gcr.io/distroless/static-debian12:nonroot
          COPY --from=build /out/server /server
          ENTRYPOINT ["/server"]
        `,
        'go.mod': dedent`
          module example.com/server

          go 1.22
        `,
        'main.go': dedent`
          package main

          import (
          	"log"
          	"net/http"
          )

          func main() {
          	log.Fatal(http.ListenAndServe(":8080", nil))
          }
        `,
      },
      findings: [{ messageId: 'goNoHandler', line: 8, column: 1, severity: 'warning', exitCode: 2, reason: 'Error', message: /Go binary \/server.*exits 2/ }],
    },
    {
      name: 'node without a SIGTERM handler in its entry file (warning: a module may register one)',
      files: {
        Dockerfile: dedent`
          FROM node:20-alpine
          WORKDIR /app
          COPY server.js .
          USER node
          CMD ["node", "server.js"]
        `,
        'server.js': dedent`
          const http = require('node:http');
          http.createServer((req, res) => res.end('ok')).listen(8080);
        `,
      },
      findings: [
        {
          messageId: 'noHandler',
          line: 5,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /node is PID 1.*entry file registers no SIGTERM handler/,
        },
      ],
    },
    {
      name: 'a trap that waits for a foreground command that never ends',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          WORKDIR /app
          COPY --chmod=755 run.sh /run.sh
          COPY app.py .
          ENTRYPOINT ["/run.sh"]
        `,
        'app.py': dedent`
          import time
          while True:
              time.sleep(1)
        `,
        'run.sh': dedent`
          #!/bin/bash
          trap 'echo stopping; exit 0' TERM
          python app.py
        `,
      },
      findings: [
        {
          messageId: 'scriptTrapForeground',
          line: 5,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /traps SIGTERM, but runs `python app\.py` in the foreground/,
        },
      ],
    },
    {
      name: 'npm start: npm forwards SIGTERM to a dash `sh -c` that dies of it, npm exits 1 and the app never drains',
      files: {
        Dockerfile: dedent`
          FROM node:20-bookworm-slim
          WORKDIR /app
          COPY package.json server.js ./
          CMD ["npm", "start"]
        `,
        'package.json': dedent`
          {
            "name": "api",
            "version": "1.0.0",
            "scripts": { "start": "node server.js" }
          }
        `,
        'server.js': dedent`
          const http = require('node:http');
          const server = http.createServer((req, res) => res.end('ok')).listen(8080);
          process.on('SIGTERM', () => server.close(() => process.exit(0)));
        `,
      },
      findings: [
        {
          messageId: 'runnerDropsSignal',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          message: /npm is PID 1 and forwards SIGTERM to the `sh -c`.*dash.*npm exits 1.*never receives SIGTERM/,
        },
      ],
    },
    {
      name: 'CMD ["npm", "start"] on node:20 (Debian): exit 1 on stop',
      files: {
        Dockerfile: dedent`
          FROM node:20
          CMD ["npm", "start"]
        `,
      },
      findings: [
        {
          messageId: 'runnerDropsSignal',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          message: /npm is PID 1 and forwards SIGTERM to the `sh -c`.*dash.*npm exits 1.*never receives SIGTERM/,
        },
      ],
    },
    {
      name: 'uWSGI without die-on-term treats SIGTERM as reload (warning: an ini may set it)',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          RUN pip install --no-cache-dir uwsgi flask
          COPY app.py /app/app.py
          WORKDIR /app
          CMD ["uwsgi", "--http", ":8000", "--module", "app:app", "--master"]
        `,
        'app.py': dedent`
          from flask import Flask
          app = Flask(__name__)
        `,
      },
      findings: [
        {
          messageId: 'programReloads',
          line: 5,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /uwsgi is PID 1 and treats SIGTERM as "reload".*--die-on-term/,
        },
      ],
    },
    {
      name: 'uWSGI without die-on-term, RUN pip install uwsgi: warning 137',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          RUN pip install uwsgi
          CMD ["uwsgi", "--http", ":8000", "--module", "app:app"]
        `,
      },
      findings: [{ messageId: 'programReloads', line: 3, column: 1, severity: 'warning', exitCode: 137, reason: 'Error', message: /reload.*--die-on-term/ }],
    },
    {
      name: 'python -m flask run installs no SIGTERM handler without its reloader (warning)',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          CMD ["python", "-m", "flask", "run", "--host=0.0.0.0"]
        `,
      },
      findings: [
        {
          line: 2,
          column: 1,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          messageId: 'noHandler',
          message: /flask run installs one only with its reloader/,
        },
      ],
    },
    {
      name: 'command: ["/bin/sh", "/scripts/run.sh"] with the script in a ConfigMap of the same file: no exec, the shell stays PID 1 (137)',
      files: { 'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\necho starting\nnode /app/server.js', '["/bin/sh", "/scripts/run.sh"]') },
      findings: [
        {
          messageId: 'scriptNoExec',
          line: 25,
          column: 11,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message:
            /Container api .*\/scripts\/run\.sh \(run by \/bin\/sh\) stays PID 1: it runs `node \/app\/server\.js` without exec.*exec node \/app\/server\.js/,
          related: [
            { file: 'k8s/app.yaml', line: 9 },
            { file: 'k8s/app.yaml', line: 7 },
          ],
        },
      ],
    },
    {
      name: 'a ConfigMap script that execs sleep: sleep is PID 1 and ignores SIGTERM (137)',
      files: { 'k8s/app.yaml': withScriptConfigMap('set -e\necho ready\nexec sleep infinity', '["sh", "/scripts/run.sh"]', 'debian:bookworm-slim') },
      findings: [{ messageId: 'noHandler', line: 25, column: 11, severity: 'error', exitCode: 137, reason: 'Error', message: /sleep is PID 1/ }],
    },
    {
      name: 'an image lint-k8s does not know, given a ConfigMap script without exec: every shell stays PID 1 for a script file (137)',
      files: { 'k8s/app.yaml': withScriptConfigMap('cd /data\n/opt/tool/bin/run --serve', '["sh", "/scripts/run.sh"]', 'registry.example.com/team/tool:1.4') },
      findings: [
        { messageId: 'scriptNoExec', line: 24, column: 11, severity: 'error', exitCode: 137, reason: 'Error', message: /\/opt\/tool\/bin\/run --serve/ },
      ],
    },
    {
      name: 'a ConfigMap script that ends in a loop: no shell can exec it, the fix is a trap or exec of the program, not "exec before"',
      files: {
        'k8s/app.yaml': withScriptConfigMap(
          'echo polling\nwhile true; do wget -q -O- http://api/health; sleep 5; done',
          '["sh", "/scripts/run.sh"]',
          'busybox:1.36',
        ),
      },
      findings: [
        {
          messageId: 'scriptNoExec',
          line: 24,
          column: 11,
          severity: 'error',
          exitCode: 137,
          message:
            /it runs a loop without exec.*No shell can exec a loop: `exec` the long-running program instead of looping, or add `trap 'exit 0' TERM` before it and keep each pass short/,
        },
      ],
    },
    {
      name: 'a ConfigMap script whose last line is a builtin (`exit $CODE`): no program to exec, the fix takes it out of PID 1',
      files: {
        'k8s/app.yaml': withScriptConfigMap(
          'set -e\nsleep 60\necho "Backup finished"\nexit $EXIT_CODE',
          '["/bin/sh", "/scripts/run.sh"]',
          'debian:bookworm-slim',
        ),
      },
      findings: [
        {
          messageId: 'scriptNoExec',
          line: 26,
          column: 11,
          severity: 'error',
          exitCode: 137,
          message:
            /it runs its commands without exec.*An `exec` would not help a script that does its work before its last line: .*`shareProcessNamespace: true`, so SIGTERM ends it \(143\)\.$/,
        },
      ],
    },
    {
      name: 'defaultMode 0755 and the script run directly: its #! shell stays PID 1 without exec (137)',
      files: {
        'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nnode /app/server.js', '["/scripts/run.sh"]', 'node:20', [
          'configMap:',
          '  name: scripts',
          '  defaultMode: 0755',
        ]),
      },
      findings: [{ messageId: 'scriptNoExec', line: 24, column: 11, severity: 'error', exitCode: 137, reason: 'Error' }],
    },
    {
      name: 'CMD ["bash", "/app/run.sh"]: a shell running a script file stays PID 1, naming the script',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          COPY run.sh /app/run.sh
          COPY app.py /app/app.py
          CMD ["bash", "/app/run.sh"]
        `,
        'run.sh': dedent`
          #!/bin/bash
          cd /app
          python app.py
        `,
        'app.py': dedent`
          import time
          while True:
              time.sleep(1)
        `,
      },
      findings: [
        {
          messageId: 'scriptNoExec',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /\/app\/run\.sh \(run by bash\) stays PID 1: it runs `python app\.py` without exec/,
        },
      ],
    },
    {
      name: 'CMD ["bash", "/app/run.sh"] with a script without a #! line: 137 naming the script',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          COPY run.sh /app/run.sh
          CMD ["bash", "/app/run.sh"]
        `,
        'run.sh': dedent`
          cd /app
          python app.py
        `,
      },
      findings: [
        {
          messageId: 'scriptNoExec',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /\/app\/run\.sh \(run by bash\) stays PID 1: it runs `python app\.py` without exec/,
        },
      ],
    },
    {
      name: 'image-independent PID 1 programs on unknown images: sleep infinity on mysql:8.0, exec tail -f on Kafka, sleep 3600 on busybox',
      files: {
        'pods.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: mysql:8.0
                command: ["sleep", "infinity"]
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: confluentinc/cp-kafka:7.6.0
                command: ["sh", "-c", "exec tail -f /dev/null"]
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: p
          spec:
            containers:
              - name: c
                image: registry.k8s.io/busybox
                command: ["sleep", "3600"]
        `,
      },
      findings: [
        {
          messageId: 'noHandler',
          line: 9,
          column: 7,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /^Container c \(image mysql:8\.0 is not known to lint-k8s; its command decides what runs\): On stop, sleep is PID 1/,
        },
        { messageId: 'noHandler', line: 19, column: 7, severity: 'error', exitCode: 137, reason: 'Error' },
        { messageId: 'noHandler', line: 29, column: 7, severity: 'error', exitCode: 137, reason: 'Error' },
      ],
    },
  ],
});
