import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('server-refuses-root', {
  valid: [
    {
      name: 'exec form: the entrypoint sees `postgres` first and drops root',
      files: {
        Dockerfile: dedent`
          FROM postgres:16
          CMD ["postgres", "-c", "max_connections=200"]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'shell form on postgres:16: the entrypoint sees /bin/sh, runs it as root, postgres exits 1',
      files: {
        Dockerfile: dedent`
          FROM postgres:16
          CMD postgres -c max_connections=200
        `,
      },
      findings: [
        {
          messageId: 'refusesRoot',
          line: 2,
          column: 1,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          phase: 'start',
          message: /first argument is `postgres` or an option; here it is `\/bin\/sh`.*"root" execution of the PostgreSQL server is not permitted/,
        },
      ],
    },
  ],
});
