import { defineRule, type Rule } from '../../src/engine/rule.js';
import { dedent, ruleTester } from '../rule-tester.js';

/** A test-only rule that fails on every Dockerfile named `crash/Dockerfile`, as a buggy rule would. */
const crashing: Rule = defineRule({
  meta: {
    id: 'test-crashing-rule',
    title: 'test only: throws',
    severity: 'error',
    predicts: { exitCode: null, reason: null, phase: 'build' },
    messages: {},
    doc: { whatItPredicts: '', why: '', example: '', fix: '', references: [] },
  },
  create: () => ({
    image(image) {
      if (image.file.endsWith('crash/Dockerfile')) throw new Error(`cannot read ${image.file}`);
    },
  }),
});

const dockerfile = dedent`
  FROM alpine:3.20
  CMD ["sleep", "1"]
`;

ruleTester('internal-error', {
  valid: [{ name: 'a rule that does not throw', withRules: [crashing], files: { 'ok/Dockerfile': dockerfile } }],
  invalid: [
    {
      name: 'a rule that throws becomes a warning at the input it was looking at; the other inputs are still linted',
      withRules: [crashing],
      files: { 'crash/Dockerfile': dockerfile, 'ok/Dockerfile': dockerfile },
      findings: [
        {
          messageId: 'ruleFailed',
          line: 1,
          column: 1,
          severity: 'warning',
          exitCode: null,
          message: /^rule test-crashing-rule failed: cannot read crash\/Dockerfile$/,
        },
      ],
    },
  ],
});
