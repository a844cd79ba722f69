import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from '../src/predict/joined.js';
import { shellFormWithoutShell } from '../src/predict/start.js';

export default defineRule({
  meta: {
    id: 'shell-form-without-shell',
    title: 'Shell-form CMD/ENTRYPOINT in an image without /bin/sh: the container never starts',
    severity: 'error',
    predicts: { exitCode: 128, reason: 'StartError', phase: 'create' },
    doc: {
      whatItPredicts:
        'The container cannot start: under containerd `terminated`, reason `StartError`, exit code 128, then `CrashLoopBackOff`; `docker run` exits 127; CRI-O shows `CreateContainerError`.',
      why: 'A shell-form `CMD`/`ENTRYPOINT` runs as `/bin/sh -c "…"` (Dockerfile reference, shell and exec form). scratch has no files, and distroless images have no shell (distroless README: "ENTRYPOINT must be specified in vector form, to avoid the container runtime prefixing with a shell"; `:debug` has busybox only at /busybox/sh). runc fails to find /bin/sh before start (libcontainer/standard_init_linux.go), a create-time error. ../shared/FACTS.md §1.',
      example: 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nCMD /app --port 8080',
      fix: 'Use exec form: `CMD ["/app", "--port", "8080"]`.',
      references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form', 'https://github.com/GoogleContainerTools/distroless#entrypoints'],
    },
  },

  create: (context) => startupVisitors(context, shellFormWithoutShell),
});
