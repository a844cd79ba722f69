import {
  BASELINE_CAPABILITIES,
  POD_SECURITY_CONTROLS,
  RESTRICTED_VOLUME_SOURCES,
  SAFE_SYSCTLS,
  SELINUX_TYPES,
  type PodSecurityControl,
  type PodSecurityLevel,
} from '../knowledge/pod-security.js';
import type { YamlPath } from '../parse/manifest.js';
import { isRecord } from '../model/workload/workload.js';
import { type JoinedWorkload } from '../model/join.js';
import { allContainers } from './joined.js';

/** One reason the pod-security admission plugin refuses a pod, at the field that causes it. */
export interface PodSecurityViolation {
  readonly check: PodSecurityControl;
  /** The offending field (for a required field that is missing: where it belongs). */
  readonly path: YamlPath;
  /** What is wrong, in the words of the check's ForbiddenDetail. */
  readonly detail: string;
  readonly fix: string;
  /**
   * For a value a later policy version allows (a sysctl or SELinux type added to the safe set):
   * the minor of that version. The violation holds only for a namespace pinned to an older one.
   */
  readonly allowedFrom?: number;
}

/**
 * Whether a violation refuses the pod in a namespace enforcing `level` at `version`
 * (`latest` when undefined): the check runs from its first version on, at its level or above,
 * and a value allowed from a later version is refused only by older ones.
 */
export function refusedAt(violation: Pick<PodSecurityViolation, 'check' | 'allowedFrom'>, level: PodSecurityLevel, version: PolicyVersion): boolean {
  const { check, allowedFrom } = violation;
  if (level === 'baseline' && check.level !== 'baseline') return false;
  if (version === undefined) return allowedFrom === undefined;
  return version >= check.since && (allowedFrom === undefined || version < allowedFrom);
}

/** The policy version a namespace enforces: `latest` (undefined) or a minor of 1.x. */
export type PolicyVersion = number | undefined;

const C = POD_SECURITY_CONTROLS;

/**
 * Every violation of `level` by the pod template of `workload`, evaluated as the admission
 * plugin evaluates a pod (policy/check_*.go): baseline checks at both levels, restricted
 * checks on top at `restricted`. With `version` undefined, the violations of every policy
 * version (filter them with `refusedAt` once the namespace's version is known).
 */
export function podSecurityViolations(workload: JoinedWorkload, level: PodSecurityLevel, version: PolicyVersion): PodSecurityViolation[] {
  const out: PodSecurityViolation[] = [];
  const spec = workload.podSpec;
  const specPath = workload.podSpecPath;
  const applies = (check: PodSecurityControl): boolean =>
    (level === 'restricted' || check.level === 'baseline') && (version === undefined || version >= check.since);
  const add = (check: PodSecurityControl, path: YamlPath, detail: string, fix: string, allowedFrom?: number): void => {
    if (!applies(check)) return;
    if (allowedFrom === undefined) out.push({ check, path, detail, fix });
    else if (version === undefined || version < allowedFrom) out.push({ check, path, detail, fix, allowedFrom });
  };
  // User-namespaced pods (hostUsers: false) are exempt from the root-user and procMount checks
  // (policy/helpers.go relaxPolicyForUserNamespacePod, GA with user namespaces).
  const userNamespaced = spec.hostUsers === false;
  const podContext = isRecord(spec.securityContext) ? spec.securityContext : {};
  const podContextPath = [...specPath, 'securityContext'];
  const containers = allContainers(workload);

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (spec[field] === true) add(C.hostNamespaces, [...specPath, field], `${field}=true`, `remove ${field}`);

  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  volumes.forEach((volume, i) => {
    if (!isRecord(volume)) return;
    const name = typeof volume.name === 'string' ? volume.name : `#${i}`;
    const path = [...specPath, 'volumes', i];
    if (volume.hostPath !== undefined && volume.hostPath !== null)
      add(C.hostPathVolumes, [...path, 'hostPath'], `volume "${name}" is a hostPath`, 'use an emptyDir, configMap, secret or persistentVolumeClaim volume');
    const source = Object.keys(volume).find((k) => k !== 'name');
    if (source !== undefined && !RESTRICTED_VOLUME_SOURCES.has(source))
      add(
        C.restrictedVolumes,
        [...path, source],
        `volume "${name}" has restricted type ${source}`,
        'use a persistentVolumeClaim (or csi/ephemeral) volume instead',
      );
  });

  const sysctls = Array.isArray(podContext.sysctls) ? podContext.sysctls : [];
  sysctls.forEach((sysctl, i) => {
    if (!isRecord(sysctl) || typeof sysctl.name !== 'string') return;
    const allowedSince = SAFE_SYSCTLS.get(sysctl.name);
    if (allowedSince === undefined)
      add(
        C.sysctls,
        [...podContextPath, 'sysctls', i, 'name'],
        `sysctl ${sysctl.name} is not in the safe set`,
        'set it on the node instead, or use a namespace with the privileged level',
      );
    else if (allowedSince > 0)
      add(
        C.sysctls,
        [...podContextPath, 'sysctls', i, 'name'],
        `sysctl ${sysctl.name} is not in the safe set before policy v1.${allowedSince}`,
        `set pod-security.kubernetes.io/enforce-version to v1.${allowedSince} or later (or latest), or set the sysctl on the node`,
        allowedSince,
      );
  });

  // Fields set in both the pod and the container security context.
  const seccompBad = (value: unknown): string | undefined => {
    const type = isRecord(value) ? value.type : undefined;
    return typeof type === 'string' && type !== 'RuntimeDefault' && type !== 'Localhost' ? type : undefined;
  };
  const selinuxBad = (value: unknown): { detail: string; allowedFrom?: number } | undefined => {
    if (!isRecord(value)) return undefined;
    const type = typeof value.type === 'string' ? value.type : '';
    const since = SELINUX_TYPES.get(type);
    if (since === undefined) return { detail: `type "${type}"` };
    if (typeof value.user === 'string' && value.user !== '') return { detail: 'user may not be set' };
    if (typeof value.role === 'string' && value.role !== '') return { detail: 'role may not be set' };
    // A type a later policy version allows is refused by namespaces pinned to an older one.
    if (since > 0) return { detail: `type "${type}" (allowed from policy v1.${since})`, allowedFrom: since };
    return undefined;
  };
  const selinuxFix = (bad: { allowedFrom?: number }): string =>
    bad.allowedFrom === undefined
      ? 'remove the custom SELinux options'
      : `set pod-security.kubernetes.io/enforce-version to v1.${bad.allowedFrom} or later (or latest), or remove the custom SELinux options`;
  const appArmorBad = (value: unknown): boolean => isRecord(value) && value.type === 'Unconfined';

  const podSeccomp = seccompBad(podContext.seccompProfile);
  if (podSeccomp !== undefined) {
    add(
      C.seccompBaseline,
      [...podContextPath, 'seccompProfile', 'type'],
      `pod sets seccompProfile.type to "${podSeccomp}"`,
      'use seccompProfile.type: RuntimeDefault',
    );
    if (podSeccomp !== 'Unconfined')
      add(
        C.seccompRestricted,
        [...podContextPath, 'seccompProfile', 'type'],
        `pod sets seccompProfile.type to "${podSeccomp}"`,
        'use seccompProfile.type: RuntimeDefault',
      );
  }
  const podSelinux = selinuxBad(podContext.seLinuxOptions);
  if (podSelinux)
    add(
      C.seLinuxOptions,
      [...podContextPath, 'seLinuxOptions'],
      `pod sets forbidden seLinuxOptions: ${podSelinux.detail}`,
      selinuxFix(podSelinux),
      podSelinux.allowedFrom,
    );
  if (appArmorBad(podContext.appArmorProfile))
    add(
      C.appArmor,
      [...podContextPath, 'appArmorProfile', 'type'],
      'pod sets appArmorProfile.type to "Unconfined"',
      'use appArmorProfile.type: RuntimeDefault',
    );
  if (!userNamespaced && podContext.runAsUser === 0)
    add(C.runAsUser, [...podContextPath, 'runAsUser'], 'pod must not set runAsUser=0', 'set runAsUser to a non-zero uid');
  if (!userNamespaced && podContext.runAsNonRoot === false)
    add(C.runAsNonRoot, [...podContextPath, 'runAsNonRoot'], 'pod must not set securityContext.runAsNonRoot=false', 'set runAsNonRoot: true');
  const podNonRoot = podContext.runAsNonRoot === true;
  const podSeccompValid = isRecord(podContext.seccompProfile) && podSeccomp === undefined && typeof podContext.seccompProfile.type === 'string';

  for (const container of containers) {
    const sc = isRecord(container.spec.securityContext) ? container.spec.securityContext : undefined;
    const scPath = [...container.path, 'securityContext'];
    const at = (...rest: (string | number)[]): YamlPath => [...scPath, ...rest];
    const named = `container "${container.name}"`;

    if (sc?.privileged === true) add(C.privileged, at('privileged'), `${named} must not set securityContext.privileged=true`, 'remove privileged: true');

    const caps = isRecord(sc?.capabilities) ? sc.capabilities : undefined;
    const added = Array.isArray(caps?.add) ? caps.add : [];
    added.forEach((cap, i) => {
      if (typeof cap !== 'string') return;
      if (!BASELINE_CAPABILITIES.has(cap))
        add(C.capabilitiesBaseline, at('capabilities', 'add', i), `${named} must not include "${cap}" in securityContext.capabilities.add`, `remove ${cap}`);
      if (cap !== 'NET_BIND_SERVICE')
        add(
          C.capabilitiesRestricted,
          at('capabilities', 'add', i),
          `${named} must not include "${cap}" in securityContext.capabilities.add`,
          `remove ${cap} (only NET_BIND_SERVICE may be added)`,
        );
    });
    const dropped = Array.isArray(caps?.drop) ? caps.drop : [];
    if (!dropped.includes('ALL'))
      add(
        C.capabilitiesRestricted,
        caps ? at('capabilities', 'drop') : sc ? scPath : container.path,
        `${named} must set securityContext.capabilities.drop=["ALL"]`,
        'add capabilities: {drop: ["ALL"]}',
      );

    const ports = Array.isArray(container.spec.ports) ? container.spec.ports : [];
    ports.forEach((port, i) => {
      if (isRecord(port) && typeof port.hostPort === 'number' && port.hostPort !== 0)
        add(
          C.hostPorts,
          [...container.path, 'ports', i, 'hostPort'],
          `${named} uses hostPort ${port.hostPort}`,
          'remove hostPort and expose the port through a Service',
        );
    });

    if (!userNamespaced && typeof sc?.procMount === 'string' && sc.procMount !== 'Default')
      add(C.procMount, at('procMount'), `${named} must not set securityContext.procMount to "${sc.procMount}"`, 'remove procMount');

    const seccomp = seccompBad(sc?.seccompProfile);
    if (seccomp !== undefined) {
      add(
        C.seccompBaseline,
        at('seccompProfile', 'type'),
        `${named} must not set securityContext.seccompProfile.type to "${seccomp}"`,
        'use seccompProfile.type: RuntimeDefault',
      );
      if (seccomp !== 'Unconfined')
        add(
          C.seccompRestricted,
          at('seccompProfile', 'type'),
          `${named} must not set securityContext.seccompProfile.type to "${seccomp}"`,
          'use seccompProfile.type: RuntimeDefault',
        );
    } else if (!isRecord(sc?.seccompProfile) && !podSeccompValid)
      add(
        C.seccompRestricted,
        sc ? scPath : container.path,
        `pod or ${named} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        'set seccompProfile: {type: RuntimeDefault} in the pod securityContext',
      );

    const selinux = selinuxBad(sc?.seLinuxOptions);
    if (selinux)
      add(
        C.seLinuxOptions,
        at('seLinuxOptions'),
        `${named} sets forbidden securityContext.seLinuxOptions: ${selinux.detail}`,
        selinuxFix(selinux),
        selinux.allowedFrom,
      );
    if (appArmorBad(sc?.appArmorProfile))
      add(C.appArmor, at('appArmorProfile', 'type'), `${named} sets appArmorProfile.type to "Unconfined"`, 'use appArmorProfile.type: RuntimeDefault');

    if (sc?.allowPrivilegeEscalation !== false)
      add(
        C.allowPrivilegeEscalation,
        sc?.allowPrivilegeEscalation !== undefined ? at('allowPrivilegeEscalation') : sc ? scPath : container.path,
        `${named} must set securityContext.allowPrivilegeEscalation=false`,
        'set allowPrivilegeEscalation: false',
      );

    if (!userNamespaced) {
      if (sc?.runAsNonRoot === false)
        add(C.runAsNonRoot, at('runAsNonRoot'), `${named} must not set securityContext.runAsNonRoot=false`, 'set runAsNonRoot: true');
      else if (sc?.runAsNonRoot !== true && !podNonRoot)
        add(
          C.runAsNonRoot,
          sc ? scPath : container.path,
          `pod or ${named} must set securityContext.runAsNonRoot=true`,
          'set runAsNonRoot: true in the pod securityContext',
        );
      if (sc?.runAsUser === 0) add(C.runAsUser, at('runAsUser'), `${named} must not set runAsUser=0`, 'set runAsUser to a non-zero uid');
    }
  }

  // The beta annotations still count (check_appArmorProfile.go): only runtime/default and localhost/* are allowed.
  const templateMetadata = podTemplateMetadata(workload);
  if (templateMetadata && isRecord(templateMetadata.value.annotations))
    for (const [key, value] of Object.entries(templateMetadata.value.annotations)) {
      if (!key.startsWith('container.apparmor.security.beta.kubernetes.io/') || typeof value !== 'string') continue;
      if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
      add(C.appArmor, [...templateMetadata.path, 'annotations', key], `${key}="${value}"`, 'use runtime/default');
    }
  return out;
}

/** The pod template's metadata (sibling of the pod spec), or the Pod's own. */
function podTemplateMetadata(workload: JoinedWorkload): { value: Record<string, unknown>; path: YamlPath } | undefined {
  const rel = workload.podSpecPath.slice(workload.objectPath.length);
  const metaRel = [...rel.slice(0, -1), 'metadata'];
  let current: unknown = workload.object;
  for (const segment of metaRel) current = isRecord(current) ? current[String(segment)] : undefined;
  return isRecord(current) ? { value: current, path: [...workload.objectPath, ...metaRel] } : undefined;
}
