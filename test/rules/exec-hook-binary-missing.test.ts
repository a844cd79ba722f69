import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('exec-hook-binary-missing', {
  valid: [
    {
      name: 'the hook program is in the image, or the hook is native sleep/httpGet',
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
                    image: gcr.io/distroless/java21-debian12
                    args: ["-jar", "/app/api.jar"]
                    lifecycle:
                      preStop:
                        sleep: {seconds: 5}
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
                  - name: proxy
                    image: nginx:1.27
                    lifecycle:
                      preStop:
                        exec:
                          command: ["sleep", "5"]
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'a postStart exec hook whose program a distroless image lacks: FailedPostStartHook',
      files: {
        'deploy.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            containers:
              - name: api
                image: gcr.io/distroless/java21-debian12
                lifecycle:
                  postStart:
                    exec:
                      command: ["sh", "-c", "echo started"]
        `,
      },
      findings: [
        {
          messageId: 'postStartMissing',
          line: 12,
          column: 13,
          severity: 'error',
          exitCode: null,
          reason: 'FailedPostStartHook',
          message: /postStart hook runs sh/,
        },
      ],
    },
    {
      name: 'an exec preStop sleep in a distroless image: the native sleep suggestion says GA since 1.34',
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
                    image: gcr.io/distroless/java21-debian12
                    args: ["-jar", "/app/api.jar"]
                    lifecycle:
                      preStop:
                        exec:
                          command: ["sleep", "5"]
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      findings: [
        {
          messageId: 'preStopMissing',
          line: 19,
          column: 17,
          severity: 'warning',
          exitCode: null,
          reason: 'FailedPreStopHook',
          message: /lifecycle\.preStop\.sleep\.seconds \(runs in the kubelet, GA since 1\.34\)/,
        },
      ],
    },
    {
      name: 'on a 1.29 cluster (kubernetesVersion) the suggestion is an httpGet hook',
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
                    image: gcr.io/distroless/java21-debian12
                    args: ["-jar", "/app/api.jar"]
                    lifecycle:
                      preStop:
                        exec:
                          command: ["sleep", "5"]
                    resources: {requests: {cpu: 100m, memory: 256Mi}, limits: {memory: 256Mi}}
        `,
      },
      config: { kubernetesVersion: '1.29' },
      findings: [
        {
          messageId: 'preStopMissing',
          line: 19,
          column: 17,
          severity: 'warning',
          exitCode: null,
          reason: 'FailedPreStopHook',
          message: /httpGet hook \(the native sleep action is alpha in 1\.29: feature gate PodLifecycleSleepAction, off by default\)/,
        },
      ],
    },
  ],
});
