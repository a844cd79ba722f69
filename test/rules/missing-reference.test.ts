import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('missing-reference', {
  valid: [
    {
      name: 'a Job of the input runs `kubectl create secret generic db-creds`: the Secret exists once the Job ran',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: make-secrets
            namespace: shop
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: kubectl
                    image: bitnami/kubectl:1.30
                    command: ["sh", "-c", "kubectl create secret generic db-creds --from-literal=password=$(head -c 16 /dev/urandom | base64)"]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: db-creds }
        `,
      },
    },
    {
      name: 'the NAME after options that take a value (`-n shop`, `--from-literal k=v` as two words): the Secret is still found',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: make-secrets
            namespace: shop
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: kubectl
                    image: bitnami/kubectl:1.30
                    command: ["sh", "-c", "kubectl create secret generic -n shop --from-literal password=s3cret db-creds"]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: db-creds }
        `,
      },
    },
    {
      name: 'a CloudNativePG Cluster writes <name>-app',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: postgresql.cnpg.io/v1
          kind: Cluster
          metadata:
            name: db
            namespace: shop
          spec:
            instances: 3
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: db-app }
        `,
      },
    },
    {
      name: "Crossplane's writeConnectionSecretToRef names the Secret",
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: database.example.org/v1alpha1
          kind: PostgreSQLInstance
          metadata:
            name: db
            namespace: shop
          spec:
            writeConnectionSecretToRef:
              name: db-conn
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: db-conn }
        `,
      },
    },
    {
      name: 'every referenced ConfigMap and Secret is in the input, or optional',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Secret
          metadata:
            name: api-secrets
            namespace: shop
          stringData:
            TOKEN: x
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
            namespace: shop
          spec:
            selector:
              matchLabels: {app: api}
            template:
              metadata:
                labels: {app: api}
              spec:
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1.0
                    envFrom:
                      - secretRef:
                          name: api-secrets
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: worker
            namespace: jobs
          spec:
            selector:
              matchLabels: {app: worker}
            template:
              metadata:
                labels: {app: worker}
              spec:
                containers:
                  - name: worker
                    image: ghcr.io/acme/worker:1.0
                    envFrom:
                      - configMapRef:
                          name: managed-elsewhere
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
        `,
      },
    },
    {
      name: 'switched off by referencesCheck: false',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: api-config
            namespace: shop
          data:
            LOG_LEVEL: info
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
            namespace: shop
          spec:
            selector:
              matchLabels: {app: api}
            template:
              metadata:
                labels: {app: api}
              spec:
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1.0
                    envFrom:
                      - configMapRef:
                          name: api-config
                      - secretRef:
                          name: api-secrets
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                volumes:
                  - name: tls
                    secret:
                      secretName: api-tls
                  - name: extra
                    configMap:
                      name: extra
                      optional: true
        `,
      },
      config: { referencesCheck: false },
    },
  ],
  invalid: [
    {
      name: 'a Role of the input lets something create Secrets (an operator): a missing Secret is only a note that it may be created at run time',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: Role
          metadata:
            name: secret-writer
            namespace: shop
          rules:
            - apiGroups: [""]
              resources: ["secrets"]
              verbs: ["get", "create", "update"]
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: db-creds }
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web2
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: db-creds }
        `,
      },
      findings: [
        {
          messageId: 'mayBeCreated',
          line: 32,
          column: 28,
          severity: 'info',
          exitCode: null,
          message:
            /Secret db-creds .*\(1 more reference to it\), but an operator or Job allowed to create Secrets \(Role secret-writer\) may create it at run time/,
          related: [{ file: 'app.yaml', line: 50 }],
        },
      ],
    },
    {
      name: 'an init container runs kubectl on secrets without a name lint-k8s can read: a note, not a warning',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                initContainers:
                  - name: fetch
                    image: bitnami/kubectl:1.30
                    command: ["sh", "-c", "kubectl apply -f /secrets/"]
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    envFrom:
                      - secretRef: { name: api-token }
        `,
      },
      findings: [
        {
          messageId: 'mayBeCreated',
          line: 26,
          column: 28,
          severity: 'info',
          exitCode: null,
          message: /Deployment web \(init container fetch\), which runs kubectl on secrets/,
        },
      ],
    },
    {
      name: 'Secrets written by cert-manager and sealed-secrets in the input exist; one finding per missing object',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: Namespace
          metadata:
            name: shop
          ---
          apiVersion: cert-manager.io/v1
          kind: Certificate
          metadata:
            name: web-cert
            namespace: shop
          spec:
            secretName: web-tls
            dnsNames: [shop.example.com]
            issuerRef: { name: letsencrypt, kind: ClusterIssuer }
          ---
          apiVersion: bitnami.com/v1alpha1
          kind: SealedSecret
          metadata:
            name: db-credentials
            namespace: shop
          spec:
            encryptedData:
              password: AgBy3i4OJSWK+PiTySYZZA==
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: web
            namespace: shop
          spec:
            selector:
              matchLabels: { app: web }
            template:
              metadata:
                labels: { app: web }
              spec:
                containers:
                  - name: web
                    image: ghcr.io/acme/web:1.0
                    resources:
                      requests: { cpu: 100m, memory: 128Mi }
                    env:
                      - name: DB_PASSWORD
                        valueFrom:
                          secretKeyRef: { name: db-credentials, key: password }
                      - name: API_KEY
                        valueFrom:
                          secretKeyRef: { name: api-key, key: value }
                      - name: API_KEY_OLD
                        valueFrom:
                          secretKeyRef: { name: api-key, key: old }
                    volumeMounts:
                      - { name: tls, mountPath: /tls }
                volumes:
                  - name: tls
                    secret:
                      secretName: web-tls
        `,
      },
      findings: [
        {
          messageId: 'envSourceMissing',
          line: 48,
          column: 33,
          severity: 'warning',
          exitCode: null,
          reason: 'CreateContainerConfigError',
          message: /Secret api-key .*\(1 more reference to it\)/,
          related: [{ file: 'app.yaml', line: 51 }],
        },
      ],
    },
    {
      name: 'a Secret in envFrom and a Secret volume that are not in the input',
      files: {
        'app.yaml': dedent`
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: api-config
            namespace: shop
          data:
            LOG_LEVEL: info
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
            namespace: shop
          spec:
            selector:
              matchLabels: {app: api}
            template:
              metadata:
                labels: {app: api}
              spec:
                containers:
                  - name: api
                    image: ghcr.io/acme/api:1.0
                    envFrom:
                      - configMapRef:
                          name: api-config
                      - secretRef:
                          name: api-secrets
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                volumes:
                  - name: tls
                    secret:
                      secretName: api-tls
                  - name: extra
                    configMap:
                      name: extra
                      optional: true
        `,
      },
      findings: [
        {
          messageId: 'envSourceMissing',
          line: 28,
          column: 17,
          severity: 'warning',
          exitCode: null,
          reason: 'CreateContainerConfigError',
          message: /Secret api-secrets is not among the objects of namespace shop/,
        },
        {
          messageId: 'volumeSourceMissing',
          line: 33,
          column: 13,
          severity: 'warning',
          exitCode: null,
          reason: 'ContainerCreating',
          message: /volume Secret api-tls/,
        },
      ],
    },
  ],
});
