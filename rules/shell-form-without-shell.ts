import { defineRule } from '../src/engine/rule.js';
import { execFormSuggestion, keywordOf } from './support/phrases.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'shell-form-without-shell',
    title: 'Shell-form CMD/ENTRYPOINT in an image without /bin/sh: the container never starts',
    severity: 'error',
    predicts: { exitCode: 128, reason: 'StartError', phase: 'create' },
    claims: ['no-shell'],
    messages: {
      noShell:
        'Shell form runs {{shellArgv}} "…", but {{shell}} is not in the image: {{image}}. The runtime cannot start the container ({{runtime}}: {{shown}}). Use exec form{{suggestion}}.',
    },
    doc: {
      whatItPredicts:
        'The container cannot start: under containerd `terminated`, reason `StartError`, exit code 128, then `CrashLoopBackOff`; `docker run` exits 127; CRI-O shows `CreateContainerError`.',
      why: 'A shell-form `CMD`/`ENTRYPOINT` runs as `/bin/sh -c "…"` (Dockerfile reference, shell and exec form). scratch has no files, and distroless images have no shell (distroless README: "ENTRYPOINT must be specified in vector form, to avoid the container runtime prefixing with a shell"; `:debug` has busybox only at /busybox/sh). runc fails to find /bin/sh before start (libcontainer/standard_init_linux.go), a create-time error (lab case "start not-found").',
      example: 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nCMD /app --port 8080',
      fix: 'Use exec form: `CMD ["/app", "--port", "8080"]`.',
      references: ['https://docs.docker.com/reference/dockerfile/#shell-and-exec-form', 'https://github.com/GoogleContainerTools/distroless#entrypoints'],
    },
  },

  create: (context) =>
    startupVisitors(context, ['no-shell'], (cause, { startup }) => {
      const { outcome, shell } = cause;
      const stage = startup.stage;
      const first = startup.chain.steps[0];
      const suggestion = first?.kind === 'shell' && first.analysis.shape === 'alone' ? execFormSuggestion(keywordOf(stage), first.analysis.last) : undefined;
      const image =
        stage.baseState === 'scratch'
          ? 'FROM scratch has no files at all'
          : `${stage.from ?? stage.fromRaw} (${stage.base?.variant ?? 'this image'}) has no shell`;
      return {
        at: cause.at,
        exitCode: outcome.exitCode,
        reason: outcome.reason,
        phase: outcome.phase,
        messageId: 'noShell',
        data: {
          shellArgv: cause.shellArgv.join(' '),
          shell: shell.argv0,
          image,
          runtime: context.runtime,
          shown: outcome.shown,
          suggestion: suggestion ? `: ${suggestion}` : '',
        },
      };
    }),
});
