import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('program-not-found', {
  valid: [
    {
      name: 'COPY of a build output the checkout lacks (a Makefile builds it first): no start failure is claimed',
      files: {
        Makefile: 'explorer: explorer.go\n\tCGO_ENABLED=0 go build -o explorer explorer.go\n',
        'explorer.go': 'package main\n\nfunc main() {}\n',
        Dockerfile: dedent`
          FROM scratch
          ADD explorer explorer
          ENTRYPOINT ["/explorer"]
        `,
      },
    },
    {
      name: 'a distroless :debug image has busybox',
      files: {
        Dockerfile: dedent`
          FROM gcr.io/distroless/static-debian12:debug
          ENTRYPOINT ["/busybox/sh", "-c", "exec wget -qO- http://localhost:8080/"]
        `,
      },
    },
    {
      name: 'an unknown base image: its contents are not known, nothing is reported',
      files: {
        Dockerfile: dedent`
          FROM registry.example.com/platform/base:7
          ENTRYPOINT ["sleep-forever"]
        `,
      },
    },
    {
      name: 'FROM scratch + COPY app / + ENTRYPOINT ["/app"]: no false StartError',
      files: {
        Dockerfile: dedent`
          FROM scratch
          COPY app /
          ENTRYPOINT ["/app"]
        `,
        app: { mode: 0o755, text: `\u007fELF\u0002\u0001${'\u0000'.repeat(58)}` },
      },
    },
  ],
  invalid: [
    {
      name: 'a shell-form command runs a program the image lacks: the shell prints "not found" and exits 127 after start',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          WORKDIR /app
          COPY run.sh .
          CMD cd /app && /bin/bash run.sh
        `,
        'run.sh': dedent`
          #!/bin/sh
          exec sleep 1
        `,
      },
      findings: [
        {
          messageId: 'shellCommandAbsent',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 127,
          reason: 'Error',
          message: /\/bin\/sh runs \/bin\/bash, which is not in the image.*"not found" and exits 127/,
        },
      ],
    },
    {
      name: 'sleep in a distroless image',
      files: {
        Dockerfile: dedent`
          FROM golang:1.22 AS build
          WORKDIR /src
          COPY . .
          RUN CGO_ENABLED=0 go build -o /out/app .

          FROM gcr.io/distroless/static-debian12
          COPY --from=build /out/app /app
          ENTRYPOINT ["sleep", "infinity"]
        `,
        'main.go': dedent`
          package main

          func main() {}
        `,
      },
      findings: [
        { messageId: 'absent', line: 8, column: 1, severity: 'error', exitCode: 128, reason: 'StartError', message: /sleep is not in the image.*distroless/ },
      ],
    },
    {
      name: 'sleep in a distroless image, under docker: 127',
      runtime: 'docker',
      files: {
        Dockerfile: dedent`
          FROM golang:1.22 AS build
          WORKDIR /src
          COPY . .
          RUN CGO_ENABLED=0 go build -o /out/app .

          FROM gcr.io/distroless/static-debian12
          COPY --from=build /out/app /app
          ENTRYPOINT ["sleep", "infinity"]
        `,
        'main.go': dedent`
          package main

          func main() {}
        `,
      },
      findings: [{ messageId: 'absent', line: 8, column: 1, exitCode: 127, reason: null }],
    },
    {
      name: 'an entrypoint script execs a program the image lacks',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          COPY --chmod=755 entry.sh /entry.sh
          COPY job.sh /app/job.sh
          ENTRYPOINT ["/entry.sh"]
          CMD ["bash", "/app/job.sh"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          set -e
          exec "$@"
        `,
        'job.sh': dedent`
          echo job
        `,
      },
      findings: [
        { messageId: 'scriptExecAbsent', line: 5, column: 1, severity: 'error', exitCode: 127, reason: 'Error', message: /\/entry\.sh execs bash.*exits 127/ },
      ],
    },
    {
      name: 'FROM scratch: the path does not exist',
      files: {
        Dockerfile: dedent`
          FROM scratch
          COPY server /app/server
          ENTRYPOINT ["/server"]
        `,
        server: {
          mode: 0o755,
          text: dedent`
          placeholder for a static binary
        `,
        },
      },
      findings: [
        {
          messageId: 'absent',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 128,
          reason: 'StartError',
          message: /\/server does not exist.*FROM scratch starts empty/,
        },
      ],
    },
    {
      name: 'tini starts a child that is not in the image',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          RUN apk add --no-cache tini
          COPY --chmod=755 start.sh /app/start.sh
          ENTRYPOINT ["/sbin/tini", "--"]
          CMD ["bash", "/app/start.sh"]
        `,
        'start.sh': dedent`
          #!/bin/sh
          exec sleep 1000
        `,
      },
      findings: [
        {
          messageId: 'initChildAbsent',
          line: 5,
          column: 1,
          severity: 'error',
          exitCode: 127,
          reason: 'Error',
          message: /\/sbin\/tini starts bash, which is not in the image/,
        },
      ],
    },
    {
      name: 'a broken exec form (no closing bracket) is shell form: /bin/sh runs "[python," and exits 127 after start',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          WORKDIR /app
          COPY app.py .
          CMD ["python", "app.py"
        `,
        'app.py': dedent`
          print("hello")
        `,
      },
      findings: [
        {
          messageId: 'brokenExecForm',
          line: 4,
          column: 1,
          severity: 'error',
          exitCode: 127,
          reason: 'Error',
          message: /not valid exec form.*"\[python,: not found" and exits 127/,
        },
      ],
    },
    {
      name: 'a broken exec form on line 2',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          CMD ["python", "app.py"
        `,
      },
      findings: [
        {
          messageId: 'brokenExecForm',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 127,
          reason: 'Error',
          message: /not valid exec form.*"\[python,: not found" and exits 127/,
        },
      ],
    },
  ],
});
