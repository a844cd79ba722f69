import { ownedText } from '../src/engine/finding.js';
import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import type { Location } from '../src/model/location.js';
import { allContainers } from '../src/predict/joined.js';

type Kind = 'ConfigMap' | 'Secret';

interface Reference {
  readonly kind: Kind;
  readonly name: string;
  readonly namespace: string;
  readonly at: Location;
  readonly owner: string;
  /** Volumes leave the pod ContainerCreating; env and envFrom give CreateContainerConfigError. */
  readonly via: 'env' | 'volume';
}

export default defineRule({
  meta: {
    id: 'missing-reference',
    title: 'ConfigMap or Secret referenced but absent from the input set: CreateContainerConfigError',
    severity: 'warning',
    predicts: { exitCode: null, reason: 'CreateContainerConfigError', phase: 'create' },
    messages: {
      envSourceMissing:
        '{{owner}}: {{kind}} {{name}} is not among the objects of {{namespace}} in the input; unless it exists in the cluster, the container waits with CreateContainerConfigError ({{lowerKind}} "{{name}}" not found). Add it, fix the name, or mark the reference optional.',
      volumeSourceMissing:
        '{{owner}}: volume {{kind}} {{name}} is not among the objects of {{namespace}} in the input; unless it exists in the cluster, the pod stays ContainerCreating (FailedMount). Add it, fix the name, or mark it optional.',
    },
    doc: {
      whatItPredicts:
        'A container whose `env.valueFrom` or `envFrom` names a missing ConfigMap/Secret waits with reason CreateContainerConfigError ("configmap \\"x\\" not found"); a pod mounting a missing one as a volume stays ContainerCreating (FailedMount). Reported only when the input defines that namespace\'s ConfigMaps/Secrets (or the Namespace itself), and as a warning, since the object may be created in the cluster by other means.',
      why: 'The kubelet resolves env sources while generating the container config (pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables`), failing container creation with CreateContainerConfigError; volume sources are resolved by the volume manager, which retries the mount (pod stays ContainerCreating). References marked `optional: true` are skipped.',
      example: 'envFrom:\n- configMapRef:\n    name: api-config   # no ConfigMap api-config in the manifests',
      fix: 'Add the ConfigMap/Secret to the manifests, fix the name, or mark the reference `optional: true`. Switch the check off with `referencesCheck: false` when these objects come from elsewhere (sealed secrets, external-secrets).',
      references: [
        'https://kubernetes.io/docs/concepts/configuration/configmap/#configmaps-and-pods',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet_pods.go',
      ],
    },
  },

  create: (context) => {
    const defined = new Set<string>();
    const namespacesWithConfig = new Set<string>();
    const references: Reference[] = [];
    const key = (kind: Kind, namespace: string, name: string): string => `${kind}\0${namespace}\0${name}`;
    return {
      object(object) {
        const namespace = object.namespace ?? '';
        if (object.kind === 'ConfigMap' || object.kind === 'Secret') {
          defined.add(key(object.kind, namespace, object.name));
          namespacesWithConfig.add(namespace);
        } else if (object.kind === 'Namespace' && object.apiVersion === 'v1') namespacesWithConfig.add(object.name);
      },
      workload(workload) {
        if (context.project.config?.referencesCheck === false) return;
        const namespace = workload.namespace ?? '';
        const owner = `${workload.kind} ${workload.name}`;
        for (const ref of [...allContainers(workload).flatMap((c) => c.fields.references), ...workload.pod.references]) {
          if (ref.optional) continue;
          // Kept until done: a copy of the name, not a view into the whole manifest text (see ownedText).
          references.push({ kind: ref.kind, name: ownedText(ref.name), namespace, at: workload.at(ref.path), owner, via: ref.via });
        }
      },
      shardState: {
        save: () => ({ defined: [...defined], namespacesWithConfig: [...namespacesWithConfig], references }),
        merge: (saved) => {
          const state = saved as { defined: string[]; namespacesWithConfig: string[]; references: Reference[] };
          state.defined.forEach((k) => defined.add(k));
          state.namespacesWithConfig.forEach((n) => namespacesWithConfig.add(n));
          references.push(...state.references);
        },
      },
      done() {
        if (context.project.config?.referencesCheck === false) return;
        for (const ref of references) {
          if (!namespacesWithConfig.has(ref.namespace) || defined.has(key(ref.kind, ref.namespace, ref.name))) continue;
          const ns = ref.namespace === '' ? 'the default namespace of the input' : `namespace ${ref.namespace}`;
          const related: RelatedLocation[] = [];
          context.report({
            at: ref.at,
            reason: ref.via === 'env' ? 'CreateContainerConfigError' : 'ContainerCreating',
            messageId: ref.via === 'env' ? 'envSourceMissing' : 'volumeSourceMissing',
            data: { owner: ref.owner, kind: ref.kind, name: ref.name, namespace: ns, lowerKind: ref.kind.toLowerCase() },
            related,
          });
        }
      },
    };
  },
});
