import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('invalid-image-name', {
  valid: [
    {
      name: 'valid references: registry port, digest, lower-case paths',
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            containers:
              - name: api
                image: ghcr.io/acme/api:1.0
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
              - name: proxy
                image: localhost:5000/envoy@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
              - name: templated
                image: "{{ .Values.image }}"
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'an unsubstituted placeholder is a warning that says so; a real bad reference stays an error',
      files: {
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            selector:
              matchLabels: { app: api }
            template:
              metadata:
                labels: { app: api }
              spec:
                containers:
                  - name: api
                    image: REGION-docker.pkg.dev/PROJECT_ID/app/api:v1
                    resources:
                      requests: { cpu: 100m, memory: 64Mi }
                  - name: worker
                    image: <DOCKER_REPO>/worker:1.0
                    resources:
                      requests: { cpu: 100m, memory: 64Mi }
                  - name: sidecar
                    image: gcr.io/Acme/sidecar:1.0
                    resources:
                      requests: { cpu: 100m, memory: 64Mi }
        `,
      },
      findings: [
        { messageId: 'placeholder', line: 14, column: 11, severity: 'warning', exitCode: null, reason: 'InvalidImageName' },
        {
          messageId: 'placeholder',
          line: 18,
          column: 11,
          severity: 'warning',
          exitCode: null,
          reason: 'InvalidImageName',
          message: /placeholder \(<DOCKER_REPO>\)/,
        },
        { messageId: 'invalid', line: 22, column: 11, severity: 'error', exitCode: null, reason: 'InvalidImageName' },
      ],
    },
    {
      name: 'two tags, and upper-case letters in the repository path',
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            initContainers:
              - name: wait
                image: busybox:1.36:latest
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
            containers:
              - name: api
                image: ghcr.io/Acme/API:1.0
                resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [
        {
          messageId: 'invalid',
          line: 8,
          column: 7,
          severity: 'error',
          exitCode: null,
          reason: 'InvalidImageName',
          message: /"busybox:1\.36:latest" is not a valid reference/,
        },
        {
          messageId: 'invalid',
          line: 12,
          column: 7,
          severity: 'error',
          exitCode: null,
          reason: 'InvalidImageName',
          message: /repository name must be lowercase/,
        },
      ],
    },
  ],
});
