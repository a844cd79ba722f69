import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('prestop-exceeds-grace', {
  valid: [
    {
      name: 'nginx stops within the 2 s it still gets after the hook (lab cases "nginx", "nginx-quit"): no 137 predicted',
      files: {
        'nginx.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            selector:
              matchLabels:
                app: web
            template:
              metadata:
                labels:
                  app: web
              spec:
                containers:
                  - name: web
                    image: nginx:1.27
                    resources:
                      requests:
                        cpu: 100m
                        memory: 64Mi
                    lifecycle:
                      preStop:
                        exec:
                          command: ["sleep", "45"]
        `,
      },
    },
    {
      name: 'short sleeps and httpGet hooks',
      files: {
        'hooks.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            selector:
              matchLabels:
                app: api
            template:
              metadata:
                labels:
                  app: api
              spec:
                terminationGracePeriodSeconds: 60
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1
                    resources:
                      requests:
                        memory: 128Mi
                    lifecycle:
                      preStop:
                        exec:
                          command: ["sleep", "10"]
                  - name: proxy
                    image: envoyproxy/envoy:v1.31.0
                    resources:
                      requests:
                        memory: 64Mi
                    lifecycle:
                      preStop:
                        sleep:
                          seconds: 15
                  - name: metrics
                    image: ghcr.io/acme/metrics:1
                    resources:
                      requests:
                        memory: 32Mi
                    lifecycle:
                      preStop:
                        httpGet:
                          path: /drain
                          port: 9090
        `,
      },
    },
    {
      name: "a zero grace period skips the hook: grace-period-zero's finding, not this rule's",
      files: {
        'hooks.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: zero-grace
          spec:
            terminationGracePeriodSeconds: 0
            containers:
              - name: app
                image: ghcr.io/acme/app:1
                resources:
                  requests:
                    memory: 32Mi
                lifecycle:
                  preStop:
                    exec:
                      command: ["sleep", "45"]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'an exec sleep past the default grace period ends in SIGKILL',
      files: {
        'exec-sleep-default-grace.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            selector:
              matchLabels:
                app: web
            template:
              metadata:
                labels:
                  app: web
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.4
                    resources:
                      requests:
                        cpu: 100m
                        memory: 64Mi
                    lifecycle:
                      preStop:
                        exec:
                          command: ["sleep", "45"]
        `,
      },
      findings: [
        {
          messageId: 'outlastsGrace',
          line: 24,
          column: 17,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /sleeps 45 s but terminationGracePeriodSeconds is 30 \(default\).*2 s left/,
        },
      ],
    },
    {
      name: 'a native sleep not less than the grace period is rejected at admission',
      files: {
        'native-sleep.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            selector:
              matchLabels:
                app: api
            template:
              metadata:
                labels:
                  app: api
              spec:
                terminationGracePeriodSeconds: 30
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1
                    resources:
                      requests:
                        memory: 128Mi
                    lifecycle:
                      preStop:
                        sleep:
                          seconds: 30
        `,
      },
      findings: [{ messageId: 'sleepNotLessThanGrace', line: 24, column: 17, severity: 'error', exitCode: null, reason: 'Invalid', phase: 'admission' }],
    },
    {
      name: 'a shell sleep as long as the grace period',
      files: {
        'shell-sleeps.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: gateway
          spec:
            terminationGracePeriodSeconds: 20
            containers:
              - name: gateway
                image: ghcr.io/acme/web:1.4
                resources:
                  requests:
                    memory: 64Mi
                lifecycle:
                  preStop:
                    exec:
                      command:
                        - /bin/sh
                        - -c
                        - sleep 15 && nginx -s quit; sleep 5
        `,
      },
      findings: [{ messageId: 'outlastsGrace', line: 16, column: 13, severity: 'error', exitCode: 137, reason: 'Error', message: /sleeps 20 s/ }],
    },
  ],
});
