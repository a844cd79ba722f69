import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('selector-mismatch', {
  valid: [
    {
      name: 'selectors matched by their template labels',
      files: {
        'list.yaml': dedent`
          apiVersion: v1
          kind: List
          items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: api
              spec:
                selector:
                  matchLabels: {app: api}
                template:
                  metadata:
                    labels: {app: api, version: "1.0"}
                  spec:
                    containers:
                      - name: api
                        image: ghcr.io/acme/api:1.0
                        resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
            - apiVersion: apps/v1
              kind: StatefulSet
              metadata:
                name: db
              spec:
                serviceName: db
                selector:
                  matchExpressions:
                    - {key: tier, operator: In, values: [db]}
                    - {key: canary, operator: DoesNotExist}
                template:
                  metadata:
                    labels: {tier: db}
                  spec:
                    containers:
                      - name: db
                        image: postgres:16
                        resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'a workload of a removed API version is said to be not served, not judged by apps/v1 rules',
      files: {
        'deploy.yaml': dedent`
          apiVersion: extensions/v1beta1
          kind: Deployment
          metadata:
            name: legacy
          spec:
            template:
              metadata:
                labels: { app: legacy }
              spec:
                containers:
                  - name: legacy
                    image: nginx:1.27
                    resources:
                      requests: { cpu: 100m, memory: 64Mi }
        `,
      },
      findings: [
        {
          messageId: 'apiNotServed',
          line: 1,
          column: 1,
          severity: 'error',
          exitCode: null,
          reason: null,
          message: /extensions\/v1beta1 is no longer served \(removed in Kubernetes 1\.16\)/,
        },
      ],
    },
    {
      name: 'an apps/v1 Deployment without spec.selector',
      files: {
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            template:
              metadata:
                labels: { app: api }
              spec:
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1.0.0
        `,
      },
      findings: [
        {
          messageId: 'selectorMissing',
          line: 5,
          column: 1,
          severity: 'error',
          exitCode: null,
          reason: 'Invalid',
          message: /requires a non-empty spec\.selector/,
        },
      ],
    },
    {
      name: 'a Deployment and a StatefulSet in a List whose selectors match no template label',
      files: {
        'list.yaml': dedent`
          apiVersion: v1
          kind: List
          items:
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: api
              spec:
                selector:
                  matchLabels: {app: api}
                template:
                  metadata:
                    labels: {app: api-server}
                  spec:
                    containers:
                      - name: api
                        image: ghcr.io/acme/api:1.0
                        resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
            - apiVersion: apps/v1
              kind: StatefulSet
              metadata:
                name: db
              spec:
                serviceName: db
                selector:
                  matchExpressions:
                    - {key: tier, operator: In, values: [db]}
                template:
                  metadata:
                    labels: {app: db}
                  spec:
                    containers:
                      - name: db
                        image: postgres:16
                        resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [
        { messageId: 'selectorMismatch', line: 9, column: 7, severity: 'error', exitCode: null, reason: 'Invalid' },
        { messageId: 'selectorMismatch', line: 25, column: 7, severity: 'error', exitCode: null, reason: 'Invalid' },
      ],
    },
  ],
});
