import type { RuntimeName, RuntimeOutcome, StartFailureCause } from './types.js';

const MOBY =
  'moby daemon/errors.go setExitCodeFromError ("permission denied" → 126, "executable file not found"/"no such file or directory" → 127); lab cases "start not-found", "start not-executable"';
const CONTAINERD = 'containerd internal/cri/server/helpers.go (errorStartReason = "StartError", errorStartExitCode = 128), container_start.go';
const CRIO = 'CRI-O internal/oci/runtime_oci.go ("container create failed"), crun src/libcrun/container.c';
const RUNC_EXEC =
  'runc libcontainer/init_linux.go: execve fails after start, error printed to the container stderr, os.Exit(255) since runc v1.2.0 (1 before); lab cases "start interpreter-missing", "start exec-format"';

/** runc resolves the program with exec.LookPath before start (create-time error). */
const createTime = (docker: number): Record<RuntimeName, RuntimeOutcome> => ({
  containerd: { exitCode: 128, reason: 'StartError', phase: 'create', shown: 'terminated, reason StartError, exit code 128', source: CONTAINERD },
  docker: { exitCode: docker, reason: null, phase: 'create', shown: `docker run exits ${docker}`, source: MOBY },
  'cri-o': { exitCode: null, reason: 'CreateContainerError', phase: 'create', shown: 'waiting, reason CreateContainerError', source: CRIO },
});

/** The real execve happens after the container started: the runtime reports a normal exit. */
const afterStart: Record<RuntimeName, RuntimeOutcome> = {
  containerd: { exitCode: 255, reason: 'Error', phase: 'start', shown: 'terminated, reason Error, exit code 255', source: RUNC_EXEC },
  docker: { exitCode: 255, reason: null, phase: 'start', shown: 'docker run exits 255', source: RUNC_EXEC },
  'cri-o': { exitCode: 1, reason: 'Error', phase: 'start', shown: 'terminated, reason Error, exit code 1 (crun)', source: CRIO },
};

/** How each runtime reports a container whose program cannot be started (the sources above; lab cases "start …"). */
export const START_FAILURES: Readonly<Record<StartFailureCause, Record<RuntimeName, RuntimeOutcome>>> = {
  'not-found': createTime(127),
  'not-executable': createTime(126),
  'no-shell': createTime(127),
  'interpreter-missing': afterStart,
  'exec-format': afterStart,
};

export function startFailure(cause: StartFailureCause, runtime: RuntimeName): RuntimeOutcome {
  return START_FAILURES[cause][runtime];
}
