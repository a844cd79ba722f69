import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('limit-below-request', {
  valid: [
    {
      name: 'requests at or below limits',
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: cache
          spec:
            containers:
              - name: cache
                image: redis:7.4
                resources:
                  requests: {cpu: 100m, memory: 1G}
                  limits: {cpu: "0.1", memory: 1Gi}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'memory request 1Gi above the limit 1G',
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: cache
          spec:
            containers:
              - name: cache
                image: redis:7.4
                resources:
                  requests: {cpu: 100m, memory: 1Gi}
                  limits: {cpu: 200m, memory: 1G}
        `,
      },
      findings: [
        {
          messageId: 'requestAboveLimit',
          line: 10,
          column: 31,
          severity: 'error',
          exitCode: null,
          reason: 'Invalid',
          message: /memory request 1Gi is more than its limit 1G/,
        },
      ],
    },
  ],
});
