import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('probe-never-succeeds', {
  valid: [
    {
      name: 'probe programs in the image, named ports that exist',
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
                  - name: api
                    image: gcr.io/distroless/static-debian12:nonroot
                    command: ["/app/server"]
                    ports:
                      - {name: http, containerPort: 8080}
                    readinessProbe:
                      httpGet: {path: /ready, port: http}
                    livenessProbe:
                      tcpSocket: {port: 8080}
                  - name: tools
                    image: alpine:3.20
                    command: ["sh", "-c", "trap 'exit 0' TERM; sleep infinity & wait"]
                    readinessProbe:
                      exec:
                        command: ["wget", "-q", "-O-", "http://localhost:8080/ready"]
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
    {
      name: 'curl on a RHEL-family image: whether it holds curl is not known (UBI ships curl-minimal), so nothing is said',
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
                  - name: api
                    image: registry.access.redhat.com/ubi9/ubi:9.4
                    command: ["/app/server"]
                    livenessProbe:
                      exec:
                        command: ["curl", "-f", "http://localhost:8080/health"]
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'an exec readiness probe the image cannot run, and a liveness httpGet on an unknown port name',
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
                  - name: api
                    image: gcr.io/distroless/static-debian12:nonroot
                    command: ["/app/server"]
                    ports:
                      - {name: http, containerPort: 8080}
                    readinessProbe:
                      exec:
                        command: ["curl", "-f", "http://localhost:8080/ready"]
                    livenessProbe:
                      httpGet:
                        path: /healthz
                        port: metrics
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [
        {
          messageId: 'neverSucceeds',
          line: 20,
          column: 15,
          severity: 'error',
          exitCode: null,
          reason: 'ContainersNotReady',
          message: /runs curl, which gcr\.io\/distroless\/static-debian12:nonroot .* does not contain.*never becomes Ready/,
        },
        { messageId: 'neverSucceeds', line: 24, column: 15, severity: 'warning', exitCode: null, reason: null, message: /port metrics not found/ },
      ],
    },
  ],
});
