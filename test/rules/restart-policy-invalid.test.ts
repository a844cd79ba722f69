import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('restart-policy-invalid', {
  valid: [
    {
      name: 'a Job with restartPolicy Never',
      files: {
        'workloads.yaml': dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: migrate
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: migrate
                    image: ghcr.io/acme/migrate:1.0
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
    {
      name: 'a Deployment without restartPolicy (Always)',
      files: {
        'workloads.yaml': dedent`
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
                restartPolicy: Always
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1.0
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'a Job without restartPolicy defaults to Always',
      files: {
        'workloads.yaml': dedent`
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: migrate
          spec:
            template:
              spec:
                containers:
                  - name: migrate
                    image: ghcr.io/acme/migrate:1.0
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [{ messageId: 'jobDefaultsToAlways', line: 7, column: 5, severity: 'error', exitCode: null, reason: 'Invalid' }],
    },
    {
      name: 'a CronJob with restartPolicy Always',
      files: {
        'workloads.yaml': dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: nightly
          spec:
            schedule: "0 3 * * *"
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: Always
                    containers:
                      - name: report
                        image: ghcr.io/acme/report:1.0
                        resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [{ messageId: 'jobPolicyInvalid', line: 11, column: 11, severity: 'error', exitCode: null, reason: 'Invalid' }],
    },
    {
      name: 'a Deployment with restartPolicy OnFailure',
      files: {
        'workloads.yaml': dedent`
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
                restartPolicy: OnFailure
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1.0
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [{ messageId: 'notAlways', line: 12, column: 7, severity: 'error', exitCode: null, reason: 'Invalid' }],
    },
  ],
});
