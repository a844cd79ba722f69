import type { Report } from '../engine/rule.js';
import { startFailure } from '../knowledge/runtimes.js';
import type { RuntimeName } from '../knowledge/types.js';
import type { ImageFileState } from '../model/image-fs.js';
import type { Startup } from '../model/startup.js';

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
