import { dedent, ruleTester } from '../rule-tester.js';
import { withScriptConfigMap } from './support/config-map-script.js';

ruleTester('entrypoint-not-executable', {
  valid: [
    {
      name: 'a ConfigMap script run directly with defaultMode 0755 (YAML 1.1 octal, as the API server reads it)',
      files: {
        'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nexec node /app/server.js', '["/scripts/run.sh"]', 'node:20', [
          'configMap:',
          '  name: scripts',
          '  defaultMode: 0755',
        ]),
      },
    },
    {
      name: 'a ConfigMap script run directly with defaultMode 493 (0755 in decimal)',
      files: {
        'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nexec node /app/server.js', '["/scripts/run.sh"]', 'node:20', [
          'configMap:',
          '  name: scripts',
          '  defaultMode: 493',
        ]),
      },
    },
    {
      name: 'a ConfigMap script given to a shell needs no execute bit',
      files: { 'k8s/app.yaml': withScriptConfigMap('exec node /app/server.js', '["/bin/sh", "/scripts/run.sh"]') },
    },
    {
      name: 'COPY --chmod=755 adds the execute bit',
      files: {
        Dockerfile: dedent`
          # syntax=docker/dockerfile:1
          FROM debian:bookworm-slim
          COPY --chmod=755 entry.sh /entry.sh
          ENTRYPOINT ["/entry.sh"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
    },
    {
      name: 'the script has mode 0755 in the build context',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY entry.sh /entry.sh
          ENTRYPOINT ["/entry.sh"]
        `,
        'entry.sh': {
          mode: 0o755,
          text: dedent`
          #!/bin/sh
          exec "$@"
        `,
        },
      },
    },
    {
      name: 'a RUN lint-k8s cannot follow may have changed the mode: not reported',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY entry.sh /entry.sh
          RUN /usr/local/bin/prepare-image
          ENTRYPOINT ["/entry.sh"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
    },
    {
      name: 'RUN chmod +x adds the execute bit',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY entry.sh /usr/local/bin/entry.sh
          RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \\
           && chmod +x /usr/local/bin/entry.sh \\
           && rm -rf /var/lib/apt/lists/*
          ENTRYPOINT ["/usr/local/bin/entry.sh"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          exec "$@"
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
      name: 'the deeper mount is on top whatever its place in the list: a 0644 subPath file over a 0755 directory mount',
      files: {
        'k8s/app.yaml': dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: scripts}
          data:
            run.sh: |
              #!/bin/sh
              exec node /app/server.js
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: api}
          spec:
            containers:
              - name: api
                image: node:20
                command: ["/scripts/run.sh"]
                resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
                volumeMounts:
                  - {name: plain, mountPath: /scripts/run.sh, subPath: run.sh}
                  - {name: exec, mountPath: /scripts}
            volumes:
              - {name: plain, configMap: {name: scripts}}
              - {name: exec, configMap: {name: scripts, defaultMode: 0755}}
        `,
      },
      findings: [{ messageId: 'volumeNotExecutable', line: 16, column: 7, severity: 'error', exitCode: 128, reason: 'StartError', phase: 'create' }],
    },
    {
      name: 'a ConfigMap script run directly: ConfigMap volume files are 0644 by default, StartError 128 on containerd, fixed by defaultMode',
      files: { 'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nexec node /app/server.js', '["/scripts/run.sh"]') },
      findings: [
        {
          messageId: 'volumeNotExecutable',
          line: 24,
          column: 11,
          severity: 'error',
          exitCode: 128,
          reason: 'StartError',
          phase: 'create',
          message:
            /Container api .*\/scripts\/run\.sh is not executable: key run\.sh of ConfigMap scripts is mounted with the volume's default mode 0644.*StartError.*`defaultMode: 0755`/,
          related: [{ file: 'k8s/app.yaml', line: 30 }],
        },
      ],
    },
    {
      name: 'items[].mode 0644 wins over defaultMode 0755: not executable',
      files: {
        'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nexec node /app/server.js', '["/scripts/start"]', 'node:20', [
          'configMap:',
          '  name: scripts',
          '  defaultMode: 0755',
          '  items:',
          '    - key: run.sh',
          '      path: start',
          '      mode: 0644',
        ]),
      },
      findings: [
        {
          messageId: 'volumeNotExecutable',
          line: 24,
          column: 11,
          exitCode: 128,
          message: /mounted with items\[\]\.mode \(mode 0644\)/,
          related: [{ file: 'k8s/app.yaml', line: 36 }],
        },
      ],
    },
    {
      name: 'a ConfigMap script run by a shell string: Permission denied, 126',
      files: { 'k8s/app.yaml': withScriptConfigMap('#!/bin/sh\nexec node /app/server.js', '["sh", "-c", "/scripts/run.sh"]') },
      findings: [{ messageId: 'volumeShellCommandNotExecutable', line: 24, column: 11, exitCode: 126, message: /`sh \/scripts\/run\.sh`/ }],
    },
    {
      name: 'a bare name in PATH that is not executable is skipped by LookPath: not found (containerd 128)',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY docker-entrypoint.sh /usr/local/bin/
          ENTRYPOINT ["docker-entrypoint.sh"]
        `,
        'docker-entrypoint.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
      findings: [{ messageId: 'skippedOnPath', line: 3, column: 1, severity: 'error', exitCode: 128, reason: 'StartError', message: /looked up along PATH/ }],
    },
    {
      name: 'a bare name in PATH that is not executable, under docker: 127',
      runtime: 'docker',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY docker-entrypoint.sh /usr/local/bin/
          ENTRYPOINT ["docker-entrypoint.sh"]
        `,
        'docker-entrypoint.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
      findings: [{ messageId: 'skippedOnPath', line: 3, column: 1, exitCode: 127, reason: null, message: /executable file not found in \$PATH/ }],
    },
    {
      name: 'a file with mode 0644 run by absolute path: StartError 128 under containerd',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY entry.sh /entry.sh
          ENTRYPOINT ["/entry.sh"]
          CMD ["serve"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
      findings: [
        {
          messageId: 'notExecutable',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 128,
          reason: 'StartError',
          message: /has no execute bit in the build context \(mode 0644\)/,
          related: [{ file: 'Dockerfile', line: 2 }],
        },
      ],
    },
    {
      name: 'the same under CRI-O: CreateContainerError without exit code',
      runtime: 'cri-o',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY entry.sh /entry.sh
          ENTRYPOINT ["/entry.sh"]
          CMD ["serve"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
      findings: [{ messageId: 'notExecutable', line: 3, column: 1, exitCode: null, reason: 'CreateContainerError' }],
    },
    {
      name: 'the same under docker: 126',
      runtime: 'docker',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          COPY entry.sh /entry.sh
          ENTRYPOINT ["/entry.sh"]
          CMD ["serve"]
        `,
        'entry.sh': dedent`
          #!/bin/sh
          exec "$@"
        `,
      },
      findings: [{ messageId: 'notExecutable', line: 3, column: 1, exitCode: 126, reason: null }],
    },
    {
      name: 'COPY <<EOF creates a 0644 file',
      files: {
        Dockerfile: dedent`
          # syntax=docker/dockerfile:1
          FROM alpine:3.20
          COPY <<EOT /start.sh
          #!/bin/sh
          exec /usr/local/bin/app
          EOT
          ENTRYPOINT ["/start.sh"]
        `,
      },
      findings: [{ messageId: 'notExecutable', line: 7, column: 1, severity: 'error', exitCode: 128, reason: 'StartError' }],
    },
    {
      name: 'a relative path resolves against WORKDIR through a directory copy',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          WORKDIR /srv
          COPY . .
          CMD ["./run.sh"]
        `,
        'run.sh': dedent`
          #!/bin/sh
          exec /srv/server "$@"
        `,
      },
      findings: [{ messageId: 'notExecutable', line: 4, column: 1, severity: 'error', exitCode: 128, reason: 'StartError' }],
    },
    {
      name: 'shell form: the shell reports Permission denied and exits 126 after start',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm-slim
          WORKDIR /srv
          COPY run.sh .
          CMD ./run.sh --serve
        `,
        'run.sh': dedent`
          #!/bin/sh
          exec /srv/server "$@"
        `,
      },
      findings: [{ messageId: 'shellCommandNotExecutable', line: 4, column: 1, severity: 'error', exitCode: 126, reason: 'Error' }],
    },
    {
      name: 'COPY run.sh / with mode 0644: StartError 128 at the ENTRYPOINT',
      files: {
        Dockerfile: dedent`
          FROM debian:bookworm
          COPY run.sh /
          ENTRYPOINT ["/run.sh"]
        `,
        'run.sh': dedent`
          #!/bin/sh
          exec sleep infinity
        `,
      },
      findings: [{ messageId: 'notExecutable', line: 3, column: 1, severity: 'error', exitCode: 128 }],
    },
  ],
});
