import { dedent, ruleTester } from '../rule-tester.js';

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
  ],
});
