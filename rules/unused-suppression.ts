import { defineRule } from '../src/engine/rule.js';

/** Raised by the engine for a `# lint-k8s ignore=` comment or `lint-k8s.io/ignore` annotation that silences nothing. */
export default defineRule({
  meta: {
    id: 'unused-suppression',
    title: 'A suppression matches no finding',
    severity: 'info',
    predicts: { exitCode: null, reason: null, phase: 'build' },
    messages: {
      unused: 'suppression of {{rules}} matches no finding {{where}}: remove it (or the rule id is misspelled, see --list-rules)',
      unreadable: 'unreadable suppression: {{detail}}',
    },
    doc: {
      whatItPredicts:
        'Nothing about the container: a `# lint-k8s ignore=RULE` comment or a `lint-k8s.io/ignore` annotation silences no finding, because the problem was fixed, the comment is not on the line just before the instruction or key, or the rule id is misspelled. Stale suppressions hide the next real problem at that place.',
      why: 'A comment suppresses the findings of the listed rules on the Dockerfile instruction or YAML node that starts on the next content line; `global ignore=` covers the whole file; the annotation covers its object. Every listed rule that matched nothing is reported here.',
      example: '# lint-k8s ignore=shell-stays-pid1 -- uses tini\nCMD ["tini", "--", "python", "app.py"]   # exec form: nothing to suppress',
      fix: 'Remove the suppression, or move it to the line just before the instruction or key the finding is reported at.',
      references: ['https://github.com/hadolint/hadolint#inline-ignores'],
    },
  },
});
