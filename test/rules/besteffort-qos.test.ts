import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('besteffort-qos', {
  valid: [
    {
      name: 'requests and limits on every container: Guaranteed',
      files: {
        'guaranteed.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: cache
          spec:
            containers:
              - name: redis
                image: redis:7.4
                resources:
                  limits:
                    cpu: "1"
                    memory: 1Gi
        `,
      },
    },
    {
      name: "good init-has-requests.yaml@1: The init container's request makes the pod Burstable, not BestEffort.",
      files: {
        'init-has-requests.yaml': dedent`
          # The init container's request makes the pod Burstable, not BestEffort.
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            selector:
              matchLabels:
                app: db
            template:
              metadata:
                labels:
                  app: db
              spec:
                initContainers:
                  - name: init-perms
                    image: busybox:1.36
                    command: ["chown", "-R", "999", "/data"]
                    resources:
                      requests:
                        memory: 32Mi
                containers:
                  - name: db
                    image: postgres:16
        `,
      },
    },
    {
      name: 'Helm values: not a Kubernetes object, skipped without noise',
      files: {
        'values.yaml': dedent`
          # Helm values: not a Kubernetes object, skipped without noise.
          replicaCount: 2
          image:
            repository: ghcr.io/acme/api
            tag: 1.4.2
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'every pod template without requests or limits, at its containers key (CronJob, List in JSON, Pod, Argo Rollout)',
      files: {
        'cronjob.yaml': dedent`
          apiVersion: batch/v1
          kind: CronJob
          metadata:
            name: report
          spec:
            schedule: "0 3 * * *"
            jobTemplate:
              spec:
                template:
                  spec:
                    restartPolicy: OnFailure
                    containers:
                      - name: report
                        image: ghcr.io/acme/report:3
                        resources: {}
        `,
        'list.json': dedent`
          {
            "apiVersion": "v1",
            "kind": "List",
            "items": [
              {
                "apiVersion": "apps/v1",
                "kind": "DaemonSet",
                "metadata": { "name": "agent" },
                "spec": {
                  "selector": { "matchLabels": { "app": "agent" } },
                  "template": {
                    "metadata": { "labels": { "app": "agent" } },
                    "spec": { "containers": [ { "name": "agent", "image": "ghcr.io/acme/agent:1" } ] }
                  }
                }
              }
            ]
          }
        `,
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: debug
          spec:
            containers:
              - name: shell
                image: busybox:1.36
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
        `,
        'rollout.yaml': dedent`
          apiVersion: argoproj.io/v1alpha1
          kind: Rollout
          metadata:
            name: web
          spec:
            replicas: 2
            strategy:
              canary: {}
            template:
              metadata:
                labels:
                  app: web
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:5
        `,
      },
      findings: [
        { messageId: 'bestEffort', line: 12, column: 11, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
        { file: 'list.json', messageId: 'bestEffort', line: 13, column: 21, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
        { file: 'pod.yaml', messageId: 'bestEffort', line: 6, column: 3, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
        { file: 'rollout.yaml', messageId: 'bestEffort', line: 14, column: 7, severity: 'warning', exitCode: 137, reason: 'OOMKilled' },
      ],
    },
  ],
});
