import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('grace-period-zero', {
  valid: [
    {
      name: 'a StatefulSet with a positive grace period',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            selector:
              matchLabels: {app: db}
            template:
              metadata:
                labels: {app: db}
              spec:
                terminationGracePeriodSeconds: 60
                containers:
                  - name: postgres
                    image: postgres:16
                    resources: {limits: {cpu: 500m, memory: 512Mi}}
        `,
      },
    },
    {
      name: 'a Deployment with the default grace period',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            selector:
              matchLabels: {app: web}
            template:
              metadata:
                labels: {app: web}
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:3.2.0
                    lifecycle:
                      preStop:
                        httpGet: {path: /drain, port: 8080}
                    resources: {limits: {cpu: 200m, memory: 128Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'a zero grace period on a Pod with a preStop hook: the hook is cut (warning)',
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
      findings: [
        {
          messageId: 'zeroGrace',
          line: 6,
          column: 3,
          severity: 'warning',
          exitCode: 137,
          reason: 'Error',
          message: /Pod zero-grace: terminationGracePeriodSeconds is 0/,
        },
      ],
    },
    {
      name: 'terminationGracePeriodSeconds 0 on a StatefulSet: error',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            selector:
              matchLabels: {app: db}
            template:
              metadata:
                labels: {app: db}
              spec:
                terminationGracePeriodSeconds: 0
                containers:
                  - name: postgres
                    image: postgres:16
                    resources: {limits: {cpu: 500m, memory: 512Mi}}
        `,
      },
      findings: [
        {
          messageId: 'zeroGrace',
          line: 13,
          column: 7,
          severity: 'error',
          exitCode: 137,
          reason: 'Error',
          message: /StatefulSet db: terminationGracePeriodSeconds is 0.*exit 137/,
        },
      ],
    },
    {
      name: 'terminationGracePeriodSeconds 0 on a Deployment: warning',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
          spec:
            selector:
              matchLabels: {app: web}
            template:
              metadata:
                labels: {app: web}
              spec:
                terminationGracePeriodSeconds: 0
                containers:
                  - name: web
                    image: ghcr.io/acme/web:3.2.0
                    lifecycle:
                      preStop:
                        httpGet: {path: /drain, port: 8080}
                    resources: {limits: {cpu: 200m, memory: 128Mi}}
        `,
      },
      findings: [{ messageId: 'zeroGrace', line: 12, column: 7, severity: 'warning', exitCode: 137, reason: 'Error' }],
    },
  ],
});
