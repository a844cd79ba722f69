import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from '../src/predict/joined.js';
import { interpreterMissing } from '../src/predict/start.js';

export default defineRule({
  meta: {
    id: 'interpreter-missing',
    title: "The entrypoint's interpreter or loader is not in the image: exit 255 right after start",
    severity: 'error',
    predicts: { exitCode: 255, reason: 'Error', phase: 'start' },
    doc: {
      whatItPredicts:
        'The container starts and fails at once with exit code 255 (runc ≥ 1.2; 1 with crun under CRI-O), then `CrashLoopBackOff`; the log says "no such file or directory" or "exec format error" although the file is there. `#!/usr/bin/env NAME` with NAME missing exits 127 (env\'s status).',
      why: 'runc checks the program itself before start but calls execve after start (libcontainer/init_linux.go: on failure it prints the error and exits 255 since v1.2.0). The kernel then needs the `#!` interpreter (fs/binfmt_script.c; a CRLF line ending makes the name end in `\\r`), or for an ELF binary its program interpreter, the C library\'s loader (a glibc binary in Alpine/musl, scratch or distroless/static; a Go binary built with cgo on, the default in golang images that have gcc). A text file without `#!` fails with ENOEXEC (exec format error). Lab cases "start interpreter-missing", "start crlf-shebang", "start exec-format", "start missing-loader"; ../shared/FACTS.md §1.',
      example: 'FROM alpine:3.20\nCOPY entrypoint.sh /entrypoint.sh   # #!/bin/bash\nENTRYPOINT ["/entrypoint.sh"]',
      fix: 'Use an interpreter the image has (#!/bin/sh) or install it (apk add bash); store scripts with LF line endings (.gitattributes `*.sh text eol=lf`); add a `#!` line; build Go binaries with CGO_ENABLED=0 for static/alpine images.',
      references: [
        'https://github.com/opencontainers/runc/blob/main/libcontainer/init_linux.go',
        'https://man7.org/linux/man-pages/man2/execve.2.html',
        'https://pkg.go.dev/cmd/cgo',
      ],
    },
  },

  create: (context) => startupVisitors(context, interpreterMissing),
});
