import { defineRule } from '../src/engine/rule.js';
import { startupVisitors } from './support/startup.js';

export default defineRule({
  meta: {
    id: 'server-refuses-root',
    title: 'The official entrypoint did not drop root, and the server refuses to run as root: exit 1 at start',
    severity: 'error',
    predicts: { exitCode: 1, reason: 'Error', phase: 'start' },
    claims: ['server-refuses-root'],
    messages: {
      refusesRoot:
        '{{entrypoint}} initialises the server and drops root only when its first argument is `{{program}}` or an option; here it is `{{first}}` (the command is shell form), so it runs the command as root and {{program}} refuses: "{{error}}", exit {{exitCode}} right after start, then CrashLoopBackOff. Use exec form: CMD ["{{program}}", …].',
    },
    doc: {
      whatItPredicts:
        'The container exits 1 right after it starts, with the server\'s "root execution is not permitted" error, then `CrashLoopBackOff`. Today: the official `postgres` image with a shell-form CMD (`CMD postgres -c max_connections=200`).',
      why: 'The postgres image\'s docker-entrypoint.sh (docker-library/postgres) initialises the data directory and re-runs itself as the postgres user (`exec gosu postgres "$BASH_SOURCE" "$@"`) only when `$1` is `postgres` or starts with `-`; otherwise it just `exec "$@"`s its arguments as the image user, root. A shell-form CMD makes `$1` `/bin/sh`, and the PostgreSQL server refuses uid 0 (src/backend/main/main.c `check_root`: "\\"root\\" execution of the PostgreSQL server is not permitted.", exit 1). A non-root `USER` or `runAsUser` avoids the refusal.',
      example: 'FROM postgres:16\nCMD postgres -c max_connections=200',
      fix: 'Use exec form so the entrypoint sees `postgres` first: `CMD ["postgres", "-c", "max_connections=200"]` (or only the options: `CMD ["-c", "max_connections=200"]`).',
      references: ['https://github.com/docker-library/postgres/blob/master/docker-entrypoint.sh', 'https://hub.docker.com/_/postgres'],
    },
  },

  create: (context) =>
    startupVisitors(context, ['server-refuses-root'], ({ at, start, outcome }) => ({
      at,
      exitCode: outcome.exitCode,
      reason: outcome.reason,
      phase: outcome.phase,
      messageId: 'refusesRoot',
      data: {
        entrypoint: start.check.paths[0] ?? 'the entrypoint',
        program: start.program,
        first: start.firstArgument ?? '',
        error: start.error,
        exitCode: start.exitCode,
      },
    })),
});
