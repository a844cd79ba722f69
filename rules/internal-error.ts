import { defineRule } from '../src/engine/rule.js';

/** Raised by the engine when a rule throws: the other rules still run. */
export default defineRule({
  meta: {
    id: 'internal-error',
    title: 'A lint-k8s rule failed on this input',
    severity: 'warning',
    predicts: { exitCode: null, reason: null, phase: 'build' },
    messages: { ruleFailed: 'rule {{rule}} failed: {{detail}}' },
    doc: {
      whatItPredicts: 'Nothing about the container: a lint-k8s rule crashed on this input, so its prediction is missing for this file.',
      why: 'The engine isolates every rule; an exception becomes this finding instead of stopping the run.',
      example: '(any input that triggers a bug in a rule)',
      fix: 'Report the file and message to the lint-k8s maintainers; the other findings are unaffected.',
      references: [],
    },
  },
});
