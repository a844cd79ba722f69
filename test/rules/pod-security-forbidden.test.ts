import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('pod-security-forbidden', {
  valid: [
    {
      name: 'pods that meet their namespace level, unlabelled namespaces, pods without a namespace',
      files: {
        'apps.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
            labels:
              pod-security.kubernetes.io/enforce: restricted
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: shop-api
            namespace: shop
          spec:
            selector:
              matchLabels: {app: shop-api}
            template:
              metadata:
                labels: {app: shop-api}
              spec:
                securityContext:
                  runAsNonRoot: true
                  seccompProfile: {type: RuntimeDefault}
                containers:
                  - name: api
                    image: ghcr.io/acme/shop-api:1.4.0
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities:
                        drop: ["ALL"]
                        add: ["NET_BIND_SERVICE"]
                    resources: {limits: {cpu: 200m, memory: 256Mi}}
                    volumeMounts:
                      - {name: cache, mountPath: /cache}
                volumes:
                  - name: cache
                    emptyDir: {}
          ---
          # Not labelled: anything goes.
          apiVersion: v1
          kind: Pod
          metadata:
            name: node-agent
            namespace: kube-system
          spec:
            hostNetwork: true
            containers:
              - name: agent
                image: ghcr.io/acme/node-agent:2.1.0
                securityContext:
                  privileged: true
                resources: {limits: {cpu: 100m, memory: 64Mi}}
          ---
          # No namespace written down: lint-k8s cannot tell which namespace it lands in.
          apiVersion: v1
          kind: Pod
          metadata:
            name: debug
          spec:
            containers:
              - name: shell
                image: ghcr.io/acme/toolbox:1.0
                securityContext:
                  privileged: true
                resources: {limits: {cpu: 100m, memory: 64Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'restricted and baseline namespaces refuse their pods (one finding per field, both reasons on one field)',
      files: {
        'apps.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: shop-api
            namespace: shop
          spec:
            selector:
              matchLabels: {app: shop-api}
            template:
              metadata:
                labels: {app: shop-api}
              spec:
                securityContext:
                  runAsNonRoot: true
                  seccompProfile: {type: RuntimeDefault}
                containers:
                  - name: api
                    image: ghcr.io/acme/shop-api:1.4.0
                    securityContext:
                      capabilities:
                        drop: ["ALL"]
                        add: ["NET_ADMIN"]
                    resources: {limits: {cpu: 200m, memory: 256Mi}}
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: node-agent
            namespace: legacy
          spec:
            hostNetwork: true
            containers:
              - name: agent
                image: ghcr.io/acme/node-agent:2.1.0
                securityContext:
                  privileged: true
                resources: {limits: {cpu: 100m, memory: 64Mi}}
                volumeMounts:
                  - {name: host-logs, mountPath: /host/logs}
            volumes:
              - name: host-logs
                hostPath: {path: /var/log}
        `,
        'namespaces.yaml': dedent`
          apiVersion: v1
          kind: List
          items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: shop
                labels:
                  pod-security.kubernetes.io/enforce: restricted
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: legacy
                labels:
                  pod-security.kubernetes.io/enforce: baseline
                  pod-security.kubernetes.io/enforce-version: v1.29
        `,
      },
      findings: [
        {
          line: 19,
          column: 11,
          severity: 'error',
          exitCode: null,
          reason: 'Forbidden',
          message: /"restricted:latest".*control "Privilege Escalation".*allowPrivilegeEscalation != false.*ReplicaSet reports FailedCreate/,
          related: [{ file: 'namespaces.yaml', line: 9 }],
        },
        { line: 22, column: 21, severity: 'error', exitCode: null, reason: 'Forbidden', message: /non-default capabilities, unrestricted capabilities/ },
        { line: 31, column: 3, severity: 'error', exitCode: null, reason: 'Forbidden', message: /"baseline:v1\.29".*host namespaces.*kubectl apply fails/ },
        { line: 36, column: 9, severity: 'error', exitCode: null, reason: 'Forbidden' },
        { line: 42, column: 7, severity: 'error', exitCode: null, reason: 'Forbidden' },
      ],
    },
  ],
});
