/**
 * What an exit code and a Kubernetes container reason mean once the cluster shows them
 * (`lint-k8s why`). Each entry names its public source in a structured form, and lists what
 * to check, in order, each step tied to the status or spec field that settles it.
 */

/** Where a fact comes from: a file in a public repository, an official document, or a lab case of this project. */
export type PublicSource =
  | { readonly kind: 'code'; readonly repository: string; readonly path: string; readonly symbol?: string }
  | { readonly kind: 'doc'; readonly title: string; readonly url: string }
  | { readonly kind: 'lab'; readonly case: string };

/** A troubleshooting step: what to look at, and the field of the pod status or spec that settles it. */
export interface Check {
  readonly step: string;
  readonly field: string;
}

export interface ExitCodeMeaning {
  readonly code: number;
  /** One sentence: what the number means. */
  readonly meaning: string;
  readonly checks: readonly Check[];
  readonly sources: readonly PublicSource[];
}

export interface ReasonMeaning {
  readonly reason: string;
  /** Where the reason appears: a terminated state, a waiting state, or the pod's own `status.reason`. */
  readonly state: 'terminated' | 'waiting' | 'pod';
  readonly meaning: string;
  readonly checks: readonly Check[];
  readonly sources: readonly PublicSource[];
}

/** `repository path`, `title <url>` or the lab case; `detail` adds what the code file shows. */
export function sourceText(source: PublicSource, detail = false): string {
  switch (source.kind) {
    case 'code':
      return `${source.repository} ${source.path}${detail && source.symbol ? ` (${source.symbol})` : ''}`;
    case 'doc':
      return `${source.title} <${source.url}>`;
    case 'lab':
      return `lint-k8s lab case "${source.case}"`;
  }
}

const code = (repository: string, path: string, symbol?: string): PublicSource => ({ kind: 'code', repository, path, ...(symbol ? { symbol } : {}) });
const doc = (title: string, url: string): PublicSource => ({ kind: 'doc', title, url });

export const SRC = {
  signal7: doc('signal(7), standard signals', 'https://man7.org/linux/man-pages/man7/signal.7.html'),
  pidNamespaces: doc('pid_namespaces(7)', 'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html'),
  runcExitStatus: code('opencontainers/runc', 'libcontainer/utils/utils.go', 'ExitStatus: 128 + signal when the process was killed by a signal'),
  runcExec: code('opencontainers/runc', 'libcontainer/init_linux.go', 'execve failure after start: os.Exit(255) since v1.2.0, 1 before'),
  runcLookPath: code('opencontainers/runc', 'libcontainer/standard_init_linux.go', 'exec.LookPath before start: a create-time error'),
  containerdReasons: code(
    'containerd/containerd',
    'internal/cri/server/helpers.go',
    'errorStartReason "StartError", errorStartExitCode 128, completeExitReason "Completed", errorExitReason "Error", oomExitReason "OOMKilled"',
  ),
  containerdOom: code(
    'containerd/containerd',
    'internal/cri/server/events.go',
    'TaskOOM event sets the reason OOMKilled, whichever process of the container died',
  ),
  containerdStatus: code('containerd/containerd', 'internal/cri/server/container_status.go', 'toCRIContainerStatus: exit 0 → Completed, else Error'),
  crio: code('cri-o/cri-o', 'internal/oci/runtime_oci.go', 'CreateContainer: "container create failed"'),
  crun: code('containers/crun', 'src/libcrun/container.c', 'exec failure in the container exits 1'),
  mobyExit: code(
    'moby/moby',
    'daemon/errors.go',
    'setExitCodeFromError: "permission denied" → 126, "executable file not found"/"no such file or directory" → 127, other → 128',
  ),
  dockerCli: code('docker/cli', 'cli/command/container/run.go', 'toStatusError: 125 when the daemon fails otherwise'),
  kubeletContainer: code(
    'kubernetes/kubernetes',
    'pkg/kubelet/kuberuntime/kuberuntime_container.go',
    'ErrCreateContainerConfig "CreateContainerConfigError", ErrCreateContainer "CreateContainerError"; killContainer grace period, minimumGracePeriodInSeconds 2',
  ),
  kubeletNonRoot: code('kubernetes/kubernetes', 'pkg/kubelet/kuberuntime/security_context_others.go', 'verifyRunAsNonRoot'),
  kubeletSync: code(
    'kubernetes/kubernetes',
    'pkg/kubelet/container/sync_result.go',
    'ErrCrashLoopBackOff "CrashLoopBackOff", ErrRunContainer "RunContainerError"',
  ),
  kubeletImages: code(
    'kubernetes/kubernetes',
    'pkg/kubelet/images/types.go',
    'ErrImagePullBackOff "ImagePullBackOff", ErrImagePull "ErrImagePull", ErrInvalidImageName "InvalidImageName", ErrImageNeverPull "ErrImageNeverPull"',
  ),
  kubeletPods: code(
    'kubernetes/kubernetes',
    'pkg/kubelet/kubelet_pods.go',
    'convertToAPIContainerStatuses: ContainerStatusUnknown, exit 137, when the container could not be located',
  ),
  podLifecycle: doc('Kubernetes: Pod Lifecycle, container restarts and pod termination', 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/'),
  eviction: doc('Kubernetes: Node-pressure Eviction', 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/'),
  jobDeadline: doc('Kubernetes: Jobs, activeDeadlineSeconds', 'https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup'),
  images: doc('Kubernetes: Images, image pull policy and ImagePullBackOff', 'https://kubernetes.io/docs/concepts/containers/images/'),
  coreutilsExit: doc(
    'GNU coreutils: env, nohup, timeout, chroot exit status (125 own failure, 126 cannot invoke, 127 not found)',
    'https://www.gnu.org/software/coreutils/manual/html_node/env-invocation.html',
  ),
  bashExit: doc(
    'Bash manual: Exit Status (126 not executable, 127 not found, 128+N fatal signal, 2 builtin misuse)',
    'https://www.gnu.org/software/bash/manual/html_node/Exit-Status.html',
  ),
  goExit: code('golang/go', 'src/runtime/signal_unix.go', 'dieFromSignal: exit(2) when the re-raised signal does not kill the process (PID 1)'),
  glibcAbort: doc('abort(3): raises SIGABRT', 'https://man7.org/linux/man-pages/man3/abort.3.html'),
} as const;

/** Linux signal numbers (x86, arm, most architectures; signal(7)). */
export const SIGNAL_NAMES: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
  16: 'SIGSTKFLT',
  17: 'SIGCHLD',
  18: 'SIGCONT',
  19: 'SIGSTOP',
  20: 'SIGTSTP',
  21: 'SIGTTIN',
  22: 'SIGTTOU',
  23: 'SIGURG',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
  26: 'SIGVTALRM',
  27: 'SIGPROF',
  28: 'SIGWINCH',
  29: 'SIGIO',
  30: 'SIGPWR',
  31: 'SIGSYS',
};

/** The signal a code above 128 stands for (runc and containerd report a death by signal N as 128 + N). */
export function signalOf(exitCode: number): { readonly number: number; readonly name: string } | undefined {
  if (exitCode <= 128 || exitCode > 128 + 31) return undefined;
  const number = exitCode - 128;
  const name = SIGNAL_NAMES[number];
  return name ? { number, name } : undefined;
}

const LOGS: Check = {
  step: 'read the last lines the process wrote before it ended: `kubectl logs POD -c CONTAINER --previous`',
  field: 'lastState.terminated',
};
const COMMAND: Check = {
  step: 'see what the container runs: the pod spec `command`/`args` replace the image ENTRYPOINT/CMD (`command` also drops CMD)',
  field: 'spec.containers[].command, spec.containers[].args',
};

/** Exit codes with a meaning of their own; other codes above 128 are signals (see `exitCodeMeaning`). */
export const EXIT_CODES: readonly ExitCodeMeaning[] = [
  {
    code: 0,
    meaning: 'the process ended successfully; the runtime reports the reason Completed',
    checks: [
      {
        step: 'a pod with restartPolicy Always (every Deployment, StatefulSet, DaemonSet) restarts a container that exits 0, then backs off (CrashLoopBackOff): the command ended or daemonized (forked into the background)',
        field: 'spec.restartPolicy, restartCount',
      },
      {
        step: 'a server started without its foreground flag (`nginx` without `daemon off;`, `redis-server --daemonize yes`, `service x start`) exits 0 at once',
        field: 'spec.containers[].command, args',
      },
      LOGS,
    ],
    sources: [SRC.containerdStatus, SRC.podLifecycle],
  },
  {
    code: 1,
    meaning: 'the program reported a general error itself (an uncaught exception, a failed check at start-up, a refused configuration)',
    checks: [
      LOGS,
      {
        step: 'under crun (CRI-O) and runc ≤ 1.1, a program that cannot be executed after start (missing `#!` interpreter, CRLF `#!` line, wrong architecture) also exits 1',
        field: 'lastState.terminated.message, containerID (runtime)',
      },
      {
        step: 'a read-only root file system makes programs that write to their own directories exit 1',
        field: 'spec.containers[].securityContext.readOnlyRootFilesystem',
      },
      { step: 'config the program reads at start (environment, mounted ConfigMaps/Secrets)', field: 'spec.containers[].env, envFrom, volumeMounts' },
    ],
    sources: [SRC.runcExec, SRC.crun],
  },
  {
    code: 2,
    meaning:
      'a usage error: a shell builtin misused or a shell syntax error (`exit 3.5`), a program rejecting its arguments, or a Go program that is PID 1 and got SIGTERM without handling it (the Go runtime exits 2)',
    checks: [
      {
        step: 'if the container was being stopped (deletion timestamp set), a Go binary as PID 1 without signal.Notify exits 2 on SIGTERM',
        field: 'metadata.deletionTimestamp, lastState.terminated.finishedAt',
      },
      { step: 'the arguments the program was given', field: 'spec.containers[].command, args' },
      { step: 'dumb-init exits 2 when it cannot start its child', field: 'spec.containers[].command' },
      LOGS,
    ],
    sources: [SRC.goExit, SRC.bashExit],
  },
  {
    code: 125,
    meaning:
      'not set by the kubelet or containerd: `docker run` exits 125 when the daemon itself fails; in a pod status it is the program’s own code, typically a wrapper such as GNU `env`, `nohup`, `timeout` or `chroot` failing itself',
    checks: [COMMAND, LOGS],
    sources: [SRC.dockerCli, SRC.coreutilsExit],
  },
  {
    code: 126,
    meaning:
      'a file was found but could not be executed (permission denied, no execute bit, a directory): reported by a shell or wrapper inside the container (`sh -c ./start.sh`, tini, env); docker reports its own create-time failure this way too',
    checks: [
      {
        step: 'the execute bit of the script or binary the command names (COPY --chmod=755, RUN chmod +x, or commit it as 100755)',
        field: 'spec.containers[].command, args',
      },
      { step: 'the file system holding it is not mounted noexec (an emptyDir or ConfigMap volume mounted over it)', field: 'spec.containers[].volumeMounts' },
      LOGS,
    ],
    sources: [SRC.bashExit, SRC.mobyExit, SRC.coreutilsExit],
  },
  {
    code: 127,
    meaning:
      'a command was not found: a shell, tini or `env` inside the container could not find the program (a `#!/usr/bin/env NAME` line whose NAME is missing too); docker reports its own create-time not-found this way',
    checks: [
      {
        step: 'the program exists in the image at that path or on its PATH (distroless and scratch images have no shell or coreutils)',
        field: 'spec.containers[].command, args, image',
      },
      { step: 'the interpreter a script’s `#!` line names exists in the image', field: 'spec.containers[].image' },
      LOGS,
    ],
    sources: [SRC.bashExit, SRC.mobyExit, SRC.coreutilsExit],
  },
  {
    code: 128,
    meaning:
      'with the reason StartError (containerd), the container could not be started: runc failed before the program ran (program not found, not executable, no `/bin/sh` for a shell-form command, a mount or device error); the message carries runc’s error',
    checks: [
      {
        step: 'read the runtime’s error text: it names the file and the error (executable file not found, permission denied, no such file or directory)',
        field: 'lastState.terminated.message',
      },
      { step: 'the program the container starts exists in the image and has its execute bit', field: 'spec.containers[].command, args, image' },
      { step: 'the volume mounts and their sub-paths exist', field: 'spec.containers[].volumeMounts' },
    ],
    sources: [SRC.containerdReasons, SRC.runcLookPath, SRC.mobyExit],
  },
  {
    code: 134,
    meaning:
      'the process was killed by SIGABRT, which it usually raised itself with abort(): a failed assertion, a C++ uncaught exception, a JVM or V8 fatal error (Node’s "JavaScript heap out of memory" aborts)',
    checks: [
      { step: 'the last lines of the log: an assertion, "FATAL ERROR", "terminate called after throwing", a JVM hs_err report', field: 'lastState.terminated' },
      {
        step: 'a language heap limit below what the program needs (Node --max-old-space-size, JVM -Xmx) ends in an abort, not an OOM kill',
        field: 'spec.containers[].args, env NODE_OPTIONS, JAVA_TOOL_OPTIONS',
      },
    ],
    sources: [SRC.glibcAbort, SRC.runcExitStatus, SRC.signal7],
  },
  {
    code: 137,
    meaning:
      'the process was killed by SIGKILL. With the reason OOMKilled the kernel killed it at the memory limit; with the reason Error it was killed from outside: the kubelet at the end of the grace period (the process did not exit on the stop signal), or another process',
    checks: [
      { step: 'the reason: OOMKilled is the memory limit, Error is a kill from outside', field: 'lastState.terminated.reason' },
      {
        step: 'whether it ended when the grace period ran out: the pod’s deletion timestamp is the end of the grace period',
        field: 'metadata.deletionTimestamp, metadata.deletionGracePeriodSeconds, lastState.terminated.finishedAt',
      },
      {
        step: 'who is PID 1 and whether it exits on the stop signal: a shell-form command or a script without `exec` keeps the shell as PID 1, which drops SIGTERM',
        field: 'spec.containers[].command, args (image CMD/ENTRYPOINT)',
      },
      { step: 'whether a preStop hook used up the grace period', field: 'spec.containers[].lifecycle.preStop, spec.terminationGracePeriodSeconds' },
      { step: 'whether a liveness probe killed it (event "failed liveness probe, will be restarted")', field: 'spec.containers[].livenessProbe' },
      { step: 'the memory limit against what the program uses', field: 'spec.containers[].resources.limits.memory' },
    ],
    sources: [SRC.runcExitStatus, SRC.containerdReasons, SRC.kubeletContainer, SRC.pidNamespaces],
  },
  {
    code: 139,
    meaning:
      'the process was killed by SIGSEGV, an invalid memory access: a crash in native code (a C extension, a binary built for another libc, a corrupted library)',
    checks: [
      LOGS,
      { step: 'native modules built against another libc or CPU than the image’s (a glibc wheel or addon on Alpine/musl)', field: 'spec.containers[].image' },
      { step: 'the same image on another node type (CPU features, architecture)', field: 'spec.nodeName' },
    ],
    sources: [SRC.runcExitStatus, SRC.signal7],
  },
  {
    code: 143,
    meaning:
      'the process died of SIGTERM with the default action: it was stopped and did not handle the signal (or, like the JVM, exits 143 after its shutdown hooks); normal for a stop, unless the stop itself was unexpected',
    checks: [
      { step: 'whether the pod was being deleted (rollout, scale-down, drain, eviction)', field: 'metadata.deletionTimestamp' },
      { step: 'whether a liveness probe failed and the kubelet restarted the container', field: 'spec.containers[].livenessProbe, restartCount' },
      { step: 'whether the program was not PID 1 (shareProcessNamespace makes pause PID 1)', field: 'spec.shareProcessNamespace' },
    ],
    sources: [SRC.runcExitStatus, SRC.signal7, SRC.podLifecycle],
  },
  {
    code: 255,
    meaning:
      'the program could not be executed after the container started (runc ≥ 1.2 exits 255: missing `#!` interpreter, CRLF `#!` line, a script without `#!`, a glibc binary in a musl or empty image), or the program exited with -1 (bash `exit -1`, `exit(-1)` in C or Go)',
    checks: [
      { step: 'the error printed to the container’s output: "exec … no such file or directory" or "exec format error"', field: 'lastState.terminated' },
      {
        step: 'the `#!` line of the entrypoint script, its line endings, and whether its interpreter is in the image',
        field: 'spec.containers[].command, image',
      },
      {
        step: 'the binary’s libc and architecture against the image (glibc binary on Alpine, amd64 on arm64)',
        field: 'spec.containers[].image, spec.nodeName',
      },
    ],
    sources: [SRC.runcExec, SRC.bashExit],
  },
];

/** The meaning of any exit code: a known entry, a signal (129–159), or a program's own code. */
export function exitCodeMeaning(exitCode: number): ExitCodeMeaning {
  const known = EXIT_CODES.find((e) => e.code === exitCode);
  if (known) return known;
  const signal = signalOf(exitCode);
  if (signal)
    return {
      code: exitCode,
      meaning: `the process was killed by ${signal.name}`,
      checks: [{ step: `who sends ${signal.name} to the process, or which fault raises it`, field: 'lastState.terminated' }, LOGS],
      sources: [SRC.runcExitStatus, SRC.signal7],
    };
  return {
    code: exitCode,
    meaning: `the program’s own exit status ${exitCode}; it has no meaning for the runtime or the kubelet`,
    checks: [LOGS, COMMAND],
    sources: [SRC.containerdStatus],
  };
}

export const REASONS: readonly ReasonMeaning[] = [
  {
    reason: 'Completed',
    state: 'terminated',
    meaning: 'the process exited 0 (containerd sets Completed for exit 0 when nothing else is known)',
    checks: [{ step: 'with restartPolicy Always, the container is restarted although it succeeded', field: 'spec.restartPolicy, restartCount' }],
    sources: [SRC.containerdStatus],
  },
  {
    reason: 'Error',
    state: 'terminated',
    meaning: 'the process exited with a non-zero code and no OOM event was seen; the code says the rest',
    checks: [],
    sources: [SRC.containerdStatus],
  },
  {
    reason: 'OOMKilled',
    state: 'terminated',
    meaning:
      'the kernel’s OOM killer killed a process of the container at its memory limit (or under node memory pressure); containerd sets this reason on any OOM event in the container, so with an exit code other than 137 a child process was the victim and PID 1 survived',
    checks: [
      { step: 'the memory limit against the program’s peak use', field: 'spec.containers[].resources.limits.memory' },
      {
        step: 'language heap settings at or above the limit (JVM -Xmx, Node --max-old-space-size)',
        field: 'spec.containers[].args, env JAVA_TOOL_OPTIONS, NODE_OPTIONS',
      },
      { step: 'the pod’s QoS class: BestEffort pods are killed first under node memory pressure', field: 'status.qosClass' },
    ],
    sources: [SRC.containerdReasons, SRC.containerdOom],
  },
  {
    reason: 'StartError',
    state: 'terminated',
    meaning:
      'containerd could not start the container’s process (runc failed before the program ran); containerd reports exit code 128 "the same as Docker’s behaviour"',
    checks: [
      { step: 'the runtime’s error text', field: 'lastState.terminated.message' },
      { step: 'the program and its execute bit in the image', field: 'spec.containers[].command, args, image' },
    ],
    sources: [SRC.containerdReasons, SRC.runcLookPath],
  },
  {
    reason: 'ContainerCannotRun',
    state: 'terminated',
    meaning: 'docker (cri-dockerd) could not start the container; the exit code is docker’s: 126 not executable, 127 not found, 128 other',
    checks: [{ step: 'the daemon’s error text', field: 'lastState.terminated.message' }],
    sources: [SRC.mobyExit],
  },
  {
    reason: 'ContainerStatusUnknown',
    state: 'terminated',
    meaning:
      'the kubelet could not find the container any more (the node lost it, the pod was deleted); the 137 it shows is written by the kubelet, no process was seen to die',
    checks: [{ step: 'the node’s state and events around the time (node restart, eviction)', field: 'spec.nodeName, status.reason' }],
    sources: [SRC.kubeletPods],
  },
  {
    reason: 'CrashLoopBackOff',
    state: 'waiting',
    meaning:
      'the container ended (for any reason, exit 0 included when restartPolicy is Always) and the kubelet waits before starting it again, doubling the delay from 10 s up to 5 minutes; the cause is in lastState',
    checks: [
      { step: 'how the previous run ended', field: 'lastState.terminated.exitCode, lastState.terminated.reason' },
      LOGS,
      { step: 'a liveness probe that fails every time restarts the container in a loop too', field: 'spec.containers[].livenessProbe' },
    ],
    sources: [SRC.kubeletSync, SRC.podLifecycle],
  },
  {
    reason: 'CreateContainerConfigError',
    state: 'waiting',
    meaning:
      'the kubelet could not assemble the container’s configuration, before asking the runtime to create it: a referenced ConfigMap, Secret or key is missing, or runAsNonRoot cannot be verified against the image’s user',
    checks: [
      { step: 'the message names the cause ("configmap … not found", "image will run as root", "image has non-numeric user")', field: 'state.waiting.message' },
      {
        step: 'the ConfigMaps and Secrets the container references exist in the pod’s namespace',
        field: 'spec.containers[].env[].valueFrom, envFrom, spec.volumes',
      },
      {
        step: 'runAsNonRoot with an image whose USER is root, missing or non-numeric',
        field: 'spec.securityContext.runAsNonRoot, spec.containers[].securityContext.runAsUser',
      },
    ],
    sources: [SRC.kubeletContainer, SRC.kubeletNonRoot],
  },
  {
    reason: 'CreateContainerError',
    state: 'waiting',
    meaning:
      'the runtime refused to create the container. Under CRI-O this is also how a missing or non-executable program shows (crun checks it at create time), with no exit code; under containerd the same failure is a terminated StartError, 128',
    checks: [
      { step: 'the runtime’s error text', field: 'state.waiting.message' },
      { step: 'the program and its execute bit in the image', field: 'spec.containers[].command, args, image' },
      { step: 'a container name or mount the runtime rejects', field: 'spec.containers[].volumeMounts' },
    ],
    sources: [SRC.kubeletContainer, SRC.crio],
  },
  {
    reason: 'RunContainerError',
    state: 'waiting',
    meaning: 'the runtime created the container but could not start it',
    checks: [{ step: 'the runtime’s error text', field: 'state.waiting.message' }],
    sources: [SRC.kubeletSync],
  },
  {
    reason: 'ErrImagePull',
    state: 'waiting',
    meaning: 'the last pull of the image failed (not found, unauthorized, registry unreachable)',
    checks: [
      { step: 'the pull error text', field: 'state.waiting.message' },
      { step: 'the repository, tag or digest exist in the registry', field: 'spec.containers[].image' },
      { step: 'the credentials for a private registry', field: 'spec.imagePullSecrets, the service account’s imagePullSecrets' },
    ],
    sources: [SRC.kubeletImages, SRC.images],
  },
  {
    reason: 'ImagePullBackOff',
    state: 'waiting',
    meaning: 'pulls of the image failed and the kubelet waits before the next try; the image reference parsed, but the registry did not give the image',
    checks: [
      { step: 'the repository, tag or digest exist in the registry (a typo, a tag never pushed)', field: 'spec.containers[].image' },
      { step: 'the credentials for a private registry', field: 'spec.imagePullSecrets, the service account’s imagePullSecrets' },
      { step: 'the node reaches the registry (proxy, firewall, rate limit)', field: 'state.waiting.message' },
    ],
    sources: [SRC.kubeletImages, SRC.images],
  },
  {
    reason: 'InvalidImageName',
    state: 'waiting',
    meaning: 'the kubelet cannot parse the image reference (upper-case letters in the repository, a bad tag or digest), so it never tries to pull',
    checks: [
      { step: 'the image reference: lower-case repository, tag of [A-Za-z0-9_.-] up to 128 characters, valid digest', field: 'spec.containers[].image' },
    ],
    sources: [SRC.kubeletImages],
  },
  {
    reason: 'ErrImageNeverPull',
    state: 'waiting',
    meaning: 'imagePullPolicy is Never and the image is not on the node',
    checks: [{ step: 'the pull policy, and whether the image was loaded onto this node', field: 'spec.containers[].imagePullPolicy, spec.nodeName' }],
    sources: [SRC.kubeletImages],
  },
  {
    reason: 'Evicted',
    state: 'pod',
    meaning: 'the kubelet evicted the pod under node pressure (memory, disk, PIDs); BestEffort pods go first, then Burstable pods above their requests',
    checks: [
      { step: 'the message names the resource', field: 'status.message' },
      { step: 'the pod’s QoS class and requests', field: 'status.qosClass, spec.containers[].resources.requests' },
    ],
    sources: [SRC.eviction],
  },
  {
    reason: 'DeadlineExceeded',
    state: 'pod',
    meaning: 'the pod ran longer than activeDeadlineSeconds and was stopped',
    checks: [{ step: 'the deadline', field: 'spec.activeDeadlineSeconds' }],
    sources: [SRC.jobDeadline],
  },
];

export function reasonMeaning(reason: string): ReasonMeaning | undefined {
  return REASONS.find((r) => r.reason === reason);
}
