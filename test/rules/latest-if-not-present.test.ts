import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('latest-if-not-present', {
  valid: [
    {
      name: 'pinned tags, digests, or imagePullPolicy Always',
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            containers:
              - name: api
                image: ghcr.io/acme/api:1.4.2
                imagePullPolicy: IfNotPresent
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
              - name: sidecar
                image: ghcr.io/acme/sidecar:latest
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: ':latest and untagged images with imagePullPolicy IfNotPresent',
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            containers:
              - name: api
                image: ghcr.io/acme/api:latest
                imagePullPolicy: IfNotPresent
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
              - name: sidecar
                image: ghcr.io/acme/sidecar
                imagePullPolicy: IfNotPresent
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [
        { messageId: 'mutableTag', line: 9, column: 7, severity: 'warning', exitCode: null, reason: null },
        { messageId: 'mutableTag', line: 13, column: 7, severity: 'warning', exitCode: null, reason: null },
      ],
    },
  ],
});
