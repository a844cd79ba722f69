import { defineRule } from '../src/engine/rule.js';

/** Raised by the engine for input it cannot read or parse; the rest of the run goes on. */
export default defineRule({
  meta: {
    id: 'parse-error',
    title: 'Input cannot be read or parsed',
    severity: 'error',
    predicts: { exitCode: null, reason: null, phase: 'admission' },
    messages: { problem: '{{detail}}' },
    doc: {
      whatItPredicts:
        'A manifest that does not parse is rejected by `kubectl apply` (nothing is deployed); a Dockerfile that does not parse fails `docker build`. Binary, non-UTF-8, unreadable and oversized files are reported here too, so nothing given to lint-k8s is silently skipped.',
      why: 'The Kubernetes API server accepts only well-formed YAML or JSON objects; BuildKit rejects a Dockerfile whose first instruction (after global ARGs) is not FROM.',
      example: 'spec:\n  containers:\n  - name: app\n   image: app:1   # bad indentation',
      fix: 'Correct the syntax at the reported line and column, or exclude the file with .gitignore.',
      references: ['https://yaml.org/spec/1.2.2/', 'https://docs.docker.com/reference/dockerfile/#from'],
    },
  },
});
