import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('interpreter-missing', {
  valid: [
    {
      name: 'bash installed with apk add',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          RUN apk add --no-cache bash
          COPY entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
          CMD ["/usr/local/bin/myserver"]
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/bash
          set -euo pipefail
          exec "$@"
        `,
        },
      },
    },
    {
      name: 'a package lint-k8s does not know may provide the interpreter',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          RUN apk add --no-cache git-bash-helpers
          COPY entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/bash
          exec "$@"
        `,
        },
      },
    },
  ],
  invalid: [
    {
      name: 'CRLF after #!/usr/bin/env bash: env looks for "bash\\r" and exits 127',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          COPY --chmod=755 entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
            #!/usr/bin/env bash\r
            exec python -m http.server\r
          `,
        },
      },
      findings: [
        { messageId: 'crlfEnv', line: 3, column: 1, severity: 'error', exitCode: 127, reason: 'Error', message: /asks env for "bash\\r".*env exits 127/ },
      ],
    },
    {
      name: '#!/bin/bash on Alpine',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          COPY entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/bash
          set -euo pipefail
          exec "$@"
        `,
        },
      },
      findings: [
        {
          messageId: 'interpreterAbsent',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 255,
          reason: 'Error',
          message: /#!\/bin\/bash.*Alpine, which has no bash/,
        },
      ],
    },
    {
      name: '#!/bin/bash on Alpine, under CRI-O (crun exits 1)',
      runtime: 'cri-o',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          COPY entrypoint.sh /entrypoint.sh
          ENTRYPOINT ["/entrypoint.sh"]
        `,
        'entrypoint.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/bash
          set -euo pipefail
          exec "$@"
        `,
        },
      },
      findings: [{ messageId: 'interpreterAbsent', line: 3, column: 1, exitCode: 1, reason: 'Error' }],
    },
    {
      name: 'CRLF line endings make the interpreter "/bin/sh\\r"',
      files: {
        '.gitattributes': dedent`
          start.sh -text
        `,
        Dockerfile: dedent`
          FROM debian:12-slim
          COPY start.sh /start.sh
          ENTRYPOINT ["/start.sh"]
        `,
        'start.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/sh\r
          exec sleep 1000\r
        `,
        },
      },
      findings: [
        { file: 'Dockerfile', messageId: 'crlf', line: 3, column: 1, severity: 'error', exitCode: 255, reason: 'Error', message: /CRLF.*"\/bin\/sh\\r"/ },
      ],
    },
    {
      name: '#!/usr/bin/env bash without bash: env exits 127',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          COPY run /usr/local/bin/run
          ENTRYPOINT ["run"]
        `,
        run: {
          mode: 0o755,
          text: dedent`
          #!/usr/bin/env bash
          exec sleep 1000
        `,
        },
      },
      findings: [
        {
          messageId: 'envTargetAbsent',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 127,
          reason: 'Error',
          message: /#!\/usr\/bin\/env bash.*env exits 127/,
        },
      ],
    },
    {
      name: 'a cgo Go binary built on glibc, run on Alpine',
      files: {
        Dockerfile: dedent`
          FROM golang:1.22 AS build
          WORKDIR /src
          COPY go.mod main.go ./
          RUN go build -o /out/server .

          FROM alpine:3.20
          COPY --from=build /out/server /usr/local/bin/server
          ENTRYPOINT ["/usr/local/bin/server"]
        `,
        'go.mod': dedent`
          module example.com/server

          go 1.22
        `,
        'main.go': dedent`
          package main

          import (
          	"context"
          	"net/http"
          	"os/signal"
          	"syscall"
          )

          func main() {
          	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
          	defer stop()
          	srv := &http.Server{Addr: ":8080"}
          	go srv.ListenAndServe()
          	<-ctx.Done()
          	srv.Shutdown(context.Background())
          }
        `,
      },
      findings: [
        {
          messageId: 'loaderAbsent',
          line: 8,
          column: 1,
          severity: 'error',
          exitCode: 255,
          reason: 'Error',
          message: /Go binary: cgo is on.*net\/http.*no glibc loader/,
        },
      ],
    },
    {
      name: 'a script without #! line: exec format error',
      files: {
        Dockerfile: dedent`
          FROM debian:12-slim
          COPY start.sh /start.sh
          ENTRYPOINT ["/start.sh"]
        `,
        'start.sh': {
          mode: 0o755,
          text: dedent`
          set -e
          exec sleep 1000
        `,
        },
      },
      findings: [{ messageId: 'noShebang', line: 3, column: 1, severity: 'error', exitCode: 255, reason: 'Error', message: /no #! line.*exec format error/ }],
    },
  ],
});
