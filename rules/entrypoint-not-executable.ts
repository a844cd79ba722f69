import { defineRule, type Report } from '../src/engine/rule.js';
import type { RuntimeName } from '../src/knowledge/types.js';
import type { Startup } from '../src/model/startup.js';
import { startupVisitors } from '../src/predict/joined.js';
import { startFailure } from '../src/knowledge/runtimes.js';
import type { ImageFileState } from '../src/model/image-fs.js';

type FileState = Extract<ImageFileState, { state: 'file' }>;

function whyNotExecutable(file: FileState): string {
  const mode = file.mode === undefined ? '' : ` (mode ${file.mode.toString(8).padStart(4, '0')})`;
  switch (file.modeFrom) {
    case 'git':
      return `${file.contextPath ?? 'it'} is committed without the execute bit${mode}, and nothing in the Dockerfile adds it`;
    case 'fs':
      return `${file.contextPath ?? 'it'} has no execute bit in the build context${mode}, and nothing in the Dockerfile adds it`;
    case 'heredoc':
      return `COPY <<EOF creates files with mode 0644 unless --chmod is given`;
    case 'copy --chmod':
      return `COPY --chmod sets a mode without the execute bit${mode}`;
    case 'RUN chmod':
      return `RUN chmod leaves it without the execute bit${mode}`;
    default:
      return `it has no execute bit${mode}`;
  }
}

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

/** The not-executable predictions for one way of starting an image. */
export function notExecutableReports(startup: Startup | undefined, runtime: RuntimeName): Report[] {
  const reports: Report[] = [];
  if (!startup) return reports;
  const program = startup.program;
  // A bare name is searched along PATH, where a non-executable file is skipped ("not found" instead).
  if (program && program.via !== 'PATH' && program.file.state === 'file' && program.file.executable === false && !startup.command?.shellForm) {
    const file = program.file;
    const outcome = startFailure('not-executable', runtime);
    const where = startup.command?.at ?? file.placedAt;
    if (where)
      reports.push({
        at: where,
        exitCode: outcome.exitCode,
        reason: outcome.reason,
        phase: outcome.phase,
        message: `${program.argv0} is not executable: ${whyNotExecutable(file)}. The runtime cannot start the container (${runtime}: ${outcome.shown}). Add the execute bit: COPY --chmod=755, RUN chmod +x, or commit it as 100755.`,
        related: [
          ...(file.placedAt
            ? [
                {
                  at: file.placedAt,
                  message: `${program.imagePath ?? program.argv0} is placed here with mode ${file.mode?.toString(8).padStart(4, '0') ?? 'without x'}`,
                },
              ]
            : []),
          ...(file.chmodAt ? [{ at: file.chmodAt, message: 'mode set here' }] : []),
        ],
      });
  }
  const skipped = program?.skippedNonExecutable;
  if (program && skipped && !startup.command?.shellForm) {
    // LookPath skips the file: the runtime says "executable file not found in $PATH".
    const outcome = startFailure('not-found', runtime);
    const where = startup.command?.at ?? skipped.file.placedAt;
    if (where) {
      reports.push({
        at: where,
        exitCode: outcome.exitCode,
        reason: outcome.reason,
        phase: outcome.phase,
        message: `${program.argv0} is looked up along PATH, where ${skipped.imagePath} is not executable (${whyNotExecutable(skipped.file)}), so it is skipped and the runtime reports "executable file not found in $PATH" (${runtime}: ${outcome.shown}). Add the execute bit: COPY --chmod=755, RUN chmod +x, or commit it as 100755.`,
        related: skipped.file.placedAt ? [{ at: skipped.file.placedAt, message: `${skipped.imagePath} is placed here without the execute bit` }] : [],
      });
    }
  }
  const shellForm = startup.shellForm;
  const last = shellForm?.lastProgram;
  if (shellForm && last && last.file.state === 'file' && last.file.executable === false && shellForm.shellKind !== 'none') {
    reports.push({
      at: shellForm.at,
      exitCode: 126,
      reason: 'Error',
      phase: 'start',
      message: `${last.argv0} is not executable: ${whyNotExecutable(last.file)}. The shell fails with "Permission denied" and exits 126 as soon as the container starts, then CrashLoopBackOff. Add the execute bit: COPY --chmod=755, RUN chmod +x, or commit it as 100755.`,
      related: last.file.placedAt
        ? [{ at: last.file.placedAt, message: `placed here with mode ${last.file.mode?.toString(8).padStart(4, '0') ?? 'without x'}` }]
        : [],
    });
  }
  return reports;
}
