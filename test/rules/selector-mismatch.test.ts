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
