import { defineRule } from '../src/engine/rule.js';
import { whyAbsent } from './support/phrases.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'program-not-found',
    title: 'The program the container runs is not in the image: it never starts',
    severity: 'error',
    predicts: { exitCode: 128, reason: 'StartError', phase: 'create' },
    claims: ['program-absent', 'child-absent', 'shell-command-absent', 'broken-exec-form'],
    messages: {
      absent: '{{program}} is not in the image: {{why}}. The runtime cannot start the container ({{runtime}}: {{shown}}). Install or COPY it, or fix the path.',
      initChildAbsent:
        '{{init}} starts {{program}}, which is not in the image ({{why}}); it exits {{exitCode}} at once, then CrashLoopBackOff. Install or COPY it, or fix the path.',
      scriptExecAbsent:
        '{{script}} execs {{program}}, which is not in the image ({{why}}); the shell reports "not found" and exits {{exitCode}}, then CrashLoopBackOff. Install or COPY it, or fix the path.',
      brokenExecForm:
        'This is not valid exec form (not a JSON array of double-quoted strings), so Docker runs it as shell form: /bin/sh -c runs the word "{{word}}", which no image has; the shell prints "{{word}}: not found" and exits {{exitCode}} as soon as the container starts, then CrashLoopBackOff. Write it as a JSON array with double quotes and the closing bracket.',
      shellCommandAbsent:
        '{{shell}} runs {{program}}, which is not in the image ({{why}}); the shell reports "not found" and exits {{exitCode}} as soon as the container starts, then CrashLoopBackOff. Install or COPY it, or fix the path.',
    },
    doc: {
      whatItPredicts:
        'The container cannot start. A CMD/ENTRYPOINT written like exec form but not valid JSON (`CMD ["python", "app.py"` without `]`, single quotes) runs as shell form and exits 127 right after start. For the first program: under containerd the pod shows `terminated`, reason `StartError`, exit code 128, then `CrashLoopBackOff`; `docker run` exits 127; CRI-O shows `CreateContainerError`. For a program started by an init or an entrypoint script: tini exits 127, dumb-init 2, a shell `exec` 127. Only claimed where lint-k8s knows every place the program could be (scratch, distroless, a shell the base image lacks); an unknown base image gives no finding.',
      why: 'runc looks the program up with exec.LookPath before starting the container (libcontainer/standard_init_linux.go), along the image\'s PATH; "executable file not found" is a create-time error that containerd reports as StartError/128 (internal/cri/server/helpers.go) and Docker as 127 (moby daemon/errors.go). Distroless images "do not contain package managers, shells or any other programs you would expect to find in a standard Linux distribution" (distroless README).',
      example: 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\nENTRYPOINT ["sleep", "infinity"]',
      fix: 'COPY or install the program, or point the command at the path where it is.',
      references: [
        'https://github.com/opencontainers/runc/blob/main/libcontainer/standard_init_linux.go',
        'https://github.com/GoogleContainerTools/distroless#readme',
      ],
    },
  },

  create: (context) =>
    startupVisitors(context, ['program-absent', 'child-absent', 'shell-command-absent', 'broken-exec-form'], (cause, { startup }) => {
      if (cause.kind === 'broken-exec-form')
        return {
          at: cause.at,
          exitCode: cause.outcome.exitCode,
          reason: cause.outcome.reason,
          phase: cause.outcome.phase,
          messageId: 'brokenExecForm',
          data: { word: cause.word, exitCode: cause.outcome.exitCode ?? '' },
        };
      const { outcome, program } = cause;
      const why = whyAbsent(program, startup.stage);
      const predicted = { exitCode: outcome.exitCode, reason: outcome.reason, phase: outcome.phase };
      if (cause.kind === 'program-absent')
        return {
          at: cause.at,
          ...predicted,
          messageId: 'absent',
          data: { program: program.argv0, why, runtime: context.runtime, shown: outcome.shown },
        };
      if (cause.kind === 'shell-command-absent')
        return {
          at: cause.at,
          ...predicted,
          messageId: 'shellCommandAbsent',
          data: { shell: cause.step.shellArgv0, program: program.argv0, why, exitCode: outcome.exitCode ?? '' },
        };
      const parent = cause.parent;
      if (parent.kind === 'init')
        return {
          at: cause.at,
          ...predicted,
          messageId: 'initChildAbsent',
          data: { init: parent.argv[0] ?? 'the init', program: program.argv0, why, exitCode: outcome.exitCode ?? '' },
        };
      return {
        at: cause.at,
        ...predicted,
        messageId: 'scriptExecAbsent',
        data: { script: parent.argv[0] ?? 'the entrypoint script', program: program.argv0, why, exitCode: outcome.exitCode ?? '' },
        related: parent.content.body.execs.map((e) => ({ at: e.at, message: 'exec here' })),
      };
    }),
});
