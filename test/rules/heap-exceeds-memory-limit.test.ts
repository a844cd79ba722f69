import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('heap-exceeds-memory-limit', {
  valid: [
    {
      name: 'heaps that fit their memory limits',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: orders
          spec:
            selector:
              matchLabels: {app: orders}
            template:
              metadata:
                labels: {app: orders}
              spec:
                containers:
                  - name: orders
                    image: eclipse-temurin:21-jre
                    args: ["java", "-XX:MaxRAMPercentage=75", "-Xmx700m", "-jar", "/app/orders.jar"]
                    resources:
                      limits: {cpu: "1", memory: 1Gi}
                  - name: web
                    image: node:22-slim
                    command: ["node", "--max-old-space-size=384", "server.js"]
                    resources:
                      limits: {cpu: 500m, memory: 512Mi}
        `,
      },
    },
  ],
  invalid: [
    {
      name: '-Xmx equal to the limit (OOMKilled) and MaxRAMPercentage out of range (exit 1)',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: orders
          spec:
            selector:
              matchLabels: {app: orders}
            template:
              metadata:
                labels: {app: orders}
              spec:
                containers:
                  - name: orders
                    image: eclipse-temurin:21-jre
                    args: ["java", "-Xmx1g", "-jar", "/app/orders.jar"]
                    resources:
                      limits: {cpu: "1", memory: 1Gi}
                  - name: ingest
                    image: eclipse-temurin:21-jre
                    env:
                      - name: JAVA_TOOL_OPTIONS
                        value: "-XX:MaxRAMPercentage=150"
                    resources:
                      limits: {cpu: "1", memory: 1Gi}
        `,
      },
      findings: [
        {
          messageId: 'heapOverLimit',
          line: 15,
          column: 11,
          severity: 'error',
          exitCode: 137,
          reason: 'OOMKilled',
          // java is PID 1 here: no child nuance.
          message: /-Xmx1g \(args\) allows a 1024 MiB heap but the memory limit is 1Gi.*the kernel kills it: OOMKilled, exit 137\. Lower/,
        },
        {
          messageId: 'percentOutOfRange',
          line: 22,
          column: 15,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          message: /MaxRAMPercentage=150.*outside HotSpot.s range/,
        },
      ],
    },
    {
      name: 'Node --max-old-space-size close to the limit: warning',
      files: {
        'workloads.yaml': dedent`
          apiVersion: argoproj.io/v1alpha1
          kind: Rollout
          metadata:
            name: web
          spec:
            template:
              spec:
                containers:
                  - name: web
                    image: node:22-slim
                    env:
                      - name: NODE_OPTIONS
                        value: "--max-old-space-size=480"
                    resources:
                      limits: {cpu: 500m, memory: 512Mi}
        `,
      },
      findings: [
        {
          messageId: 'heapNearLimit',
          line: 13,
          column: 15,
          severity: 'warning',
          exitCode: 137,
          reason: 'OOMKilled',
          // NODE_OPTIONS is read by every node process, also one under npm start: the OOM_REPORT child nuance.
          message:
            /\(OOMKilled, exit 137 when node is PID 1; when it runs as a child of PID 1 \(a start script that does not exec it, npm start\), cgroup v2 nodes \(Kubernetes 1\.28\+\) kill the whole container: OOMKilled, exit 137; on cgroup v1 \(or with the kubelet's singleProcessOOMKill\) only the child dies, and the exit code is whatever PID 1 then exits with\)/,
        },
      ],
    },
    {
      name: 'JAVA_OPTS over the limit: the start script may keep the JVM as its child (OOMKilled, PID 1 status)',
      files: {
        'workloads.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: billing
          spec:
            selector:
              matchLabels: {app: billing}
            template:
              metadata:
                labels: {app: billing}
              spec:
                containers:
                  - name: billing
                    image: tomcat:10-jre17
                    env:
                      - name: JAVA_OPTS
                        value: "-Xmx2g"
                    resources:
                      limits: {cpu: "1", memory: 1Gi}
        `,
      },
      findings: [
        {
          messageId: 'heapOverLimit',
          line: 17,
          column: 15,
          severity: 'warning',
          exitCode: 137,
          reason: 'OOMKilled',
          message:
            /-Xmx2g \(env JAVA_OPTS\) allows a 2048 MiB heap but the memory limit is 1Gi.*the kernel kills it: OOMKilled, exit 137 when java is PID 1; when it runs as a child of PID 1 .* cgroup v2 nodes \(Kubernetes 1\.28\+\) kill the whole container: OOMKilled, exit 137; on cgroup v1 .* only the child dies, and the exit code is whatever PID 1 then exits with\. Lower/,
        },
      ],
    },
  ],
});
