import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('unused-suppression', {
  valid: [
    {
      name: 'a comment that silences its finding',
      withRules: ['shell-stays-pid1'],
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          WORKDIR /app
          COPY app.py .
          # lint-k8s ignore=shell-stays-pid1 -- batch job: killed on stop by design, nothing to drain
          CMD python app.py
        `,
        'app.py': 'print("hi")\n',
      },
    },
    {
      name: 'a YAML comment that covers the pod spec it silences',
      withRules: ['besteffort-qos'],
      files: {
        'deploy.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: cache
          spec:
            selector:
              matchLabels: { app: cache }
            template:
              metadata:
                labels: { app: cache }
              # lint-k8s ignore=besteffort-qos -- throwaway cache, eviction is fine
              spec:
                containers:
                  - name: redis
                    image: redis:7
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'a comment that silences nothing, and an unreadable one, are notes at the comment',
      withRules: ['shell-stays-pid1', 'entrypoint-not-executable'],
      files: {
        Dockerfile: dedent`
          # lint-k8s global ignore=shell-stays-pid1 -- legacy image, replaced in Q3
          FROM debian:12
          # lint-k8s ignore=entrypoint-not-executable -- stale: nothing below fails
          RUN apt-get update
          CMD sleep infinity
          # lint-k8s ignore shell-stays-pid1
        `,
      },
      findings: [
        {
          messageId: 'unused',
          line: 3,
          column: 1,
          severity: 'info',
          exitCode: null,
          message: /suppression of entrypoint-not-executable matches no finding on line 4/,
        },
        { messageId: 'unreadable', line: 6, column: 1, severity: 'info', exitCode: null, message: /unreadable suppression/ },
      ],
    },
    {
      name: 'a YAML comment on a spec without the finding',
      withRules: ['prestop-exceeds-grace'],
      files: {
        'pod.yaml': dedent`
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            # lint-k8s ignore=prestop-exceeds-grace -- stale: no preStop hook here
            containers:
              - name: api
                image: ghcr.io/acme/api:1.4.2
        `,
      },
      findings: [
        { messageId: 'unused', line: 6, column: 3, severity: 'info', exitCode: null, message: /suppression of prestop-exceeds-grace matches no finding/ },
      ],
    },
  ],
});
