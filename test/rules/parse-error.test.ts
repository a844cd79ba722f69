import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('parse-error', {
  valid: [
    {
      name: 'a Dockerfile and a manifest that parse',
      files: {
        Dockerfile: dedent`
          FROM alpine:3.20
          CMD ["sleep", "1"]
        `,
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: ok
          spec:
            containers:
              - name: app
                image: alpine:3.20
        `,
      },
    },
    {
      name: 'YAML that is not Kubernetes (no apiVersion or kind) is skipped without noise',
      files: { 'values.yaml': 'replicaCount: 2\nimage: {tag: "1.0"}\n' },
    },
  ],
  invalid: [
    {
      name: 'a Dockerfile whose first instruction is not FROM',
      files: { Dockerfile: 'RUN echo "no FROM here"\nCMD ["sh"]\n' },
      findings: [
        {
          messageId: 'problem',
          line: 1,
          column: 1,
          severity: 'error',
          exitCode: null,
          phase: 'build',
          message: /the first instruction must be FROM \(after global ARGs\), found RUN/,
        },
      ],
    },
    {
      name: 'a binary file (NUL bytes)',
      files: { 'binary.yaml': { mode: 0o644, text: Buffer.from('apiVersion: v1\n\u0000\u0001\u0002binary', 'latin1') } },
      findings: [
        {
          messageId: 'problem',
          line: 1,
          column: 1,
          severity: 'error',
          exitCode: null,
          phase: 'admission',
          message: /binary file, not a Dockerfile or manifest: contains NUL bytes/,
        },
      ],
    },
    {
      name: 'a YAML syntax error at its line',
      files: {
        'broken.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: broken
          spec:
            containers:
              - name: app
               image: nginx
        `,
      },
      findings: [{ messageId: 'problem', line: 8, column: 1, severity: 'error', exitCode: null, message: /^YAML: / }],
    },
    {
      name: 'an empty file is a note',
      files: { 'empty.yaml': '' },
      findings: [{ messageId: 'problem', line: 1, column: 1, severity: 'info', exitCode: null, message: /empty file: nothing to lint/ }],
    },
    {
      name: 'Latin-1 text is not UTF-8',
      files: { 'latin1.yaml': { mode: 0o644, text: Buffer.from('kind: Pod\nmetadata:\n  name: \u00c3(bad\n', 'latin1') } },
      findings: [{ messageId: 'problem', line: 1, column: 1, severity: 'error', exitCode: null, message: /not UTF-8 text: invalid UTF-8/ }],
    },
    {
      name: 'UTF-16 with a byte order mark',
      files: { 'utf16.yaml': { mode: 0o644, text: Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x70, 0x00, 0x69, 0x00]) } },
      findings: [{ messageId: 'problem', line: 1, column: 1, severity: 'error', exitCode: null, message: /UTF-16 byte order mark; save the file as UTF-8/ }],
    },
  ],
});
