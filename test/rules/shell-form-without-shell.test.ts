import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('shell-form-without-shell', {
  valid: [
    {
      name: 'a distroless :debug image has a shell',
      files: {
        Dockerfile: dedent`
          FROM gcr.io/distroless/static-debian12:debug
          SHELL ["/busybox/sh", "-c"]
          COPY server /server
          CMD /server --port 8080
        `,
        server: {
          mode: 0o755,
          text: dedent`
          placeholder for a static binary
        `,
        },
      },
    },
  ],
  invalid: [
    {
      name: 'shell form in a distroless image',
      files: {
        Dockerfile: dedent`
          FROM gcr.io/distroless/static-debian12:nonroot
          COPY server /server
          CMD /server --port 8080
        `,
        server: {
          mode: 0o755,
          text: dedent`
          placeholder for a static binary
        `,
        },
      },
      findings: [
        {
          messageId: 'noShell',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 128,
          reason: 'StartError',
          message: /\/bin\/sh is not in the image.*has no shell.*CMD \["\/server", "--port", "8080"\]/,
        },
      ],
    },
    {
      name: 'shell form FROM scratch',
      files: {
        Dockerfile: dedent`
          FROM scratch
          COPY server /server
          ENTRYPOINT /server
        `,
        server: {
          mode: 0o755,
          text: dedent`
          placeholder for a static binary
        `,
        },
      },
      findings: [{ messageId: 'noShell', line: 3, column: 1, severity: 'error', exitCode: 128, reason: 'StartError', message: /FROM scratch has no files/ }],
    },
    {
      name: 'shell form FROM scratch, under CRI-O: CreateContainerError',
      runtime: 'cri-o',
      files: {
        Dockerfile: dedent`
          FROM scratch
          COPY server /server
          ENTRYPOINT /server
        `,
        server: {
          mode: 0o755,
          text: dedent`
          placeholder for a static binary
        `,
        },
      },
      findings: [{ messageId: 'noShell', line: 3, column: 1, exitCode: null, reason: 'CreateContainerError' }],
    },
  ],
});
