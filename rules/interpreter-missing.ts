import { defineRule } from '../src/engine/rule.js';
import type { Stage } from '../src/model/image/stage.js';
import { whyAbsent } from './support/phrases.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'interpreter-missing',
    title: "The entrypoint's interpreter or loader is not in the image: exit 255 right after start",
    severity: 'error',
    predicts: { exitCode: 255, reason: 'Error', phase: 'start' },
    claims: ['no-shebang', 'crlf-shebang', 'crlf-env-shebang', 'interpreter-absent', 'env-target-absent', 'loader-absent'],
    messages: {
      noShebang:
        '{{program}} has no #! line, so the kernel cannot execute it ("exec format error": only a shell falls back to running such a file itself, and exec form involves no shell). The container fails right after start ({{runtime}}: {{shown}}). Add a first line such as #!/bin/sh.',
      crlfEnv:
        '{{program}} has Windows line endings (CRLF): its #! line asks env for "{{target}}\\r", which does not exist, so env exits {{exitCode}} right after start, then CrashLoopBackOff. Convert it to LF (dos2unix, or .gitattributes "*.sh text eol=lf").',
      crlf: '{{program}} has Windows line endings (CRLF): the kernel looks for the interpreter "{{interpreter}}\\r", which does not exist. The kernel cannot start it after the container started ({{runtime}}: {{shown}}), then CrashLoopBackOff. Convert it to LF (dos2unix, or .gitattributes "*.sh text eol=lf").',
      interpreterAbsent:
        '{{program}} starts with #!{{interpreter}}, which is not in the image{{imageNote}}. The kernel cannot start it after the container started ({{runtime}}: {{shown}}), then CrashLoopBackOff. Install it, or change the #! line to an interpreter the image has (e.g. #!/bin/sh).',
      envTargetAbsent:
        '{{program}} starts with #!/usr/bin/env {{target}}, and {{target}} is not in the image ({{why}}): env exits {{exitCode}} right after start, then CrashLoopBackOff. Install it, or change the #! line to an interpreter the image has.',
      loaderAbsent:
        '{{program}} cannot run in this image: {{why}}, and {{image}} has no {{libc}} loader, so execve fails with "no such file or directory". The kernel cannot start it after the container started ({{runtime}}: {{shown}}), then CrashLoopBackOff. {{fix}}',
    },
    doc: {
      whatItPredicts:
        'The container starts and fails at once with exit code 255 (runc ≥ 1.2; 1 with crun under CRI-O), then `CrashLoopBackOff`; the log says "no such file or directory" or "exec format error" although the file is there. `#!/usr/bin/env NAME` with NAME missing exits 127 (env\'s status).',
      why: 'runc checks the program itself before start but calls execve after start (libcontainer/init_linux.go: on failure it prints the error and exits 255 since v1.2.0). The kernel then needs the `#!` interpreter (fs/binfmt_script.c; a CRLF line ending makes the name end in `\\r`), or for an ELF binary its program interpreter, the C library\'s loader (a glibc binary in Alpine/musl, scratch or distroless/static; a Go binary built with cgo on, the default in golang images that have gcc). A text file without `#!` fails with ENOEXEC (exec format error). Lab cases "start interpreter-missing", "start crlf-shebang", "start exec-format", "start missing-loader".',
      example: 'FROM alpine:3.20\nCOPY entrypoint.sh /entrypoint.sh   # #!/bin/bash\nENTRYPOINT ["/entrypoint.sh"]',
      fix: 'Use an interpreter the image has (#!/bin/sh) or install it (apk add bash); store scripts with LF line endings (.gitattributes `*.sh text eol=lf`); add a `#!` line; build Go binaries with CGO_ENABLED=0 for static/alpine images.',
      references: [
        'https://github.com/opencontainers/runc/blob/main/libcontainer/init_linux.go',
        'https://man7.org/linux/man-pages/man2/execve.2.html',
        'https://pkg.go.dev/cmd/cgo',
      ],
    },
  },

  create: (context) =>
    startupVisitors(
      context,
      ['no-shebang', 'crlf-shebang', 'crlf-env-shebang', 'interpreter-absent', 'env-target-absent', 'loader-absent'],
      (cause, { startup }) => {
        const { outcome, at } = cause;
        const stage = startup.stage;
        const base = { at, exitCode: outcome.exitCode, reason: outcome.reason, phase: outcome.phase };
        const data = { program: cause.program.argv0, runtime: context.runtime, shown: outcome.shown, exitCode: outcome.exitCode ?? '' };
        switch (cause.kind) {
          case 'no-shebang':
            return { ...base, messageId: 'noShebang', data, related: [{ at: cause.firstLine, message: 'first line of the script' }] };
          case 'loader-absent': {
            const { go, libc } = cause;
            return {
              ...base,
              messageId: 'loaderAbsent',
              data: {
                ...data,
                why: go ? `it is a Go binary: ${go.linkWhy}` : `it is dynamically linked against ${libc} (program interpreter ${cause.loader})`,
                image: stage.from ?? 'the final image',
                libc,
                fix: go
                  ? 'Build it with CGO_ENABLED=0, or use a base image with that C library (e.g. distroless/base for glibc).'
                  : `Use a base image with ${libc}, or link the program statically.`,
              },
              related: go ? [{ at: go.at, message: 'built here' }] : [],
            };
          }
        }
        const related = [{ at: cause.shebangAt, message: cause.shebang.replace(/\r$/, '\\r') }];
        switch (cause.kind) {
          case 'crlf-env-shebang':
            return { ...base, messageId: 'crlfEnv', data: { ...data, target: cause.target.replace(/\r$/, '') }, related };
          case 'crlf-shebang':
            return { ...base, messageId: 'crlf', data: { ...data, interpreter: cause.interpreter.replace(/\r$/, '') }, related };
          case 'interpreter-absent':
            return {
              ...base,
              messageId: 'interpreterAbsent',
              data: { ...data, interpreter: cause.interpreter, imageNote: imageNote(stage, cause.interpreter) },
              related,
            };
          case 'env-target-absent':
            return { ...base, messageId: 'envTargetAbsent', data: { ...data, target: cause.target.argv0, why: whyAbsent(cause.target, stage) }, related };
        }
      },
    ),
});

function imageNote(stage: Stage, p: string): string {
  if (stage.baseState === 'scratch') return ' (FROM scratch starts empty)';
  if (!stage.base) return '';
  return p.endsWith('bash') && !stage.base.bash
    ? ` (${stage.from ?? stage.fromRaw} is ${stage.base.variant}, which has no bash)`
    : ` (${stage.from ?? stage.fromRaw} is ${stage.base.variant})`;
}
