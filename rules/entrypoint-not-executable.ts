import { defineRule } from '../src/engine/rule.js';
import type { ImageFileState } from '../src/model/image/image-fs.js';
import { octalMode } from './support/phrases.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'entrypoint-not-executable',
    title: 'Entrypoint file is not executable: the container cannot start',
    severity: 'error',
    predicts: { exitCode: 128, reason: 'StartError', phase: 'create' },
    claims: ['not-executable', 'path-entry-not-executable', 'shell-command-not-executable'],
    messages: {
      notExecutable:
        '{{program}} is not executable: {{why}}. The runtime cannot start the container ({{runtime}}: {{shown}}). Add the execute bit: COPY --chmod=755, RUN chmod +x, or commit it as 100755.',
      skippedOnPath:
        '{{program}} is looked up along PATH, where {{path}} is not executable ({{why}}), so it is skipped and the runtime reports "executable file not found in $PATH" ({{runtime}}: {{shown}}). Add the execute bit: COPY --chmod=755, RUN chmod +x, or commit it as 100755.',
      volumeNotExecutable:
        '{{program}} is not executable: {{why}}. The runtime cannot start the container ({{runtime}}: {{shown}}). Set the execute bit on the volume: `defaultMode: 0755` on the configMap volume (or `mode: 0755` on its item), or run it with a shell (`command: ["/bin/sh", "{{program}}"]`).',
      volumeShellCommandNotExecutable:
        '{{program}} is not executable: {{why}}. The shell fails with "Permission denied" and exits {{exitCode}} as soon as the container starts, then CrashLoopBackOff. Set `defaultMode: 0755` on the configMap volume (or `mode: 0755` on its item), or give the file to the shell (`sh {{program}}`).',
      shellCommandNotExecutable:
        '{{program}} is not executable: {{why}}. The shell fails with "Permission denied" and exits {{exitCode}} as soon as the container starts, then CrashLoopBackOff. Add the execute bit: COPY --chmod=755, RUN chmod +x, or commit it as 100755.',
    },
    doc: {
      whatItPredicts:
        'The container never starts. Under containerd (the default) the pod shows `terminated`, reason `StartError`, exit code 128, then `CrashLoopBackOff`; `docker run` exits 126; CRI-O shows `CreateContainerError`. When a shell-form command runs the script, the shell itself reports "Permission denied" and exits 126. The same holds for a script a pod runs from a ConfigMap volume (`command: ["/scripts/run.sh"]`): its files have mode 0644 unless `defaultMode` or `items[].mode` says otherwise.',
      why: 'runc looks the program up with exec.LookPath before starting the container (libcontainer/standard_init_linux.go) and fails on a file without an execute bit (EACCES). containerd reports such create-time errors as StartError/128 (internal/cri/server/helpers.go), Docker maps "permission denied" to 126 (moby daemon/errors.go). COPY keeps the mode the file has in the build context, which on CI is the mode recorded in git (100644 vs 100755). A ConfigMap volume\'s files get `items[].mode`, else `defaultMode`, else 0644 (pkg/apis/core/v1/defaults.go `SetDefaults_ConfigMapVolumeSource`). Lab case "start not-executable".',
      example: 'COPY entrypoint.sh /entrypoint.sh   # committed as 100644\nENTRYPOINT ["/entrypoint.sh"]',
      fix: 'Commit the file as executable (`git update-index --chmod=+x entrypoint.sh`), or `COPY --chmod=755 entrypoint.sh /entrypoint.sh`, or `RUN chmod +x /entrypoint.sh`. For a ConfigMap volume: `defaultMode: 0755` (or `mode: 0755` on the item), or `command: ["/bin/sh", "/scripts/run.sh"]`.',
      references: [
        'https://github.com/opencontainers/runc/blob/main/libcontainer/standard_init_linux.go',
        'https://github.com/containerd/containerd/blob/main/internal/cri/server/helpers.go',
        'https://docs.docker.com/reference/dockerfile/#copy---chmod',
        'https://kubernetes.io/docs/concepts/storage/volumes/#configmap',
      ],
    },
  },

  create: (context) =>
    startupVisitors(context, ['not-executable', 'path-entry-not-executable', 'shell-command-not-executable'], (cause) => {
      const { outcome, program, file } = cause;
      const base = { at: cause.at, exitCode: outcome.exitCode, reason: outcome.reason, phase: outcome.phase };
      const data = { program: program.argv0, why: whyNotExecutable(file), runtime: context.runtime, shown: outcome.shown, exitCode: outcome.exitCode ?? '' };
      // A ConfigMap volume's file: its mode is the volume's, and the fix is there.
      if (file.volume && cause.kind !== 'path-entry-not-executable')
        return {
          ...base,
          messageId: cause.kind === 'not-executable' ? 'volumeNotExecutable' : 'volumeShellCommandNotExecutable',
          data,
          related: file.placedAt ? [{ at: file.placedAt, message: volumeModeNote(file.volume, file.mode) }] : [],
        };
      switch (cause.kind) {
        case 'not-executable':
          return {
            ...base,
            messageId: 'notExecutable',
            data,
            related: [
              ...(file.placedAt
                ? [{ at: file.placedAt, message: `${program.imagePath ?? program.argv0} is placed here with mode ${octalMode(file.mode, 'without x')}` }]
                : []),
              ...(file.chmodAt ? [{ at: file.chmodAt, message: 'mode set here' }] : []),
            ],
          };
        case 'path-entry-not-executable':
          return {
            ...base,
            messageId: 'skippedOnPath',
            data: { ...data, path: cause.imagePath },
            related: file.placedAt ? [{ at: file.placedAt, message: `${cause.imagePath} is placed here without the execute bit` }] : [],
          };
        case 'shell-command-not-executable':
          return {
            ...base,
            messageId: 'shellCommandNotExecutable',
            data,
            related: file.placedAt ? [{ at: file.placedAt, message: `placed here with mode ${octalMode(file.mode, 'without x')}` }] : [],
          };
      }
    }),
});

function volumeModeNote(volume: NonNullable<Extract<ImageFileState, { state: 'file' }>['volume']>, mode: number | undefined): string {
  return volume.modeField ? `${volume.modeField} ${octalMode(mode, '')} has no execute bit` : `no defaultMode here: ConfigMap files get 0644`;
}

function whyNotExecutable(file: Extract<ImageFileState, { state: 'file' }>): string {
  const mode = file.mode === undefined ? '' : ` (mode ${octalMode(file.mode, '')})`;
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
    case 'volume':
      return file.volume?.modeField
        ? `key ${file.volume.key} of ConfigMap ${file.volume.configMap} is mounted with ${file.volume.modeField}${mode}, which has no execute bit`
        : `key ${file.volume?.key ?? '?'} of ConfigMap ${file.volume?.configMap ?? '?'} is mounted with the volume's default mode 0644 (defaultMode is not set)`;
    default:
      return `it has no execute bit${mode}`;
  }
}
