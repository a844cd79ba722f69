import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('run-as-non-root-image-root', {
  valid: [
    {
      name: 'numeric non-root USER, runAsUser set, or runAsNonRoot not required',
      files: {
        'app/Dockerfile': dedent`
          FROM python:3.12-slim
          RUN useradd --uid 10001 app
          USER 10001:10001
          CMD ["python", "-m", "http.server"]
        `,
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: app
          spec:
            selector:
              matchLabels: {app: app}
            template:
              metadata:
                labels: {app: app}
              spec:
                securityContext:
                  runAsNonRoot: true
                containers:
                  - name: app
                    image: ghcr.io/acme/app:1.0
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  - name: proxy
                    image: nginx:1.27
                    securityContext:
                      runAsUser: 101
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  - name: unknown
                    image: quay.io/acme/sidecar:2.0
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
        `,
      },
      config: { images: { 'ghcr.io/acme/app': 'app/Dockerfile' } },
    },
  ],
  invalid: [
    {
      name: 'a non-numeric USER built here, an image without USER, and runAsUser 0',
      files: {
        'app/Dockerfile': dedent`
          FROM python:3.12-slim
          RUN useradd --uid 10001 app
          USER app
          CMD ["python", "-m", "http.server"]
        `,
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: app
          spec:
            selector:
              matchLabels: {app: app}
            template:
              metadata:
                labels: {app: app}
              spec:
                securityContext:
                  runAsNonRoot: true
                containers:
                  - name: app
                    image: ghcr.io/acme/app:1.0
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  - name: proxy
                    image: nginx:1.27
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  - name: debug
                    image: busybox:1.36
                    securityContext:
                      runAsUser: 0
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
        `,
      },
      config: { images: { 'ghcr.io/acme/app': 'app' } },
      findings: [
        {
          file: 'deploy.yaml',
          messageId: 'nonNumericUser',
          line: 13,
          column: 9,
          severity: 'error',
          exitCode: null,
          reason: 'CreateContainerConfigError',
          message: /non-numeric USER app/,
          related: [
            { file: 'app/Dockerfile', line: 3 },
            { file: 'app/Dockerfile', line: 1 },
          ],
        },
        {
          file: 'deploy.yaml',
          messageId: 'imageRunsAsRoot',
          line: 13,
          column: 9,
          severity: 'error',
          exitCode: null,
          reason: 'CreateContainerConfigError',
          message: /nginx:1\.27.*sets no USER/,
        },
        { file: 'deploy.yaml', messageId: 'runAsUserZero', line: 24, column: 13, severity: 'error', exitCode: null, reason: 'CreateContainerConfigError' },
      ],
    },
  ],
});
