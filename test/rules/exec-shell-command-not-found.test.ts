import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('exec-shell-command-not-found', {
  valid: [
    {
      name: 'probe shell commands whose programs are in the image',
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
                  # The image's own interpreter does the check.
                  - name: api
                    image: python:3.12-slim
                    command: ["python", "-m", "api"]
                    livenessProbe:
                      exec:
                        command: ["sh", "-c", "python -c 'import urllib.request as u; u.urlopen(\\"http://localhost:8000/healthz\\")'"]
                    # A fallback: lint-k8s does not guess which branch runs.
                    readinessProbe:
                      exec:
                        command: ["sh", "-c", "curl -fsS http://localhost:8000/ready || test -f /tmp/ready"]
                    resources: {limits: {cpu: 200m, memory: 256Mi}}
                  # alpine-based images have busybox wget.
                  - name: sidecar
                    image: node:20-alpine
                    command: ["node", "sidecar.js"]
                    readinessProbe:
                      exec:
                        command: ["sh", "-c", "wget -qO- http://localhost:9000/ready"]
                    resources: {limits: {cpu: 100m, memory: 128Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'liveness and readiness probes run sh -c with curl/wget the image lacks',
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
                  # python:3.12-slim has /bin/sh (dash) but no curl or wget.
                  - name: api
                    image: python:3.12-slim
                    command: ["python", "-m", "api"]
                    livenessProbe:
                      exec:
                        command: ["sh", "-c", "curl -fsS http://localhost:8000/healthz"]
                    readinessProbe:
                      exec:
                        command: ["/bin/sh", "-c", "cd /tmp && wget -qO- http://localhost:8000/ready > /dev/null"]
                    resources: {limits: {cpu: 200m, memory: 256Mi}}
        `,
      },
      findings: [
        {
          messageId: 'notFound',
          line: 19,
          column: 15,
          severity: 'error',
          exitCode: null,
          reason: 'CrashLoopBackOff',
          message: /livenessProbe runs sh -c with curl.*"curl: not found"/,
        },
        {
          messageId: 'notFound',
          line: 22,
          column: 15,
          severity: 'error',
          exitCode: null,
          reason: 'ContainersNotReady',
          message: /readinessProbe runs \/bin\/sh -c with wget/,
        },
      ],
    },
  ],
});
