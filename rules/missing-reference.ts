import { ownedText } from '../src/engine/finding.js';
import { defineRule, type RelatedLocation } from '../src/engine/rule.js';
import type { Location } from '../src/parse/location.js';
import { allContainers } from '../src/predict/joined.js';
import { isRecord, type KubernetesObject } from '../src/model/workload/workload.js';

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
        '{{owner}}: {{kind}} {{name}} is not among the objects of {{namespace}} in the input{{more}}; unless it exists in the cluster, the container waits with CreateContainerConfigError ({{lowerKind}} "{{name}}" not found). Add it, fix the name, or mark the reference optional.',
      volumeSourceMissing:
        '{{owner}}: volume {{kind}} {{name}} is not among the objects of {{namespace}} in the input{{more}}; unless it exists in the cluster, the pod stays ContainerCreating (FailedMount). Add it, fix the name, or mark it optional.',
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
        else {
          // A controller in the same input writes the Secret (cert-manager, sealed-secrets, external-secrets).
          const produced = producedSecret(object);
          if (produced !== undefined) defined.add(key('Secret', namespace, ownedText(produced)));
        }
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
        // One finding per missing object, at its first reference; the others are related locations.
        const missing = new Map<string, Reference[]>();
        for (const ref of references) {
          const k = key(ref.kind, ref.namespace, ref.name);
          if (!namespacesWithConfig.has(ref.namespace) || defined.has(k)) continue;
          missing.set(k, [...(missing.get(k) ?? []), ref]);
        }
        for (const [first, ...others] of missing.values()) {
          if (!first) continue;
          const ns = first.namespace === '' ? 'the default namespace' : `namespace ${first.namespace}`;
          const related: RelatedLocation[] = others.map((r) => ({ at: r.at, message: `${r.owner} refers to ${r.kind} ${r.name} here too` }));
          context.report({
            at: first.at,
            reason: first.via === 'env' ? 'CreateContainerConfigError' : 'ContainerCreating',
            messageId: first.via === 'env' ? 'envSourceMissing' : 'volumeSourceMissing',
            data: {
              owner: first.owner,
              kind: first.kind,
              name: first.name,
              namespace: ns,
              lowerKind: first.kind.toLowerCase(),
              more: others.length === 0 ? '' : ` (${others.length} more reference${others.length === 1 ? '' : 's'} to it)`,
            },
            related,
          });
        }
      },
    };
  },
});

/**
 * The Secret an object of a secret-writing controller creates: cert-manager's Certificate
 * (`spec.secretName`, cert-manager.io/v1 API reference), Bitnami's SealedSecret (the Secret is
 * named after it, `spec.template.metadata.name` when set: sealed-secrets README), and
 * external-secrets' ExternalSecret (`spec.target.name`, default the ExternalSecret's name).
 */
function producedSecret(object: KubernetesObject): string | undefined {
  const group = object.apiVersion.split('/')[0] ?? '';
  const spec = isRecord(object.object.spec) ? object.object.spec : {};
  if (object.kind === 'Certificate' && group === 'cert-manager.io') return typeof spec.secretName === 'string' ? spec.secretName : undefined;
  if (object.kind === 'SealedSecret' && group === 'bitnami.com') {
    const template = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {};
    return typeof template.name === 'string' ? template.name : object.name;
  }
  if (object.kind === 'ExternalSecret' && group === 'external-secrets.io') {
    const target = isRecord(spec.target) ? spec.target : {};
    return typeof target.name === 'string' ? target.name : object.name;
  }
  return undefined;
}
