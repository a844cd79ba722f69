import { defineRule } from '../src/engine/rule.js';
import type { PodSecurityLevel } from '../src/knowledge/pod-security.js';
import type { Location } from '../src/parse/location.js';
import { podSecurityViolations, refusedAt, type PodSecurityViolation, type PolicyVersion } from '../src/predict/pod-security.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const ENFORCE_VERSION = 'pod-security.kubernetes.io/enforce-version';

interface EnforcedNamespace {
  readonly level: PodSecurityLevel;
  readonly version: PolicyVersion;
  readonly shown: string;
  readonly at: Location;
}

interface PodSource {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly violations: readonly (Omit<PodSecurityViolation, 'path'> & { readonly at: Location })[];
}

/** What the user sees when the API server refuses the pods of this kind. */
function outcome(kind: string): string {
  if (kind === 'Pod') return 'kubectl apply fails and the Pod is never created';
  if (kind === 'CronJob') return 'the CronJob is accepted, but every Job it starts reports FailedCreate and no pod ever runs';
  const controller = kind === 'Deployment' ? 'its ReplicaSet' : `the ${kind}`;
  return `the ${kind} is accepted, but ${controller} reports FailedCreate and no pod ever runs`;
}

export default defineRule({
  meta: {
    id: 'pod-security-forbidden',
    title: 'Pod violates the Pod Security Standard its namespace enforces: Forbidden',
    severity: 'error',
    predicts: { exitCode: null, reason: 'Forbidden', phase: 'admission' },
    messages: {
      forbidden: `{{kind}} {{pod}}: namespace {{namespace}} enforces Pod Security "{{shown}}", and {{detail}} (control "{{control}}"). The API server refuses its pods with Forbidden (violates PodSecurity "{{shown}}": {{reasons}}); {{part}}. Fix: {{part2}}.`,
    },
    doc: {
      whatItPredicts:
        'A Namespace in the input is labelled `pod-security.kubernetes.io/enforce: baseline` or `restricted`, and a pod template of that namespace breaks a control of that level: the API server refuses the pod with Forbidden (`pods "x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (…)`). For a Deployment, StatefulSet, DaemonSet or Job the object is accepted, but its controller reports FailedCreate and no pod ever runs. Each finding names the control and points at the field that breaks it.',
      why: 'The pod-security admission plugin (built into the API server, on by default since 1.25) evaluates every Pod create against the level in its namespace\'s `enforce` label and, pinned by `enforce-version`, that policy version (default latest). The checks and their reasons are in kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/check_*.go: baseline forbids host namespaces, privileged, added capabilities beyond the default set, hostPath volumes, hostPorts, Unconfined AppArmor/seccomp, custom SELinux types/users/roles, non-default procMount and unsafe sysctls; restricted also requires allowPrivilegeEscalation: false, runAsNonRoot: true, no runAsUser 0, seccompProfile RuntimeDefault/Localhost, capabilities drop ["ALL"] (add only NET_BIND_SERVICE) and only configMap/csi/downwardAPI/emptyDir/ephemeral/persistentVolumeClaim/projected/secret volumes. Pods with `hostUsers: false` are exempt from the runAsNonRoot, runAsUser and procMount checks. Controllers create pods through the same API, so their pods are refused the same way.',
      example:
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n---\n# Deployment in namespace shop whose container sets no securityContext',
      fix: 'Bring the pod template up to the level: for restricted, set in the pod `securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}` and in every container `securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ["ALL"]}}`; or run the workload in a namespace with a lower level. Exemptions configured in the cluster\'s AdmissionConfiguration (users, runtime classes, namespaces) are not visible to lint-k8s.',
      references: [
        'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
        'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
        'https://github.com/kubernetes/kubernetes/tree/master/staging/src/k8s.io/pod-security-admission/policy',
      ],
    },
  },

  create: (context) => {
    const namespaces = new Map<string, EnforcedNamespace>();
    const pods: PodSource[] = [];
    return {
      object(object) {
        if (object.kind !== 'Namespace' || object.apiVersion !== 'v1') return;
        const level = object.labels[ENFORCE];
        if (level !== 'baseline' && level !== 'restricted') return;
        const pinned = object.labels[ENFORCE_VERSION];
        const match = typeof pinned === 'string' ? /^v1\.(\d{1,3})$/.exec(pinned) : null;
        namespaces.set(object.name, {
          level,
          version: match ? Number(match[1]) : undefined,
          shown: `${level}:${match ? `v1.${match[1]}` : 'latest'}`,
          at: object.at([...object.labelsPath, ENFORCE]),
        });
      },
      workload(workload) {
        // Only pods whose namespace is written down can be tied to a Namespace; a PodTemplate creates no pod.
        if (workload.namespace === undefined || workload.kind === 'PodTemplate') return;
        // Every policy version's violations: the namespace (and its enforce-version) may come later.
        const violations = podSecurityViolations(workload, 'restricted', undefined).map(({ path, ...v }) => ({ ...v, at: workload.at(path) }));
        if (violations.length > 0) pods.push({ namespace: workload.namespace, kind: workload.kind, name: workload.name, violations });
      },
      shardState: {
        save: () => ({ namespaces: [...namespaces], pods }),
        merge: (saved) => {
          const state = saved as { namespaces: [string, EnforcedNamespace][]; pods: PodSource[] };
          // A later Namespace of the same name wins, as it does when one thread visits them in order.
          for (const [name, ns] of state.namespaces) namespaces.set(name, ns);
          pods.push(...state.pods);
        },
      },
      done() {
        for (const pod of pods) {
          const ns = namespaces.get(pod.namespace);
          if (!ns) continue;
          const applicable = pod.violations.filter((v) => refusedAt(v, ns.level, ns.version));
          // Two checks on one field (baseline and restricted capabilities) are one finding with both reasons.
          const byField = new Map<string, (typeof applicable)[number][]>();
          for (const v of applicable) {
            const key = `${v.at.line}:${v.at.column}:${v.detail}`;
            byField.set(key, [...(byField.get(key) ?? []), v]);
          }
          for (const group of byField.values()) {
            const [first] = group;
            if (!first) continue;
            const reasons = [...new Set(group.map((v) => v.check.reason))].join(', ');
            context.report({
              at: first.at,
              messageId: 'forbidden',
              data: {
                kind: pod.kind,
                pod: pod.name,
                namespace: pod.namespace,
                shown: ns.shown,
                detail: first.detail,
                control: first.check.control,
                reasons,
                part: outcome(pod.kind),
                part2: group[group.length - 1]?.fix ?? first.fix,
              },
              related: [{ at: ns.at, message: `namespace ${pod.namespace} enforces ${ns.level}` }],
            });
          }
        }
      },
    };
  },
});
