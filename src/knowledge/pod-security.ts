/**
 * The Pod Security Standards as the pod-security admission plugin enforces them
 * (kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/check_*.go).
 * `control` is the control's name in the Pod Security Standards page; `reason` is the
 * check's `ForbiddenReason`, the words the API server prints after `violates PodSecurity
 * "restricted:latest":`. `since` is the check's first policy version (`MinimumVersion`):
 * a namespace pinned with `enforce-version` to an older version does not run it.
 */

export type PodSecurityLevel = 'baseline' | 'restricted';

export interface PodSecurityControl {
  readonly id: string;
  readonly control: string;
  readonly reason: string;
  readonly level: PodSecurityLevel;
  /** Minor version of the first policy version that runs this check. */
  readonly since: number;
  readonly source: string;
}

const POLICY = 'staging/src/k8s.io/pod-security-admission/policy';

export const POD_SECURITY_CONTROLS = {
  hostNamespaces: {
    id: 'hostNamespaces',
    control: 'Host Namespaces',
    reason: 'host namespaces',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_hostNamespaces.go (hostNetwork, hostPID, hostIPC must be false)`,
  },
  privileged: {
    id: 'privileged',
    control: 'Privileged Containers',
    reason: 'privileged',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_privileged.go (securityContext.privileged must not be true)`,
  },
  capabilitiesBaseline: {
    id: 'capabilities_baseline',
    control: 'Capabilities',
    reason: 'non-default capabilities',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_capabilities_baseline.go (capabilities.add only from the default set)`,
  },
  hostPathVolumes: {
    id: 'hostPathVolumes',
    control: 'HostPath Volumes',
    reason: 'hostPath volumes',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_hostPathVolumes.go`,
  },
  hostPorts: {
    id: 'hostPorts',
    control: 'Host Ports',
    reason: 'hostPort',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_hostPorts.go (ports[*].hostPort must be undefined or 0)`,
  },
  appArmor: {
    id: 'appArmorProfile',
    control: 'AppArmor',
    reason: 'forbidden AppArmor profile',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_appArmorProfile.go (annotation values runtime/default or localhost/*; appArmorProfile.type not Unconfined)`,
  },
  seLinuxOptions: {
    id: 'seLinuxOptions',
    control: 'SELinux',
    reason: 'seLinuxOptions',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_seLinuxOptions.go (seLinuxOptions1_0: type "", container_t, container_init_t, container_kvm_t; seLinuxOptions1_31 adds container_engine_t; user and role unset)`,
  },
  procMount: {
    id: 'procMount',
    control: '/proc Mount Type',
    reason: 'procMount',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_procMount.go (procMount undefined or Default; relaxed for hostUsers: false)`,
  },
  seccompBaseline: {
    id: 'seccompProfile_baseline',
    control: 'Seccomp',
    reason: 'seccompProfile',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_seccompProfile_baseline.go (seccompProfile.type must not be Unconfined)`,
  },
  sysctls: {
    id: 'sysctls',
    control: 'Sysctls',
    reason: 'forbidden sysctls',
    level: 'baseline',
    since: 0,
    source: `${POLICY}/check_sysctls.go (safe sysctls only; the safe set grows in policy versions 1.27, 1.29, 1.32 and 1.37)`,
  },
  restrictedVolumes: {
    id: 'restrictedVolumes',
    control: 'Volume Types',
    reason: 'restricted volume types',
    level: 'restricted',
    since: 0,
    source: `${POLICY}/check_restrictedVolumes.go (configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret only)`,
  },
  allowPrivilegeEscalation: {
    id: 'allowPrivilegeEscalation',
    control: 'Privilege Escalation',
    reason: 'allowPrivilegeEscalation != false',
    level: 'restricted',
    since: 8,
    source: `${POLICY}/check_allowPrivilegeEscalation.go (every container must set allowPrivilegeEscalation: false; unset counts as true)`,
  },
  runAsNonRoot: {
    id: 'runAsNonRoot',
    control: 'Running as Non-root',
    reason: 'runAsNonRoot != true',
    level: 'restricted',
    since: 0,
    source: `${POLICY}/check_runAsNonRoot.go (pod-level true, or true on every container; relaxed for hostUsers: false)`,
  },
  runAsUser: {
    id: 'runAsUser',
    control: 'Running as Non-root user',
    reason: 'runAsUser=0',
    level: 'restricted',
    since: 23,
    source: `${POLICY}/check_runAsUser.go (runAsUser must not be 0; relaxed for hostUsers: false)`,
  },
  seccompRestricted: {
    id: 'seccompProfile_restricted',
    control: 'Seccomp',
    reason: 'seccompProfile',
    level: 'restricted',
    since: 19,
    source: `${POLICY}/check_seccompProfile_restricted.go (RuntimeDefault or Localhost at pod level, or on every container)`,
  },
  capabilitiesRestricted: {
    id: 'capabilities_restricted',
    control: 'Capabilities',
    reason: 'unrestricted capabilities',
    level: 'restricted',
    since: 22,
    source: `${POLICY}/check_capabilities_restricted.go (drop must include ALL; add only NET_BIND_SERVICE)`,
  },
} as const satisfies Record<string, PodSecurityControl>;

export type PodSecurityControlId = keyof typeof POD_SECURITY_CONTROLS;

/** Capabilities baseline lets a container add (check_capabilities_baseline.go `capabilities_allowed_1_0`). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/**
 * Safe sysctls and the minor of the first policy version that allows each (check_sysctls.go:
 * sysctlsAllowedV1Dot0, then V1Dot27, V1Dot29, V1Dot32, V1Dot37 each add names). A namespace
 * whose `enforce-version` is older than the entry refuses it; a name not listed is forbidden.
 */
export const SAFE_SYSCTLS: ReadonlyMap<string, number> = new Map([
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37],
  ['net.ipv4.tcp_notsent_lowat', 37],
]);

/** SELinux types baseline allows, with the first policy version that allows each (check_seLinuxOptions.go: selinuxAllowedTypes1_0, selinuxAllowedTypes1_31 adds container_engine_t). */
export const SELINUX_TYPES: ReadonlyMap<string, number> = new Map([
  ['', 0],
  ['container_t', 0],
  ['container_init_t', 0],
  ['container_kvm_t', 0],
  ['container_engine_t', 31],
]);

/** Volume sources the restricted level allows (check_restrictedVolumes.go). */
export const RESTRICTED_VOLUME_SOURCES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
