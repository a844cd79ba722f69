import { dedent, ruleTester } from '../rule-tester.js';

/** A Namespace enforcing baseline, pinned to `version` (no label: latest), and one Pod in it with `podSpec` (YAML, indented as under spec:). */
function pinned(version: string | undefined, securityContext: string): Record<string, string> {
  const pin = version === undefined ? '' : `\n    pod-security.kubernetes.io/enforce-version: ${version}`;
  return {
    'namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: edge\n  labels:\n    pod-security.kubernetes.io/enforce: baseline${pin}\n`,
    'pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: gateway\n  namespace: edge\nspec:\n  securityContext:\n${securityContext}  containers:\n    - name: gateway\n      image: envoyproxy/envoy:v1.31.0\n`,
  };
}
const RESERVED_PORTS = '    sysctls:\n      - name: net.ipv4.ip_local_reserved_ports\n        value: "30000-30100"\n';
const SLOW_START = '    sysctls:\n      - name: net.ipv4.tcp_slow_start_after_idle\n        value: "0"\n';
const ENGINE_TYPE = '    seLinuxOptions:\n      type: container_engine_t\n';

ruleTester('pod-security-forbidden', {
  valid: [
    {
      name: 'net.ipv4.ip_local_reserved_ports is safe from policy v1.27 (check_sysctls.go sysctlsAllowedV1Dot27)',
      files: pinned('v1.27', RESERVED_PORTS),
    },
    { name: 'net.ipv4.ip_local_reserved_ports under enforce-version latest', files: pinned(undefined, RESERVED_PORTS) },
    { name: 'net.ipv4.tcp_slow_start_after_idle is safe from policy v1.37', files: pinned('v1.37', SLOW_START) },
    {
      name: 'SELinux type container_engine_t is allowed from policy v1.31 (check_seLinuxOptions.go seLinuxOptions1_31)',
      files: pinned('v1.31', ENGINE_TYPE),
    },
    { name: 'SELinux type container_engine_t under enforce-version latest', files: pinned(undefined, ENGINE_TYPE) },
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
      name: 'net.ipv4.ip_local_reserved_ports under enforce-version v1.26 is refused',
      files: pinned('v1.26', RESERVED_PORTS),
      findings: [
        {
          file: 'pod.yaml',
          messageId: 'forbidden',
          line: 9,
          column: 9,
          severity: 'error',
          exitCode: null,
          reason: 'Forbidden',
          message:
            /Pod gateway: namespace edge enforces Pod Security "baseline:v1\.26", and sysctl net\.ipv4\.ip_local_reserved_ports is not in the safe set before policy v1\.27 \(control "Sysctls"\).*forbidden sysctls.*enforce-version to v1\.27 or later/,
          related: [{ file: 'namespace.yaml', line: 6 }],
        },
      ],
    },
    {
      name: 'net.ipv4.tcp_slow_start_after_idle under enforce-version v1.36 is refused',
      files: pinned('v1.36', SLOW_START),
      findings: [
        {
          file: 'pod.yaml',
          messageId: 'forbidden',
          line: 9,
          column: 9,
          exitCode: null,
          reason: 'Forbidden',
          message: /"baseline:v1\.36".*tcp_slow_start_after_idle is not in the safe set before policy v1\.37/,
        },
      ],
    },
    {
      name: 'SELinux type container_engine_t under enforce-version v1.30 is refused',
      files: pinned('v1.30', ENGINE_TYPE),
      findings: [
        {
          file: 'pod.yaml',
          messageId: 'forbidden',
          line: 8,
          column: 5,
          severity: 'error',
          exitCode: null,
          reason: 'Forbidden',
          message:
            /"baseline:v1\.30", and pod sets forbidden seLinuxOptions: type "container_engine_t" \(allowed from policy v1\.31\) \(control "SELinux"\).*violates PodSecurity "baseline:v1\.30": seLinuxOptions/,
          related: [{ file: 'namespace.yaml', line: 6 }],
        },
      ],
    },
    {
      name: 'a SELinux user is refused at every version, also with container_engine_t',
      files: pinned('v1.31', '    seLinuxOptions:\n      type: container_engine_t\n      user: system_u\n'),
      findings: [
        { file: 'pod.yaml', messageId: 'forbidden', line: 8, column: 5, exitCode: null, reason: 'Forbidden', message: /seLinuxOptions: user may not be set/ },
      ],
    },
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
          messageId: 'forbidden',
          line: 19,
          column: 11,
          severity: 'error',
          exitCode: null,
          reason: 'Forbidden',
          message: /"restricted:latest".*control "Privilege Escalation".*allowPrivilegeEscalation != false.*ReplicaSet reports FailedCreate/,
          related: [{ file: 'namespaces.yaml', line: 9 }],
        },
        {
          messageId: 'forbidden',
          line: 22,
          column: 21,
          severity: 'error',
          exitCode: null,
          reason: 'Forbidden',
          message: /non-default capabilities, unrestricted capabilities/,
        },
        {
          messageId: 'forbidden',
          line: 31,
          column: 3,
          severity: 'error',
          exitCode: null,
          reason: 'Forbidden',
          message: /"baseline:v1\.29".*host namespaces.*kubectl apply fails/,
        },
        { messageId: 'forbidden', line: 36, column: 9, severity: 'error', exitCode: null, reason: 'Forbidden' },
        { messageId: 'forbidden', line: 42, column: 7, severity: 'error', exitCode: null, reason: 'Forbidden' },
      ],
    },
  ],
});
