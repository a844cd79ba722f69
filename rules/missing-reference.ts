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
      mayBeCreated:
        '{{owner}}: {{kind}} {{name}} is not among the objects of {{namespace}} in the input{{more}}, but {{creator}} may create it at run time. If it does not exist when the pod starts, the container waits ({{lowerKind}} "{{name}}" not found) until it does.',
      volumeSourceMissing:
        '{{owner}}: volume {{kind}} {{name}} is not among the objects of {{namespace}} in the input{{more}}; unless it exists in the cluster, the pod stays ContainerCreating (FailedMount). Add it, fix the name, or mark it optional.',
    },
    doc: {
      whatItPredicts:
        'A container whose `env.valueFrom` or `envFrom` names a missing ConfigMap/Secret waits with reason CreateContainerConfigError ("configmap \\"x\\" not found"); a pod mounting a missing one as a volume stays ContainerCreating (FailedMount). Reported only when the input defines that namespace\'s ConfigMaps/Secrets (or the Namespace itself), and as a warning, since the object may be created in the cluster by other means; once per missing object, with its other references as related locations. A Secret that a controller of the input writes is not missing: cert-manager `Certificate` (`spec.secretName`), `SealedSecret`, `ExternalSecret` (`spec.target.name`), Vault Secrets Operator (`spec.destination.name`), a `SecretProviderClass` (`spec.secretObjects[].secretName`), Strimzi `KafkaUser`, CloudNativePG `Cluster` (`<name>-app`, `<name>-superuser`), any object with `spec.writeConnectionSecretToRef` (Crossplane), or a Job or init container that runs `kubectl create secret … NAME`. When something of the input may create Secrets at run time without naming them — a Job or init container running `kubectl` on secrets, a Role or ClusterRole allowing `create` on secrets (an operator) — a missing Secret is only a note. `optional: true` references are never reported.',
      why: 'The kubelet resolves env sources while generating the container config (pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables`), failing container creation with CreateContainerConfigError; volume sources are resolved by the volume manager, which retries the mount (pod stays ContainerCreating). References marked `optional: true` are skipped.',
      example: 'envFrom:\n- configMapRef:\n    name: api-config   # no ConfigMap api-config in the manifests',
      fix: 'Add the ConfigMap/Secret to the manifests, fix the name, or mark the reference `optional: true`. Switch the check off with `referencesCheck: false` when these objects come from elsewhere (a secret store the input does not show).',
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
    /** Namespaces (`*`: all) where something may create Secrets at run time, with what. */
    const creators: { namespace: string; creator: string }[] = [];
    const key = (kind: Kind, namespace: string, name: string): string => `${kind}\0${namespace}\0${name}`;
    return {
      object(object) {
        const namespace = object.namespace ?? '';
        if (object.kind === 'ConfigMap' || object.kind === 'Secret') {
          defined.add(key(object.kind, namespace, object.name));
          namespacesWithConfig.add(namespace);
        } else if (object.kind === 'Namespace' && object.apiVersion === 'v1') namespacesWithConfig.add(object.name);
        else {
          // A controller in the same input writes the Secret (cert-manager, sealed-secrets, external-secrets, …).
          for (const produced of producedSecrets(object)) defined.add(key('Secret', namespace, ownedText(produced)));
          const role = secretWritingRole(object);
          if (role) creators.push({ namespace: object.kind === 'ClusterRole' ? '*' : namespace, creator: ownedText(role) });
        }
      },
      workload(workload) {
        if (context.project.config?.referencesCheck === false) return;
        const namespace = workload.namespace ?? '';
        const owner = `${workload.kind} ${workload.name}`;
        // A Job or an init container that runs `kubectl … secret` creates Secrets before (or while) the app starts.
        const runsOnce = workload.kind === 'Job' || workload.kind === 'CronJob';
        for (const container of allContainers(workload)) {
          if (!runsOnce && container.role !== 'init') continue;
          const created = kubectlSecrets([...(container.command ?? []), ...(container.args ?? [])]);
          if (!created) continue;
          const who = `${owner}${runsOnce ? '' : ` (init container ${container.name})`}`;
          for (const name of created.names) defined.add(key('Secret', namespace, ownedText(name)));
          if (created.unnamed) creators.push({ namespace, creator: ownedText(`${who}, which runs kubectl on secrets`) });
        }
        for (const ref of [...allContainers(workload).flatMap((c) => c.fields.references), ...workload.pod.references]) {
          if (ref.optional) continue;
          // Kept until done: a copy of the name, not a view into the whole manifest text (see ownedText).
          references.push({ kind: ref.kind, name: ownedText(ref.name), namespace, at: workload.at(ref.path), owner, via: ref.via });
        }
      },
      shardState: {
        save: () => ({ defined: [...defined], namespacesWithConfig: [...namespacesWithConfig], references, creators }),
        merge: (saved) => {
          const state = saved as { defined: string[]; namespacesWithConfig: string[]; references: Reference[]; creators: typeof creators };
          state.defined.forEach((k) => defined.add(k));
          state.namespacesWithConfig.forEach((n) => namespacesWithConfig.add(n));
          references.push(...state.references);
          creators.push(...state.creators);
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
          const creator = first.kind === 'Secret' ? creators.find((c) => c.namespace === first.namespace || c.namespace === '*') : undefined;
          context.report({
            at: first.at,
            reason: first.via === 'env' ? 'CreateContainerConfigError' : 'ContainerCreating',
            messageId: creator ? 'mayBeCreated' : first.via === 'env' ? 'envSourceMissing' : 'volumeSourceMissing',
            ...(creator ? { severity: 'info' as const } : {}),
            data: {
              ...(creator ? { creator: creator.creator } : {}),
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
 * The Secrets an object of a secret-writing controller creates: cert-manager's Certificate
 * (`spec.secretName`, cert-manager.io/v1 API reference), Bitnami's SealedSecret (the Secret is
 * named after it, `spec.template.metadata.name` when set: sealed-secrets README), external-secrets'
 * ExternalSecret (`spec.target.name`, default the ExternalSecret's name), the Vault Secrets
 * Operator's Vault*Secret (`spec.destination.name`), the Secrets Store CSI driver's
 * SecretProviderClass (`spec.secretObjects[].secretName`), Strimzi's KafkaUser (a Secret named
 * after the user), CloudNativePG's Cluster (`<name>-app`, `<name>-superuser`), and any object with
 * Crossplane's `spec.writeConnectionSecretToRef.name`.
 */
function producedSecrets(object: KubernetesObject): string[] {
  const group = object.apiVersion.split('/')[0] ?? '';
  const spec = isRecord(object.object.spec) ? object.object.spec : {};
  const out: string[] = [];
  const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
  if (isRecord(spec.writeConnectionSecretToRef) && text(spec.writeConnectionSecretToRef.name)) out.push(spec.writeConnectionSecretToRef.name);
  if (object.kind === 'Certificate' && group === 'cert-manager.io' && text(spec.secretName)) out.push(spec.secretName);
  if (object.kind === 'SealedSecret' && group === 'bitnami.com') {
    const template = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {};
    out.push(text(template.name) ? template.name : object.name);
  }
  if (object.kind === 'ExternalSecret' && group === 'external-secrets.io') {
    const target = isRecord(spec.target) ? spec.target : {};
    out.push(text(target.name) ? target.name : object.name);
  }
  if (group === 'secrets.hashicorp.com' && isRecord(spec.destination) && text(spec.destination.name)) out.push(spec.destination.name);
  if (object.kind === 'SecretProviderClass' && group === 'secrets-store.csi.x-k8s.io' && Array.isArray(spec.secretObjects))
    for (const o of spec.secretObjects) if (isRecord(o) && text(o.secretName)) out.push(o.secretName);
  if (object.kind === 'KafkaUser' && group === 'kafka.strimzi.io') out.push(object.name);
  if (object.kind === 'Cluster' && group === 'postgresql.cnpg.io') out.push(`${object.name}-app`, `${object.name}-superuser`);
  return out;
}

/** A Role or ClusterRole that lets its subjects create Secrets (an operator's, a setup Job's): its name. */
function secretWritingRole(object: KubernetesObject): string | undefined {
  if ((object.kind !== 'Role' && object.kind !== 'ClusterRole') || !object.apiVersion.startsWith('rbac.authorization.k8s.io/')) return undefined;
  const rules = Array.isArray(object.object.rules) ? object.object.rules : [];
  const has = (list: unknown, ...values: string[]): boolean => Array.isArray(list) && list.some((v) => typeof v === 'string' && values.includes(v));
  const writes = rules.some(
    (r) => isRecord(r) && has(r.apiGroups, '', '*') && has(r.resources, 'secrets', '*') && has(r.verbs, 'create', 'patch', 'update', '*'),
  );
  return writes ? `an operator or Job allowed to create Secrets (${object.kind} ${object.name})` : undefined;
}

/**
 * What `kubectl … secret` in a container's command creates: the NAME of `kubectl create secret
 * TYPE NAME`, or `unnamed` when kubectl works on secrets in another way (`apply`, a name from a
 * variable). The argv is split into words at blanks, as the shell of a `sh -c` string would.
 */
/** kubectl options of `create secret` (and kubectl's global ones) that take the next word as their value. */
const KUBECTL_OPTIONS_WITH_VALUE = new Set([
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--kubeconfig',
  '-o',
  '--output',
  '--type',
  '--from-file',
  '--from-literal',
  '--from-env-file',
  '--cert',
  '--key',
  '--docker-server',
  '--docker-username',
  '--docker-password',
  '--docker-email',
  '--field-manager',
]);

function kubectlSecrets(argv: readonly string[]): { names: string[]; unnamed: boolean } | undefined {
  const words = argv.flatMap((a) => a.split(/\s+/)).filter((w) => w !== '');
  if (!words.some((w) => w === 'kubectl' || w.endsWith('/kubectl')) || !words.some((w) => w.includes('secret'))) return undefined;
  const names: string[] = [];
  let unnamed = false;
  words.forEach((w, i) => {
    if (w !== 'create' || words[i + 1] !== 'secret') return;
    // NAME is the first word that is neither an option nor the value of one (`-n shop`, `--from-literal k=v`).
    let name: string | undefined;
    for (let j = i + 3; j < words.length && name === undefined; j++) {
      const w = words[j] as string;
      if (w.startsWith('-')) {
        if (!w.includes('=') && KUBECTL_OPTIONS_WITH_VALUE.has(w)) j++;
        continue;
      }
      name = w;
    }
    if (name && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) names.push(name);
    else unnamed = true;
  });
  return { names, unnamed: unnamed || names.length === 0 };
}
