import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from '../src/predict/joined.js';
import { notExecutableReports } from '../src/predict/not-executable.js';

export default defineRule({
  meta: {
    id: 'entrypoint-not-executable',
    title: 'Entrypoint file is not executable: the container cannot start',
    severity: 'error',
    predicts: { exitCode: 128, reason: 'StartError', phase: 'create' },
    doc: {
      whatItPredicts:
        'The container never starts. Under containerd (the default) the pod shows `terminated`, reason `StartError`, exit code 128, then `CrashLoopBackOff`; `docker run` exits 126; CRI-O shows `CreateContainerError`. When a shell-form command runs the script, the shell itself reports "Permission denied" and exits 126.',
      why: 'runc looks the program up with exec.LookPath before starting the container (libcontainer/standard_init_linux.go) and fails on a file without an execute bit (EACCES). containerd reports such create-time errors as StartError/128 (internal/cri/server/helpers.go), Docker maps "permission denied" to 126 (moby daemon/errors.go). COPY keeps the mode the file has in the build context, which on CI is the mode recorded in git (100644 vs 100755). ../shared/FACTS.md §1.',
      example: 'COPY entrypoint.sh /entrypoint.sh   # committed as 100644\nENTRYPOINT ["/entrypoint.sh"]',
      fix: 'Commit the file as executable (`git update-index --chmod=+x entrypoint.sh`), or `COPY --chmod=755 entrypoint.sh /entrypoint.sh`, or `RUN chmod +x /entrypoint.sh`.',
      references: [
        'https://github.com/opencontainers/runc/blob/main/libcontainer/standard_init_linux.go',
        'https://github.com/containerd/containerd/blob/main/internal/cri/server/helpers.go',
        'https://docs.docker.com/reference/dockerfile/#copy---chmod',
      ],
    },
  },

  create: (context) => startupVisitors(context, notExecutableReports),
});
