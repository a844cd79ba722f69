import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('read-only-root-writes', {
  valid: [
    {
      name: 'nginx with emptyDir volumes on the paths it writes',
      files: {
        'apps.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: proxy
          spec:
            selector:
              matchLabels: {app: proxy}
            template:
              metadata:
                labels: {app: proxy}
              spec:
                containers:
                  - name: proxy
                    image: nginx:1.27
                    securityContext:
                      readOnlyRootFilesystem: true
                    volumeMounts:
                      - {name: cache, mountPath: /var/cache/nginx/}
                      - {name: run, mountPath: /var/run}
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  # Its own nginx.conf writes to /tmp only: lint-k8s does not guess.
                  - name: site
                    image: ghcr.io/acme/web:2.0.0
                    securityContext:
                      readOnlyRootFilesystem: true
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  # Not running nginx at all.
                  - name: shell
                    image: nginx:1.27
                    command: ["sh", "-c", "trap 'exit 0' QUIT TERM; sleep infinity & wait"]
                    securityContext:
                      readOnlyRootFilesystem: true
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                volumes:
                  - name: cache
                    emptyDir: {}
                  - name: run
                    emptyDir: {}
        `,
        'web/Dockerfile': dedent`
          FROM nginx:1.27-alpine
          # This config moves the temp paths and the pid file to /tmp.
          COPY nginx.conf /etc/nginx/nginx.conf
          COPY site/ /usr/share/nginx/html/
        `,
        'web/nginx.conf': dedent`
          pid /tmp/nginx.pid;
          events {}
          http {
            client_body_temp_path /tmp/client_temp;
            proxy_temp_path /tmp/proxy_temp;
            server { listen 8080; root /usr/share/nginx/html; }
          }
        `,
        'web/site/index.html': dedent`
          <h1>shop</h1>
        `,
      },
      config: { images: { 'ghcr.io/acme/web': 'web' } },
    },
    {
      name: 'postgres with an emptyDir at /var/run/postgresql',
      files: {
        'apps.yaml': dedent`
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            selector:
              matchLabels: {app: db}
            template:
              metadata:
                labels: {app: db}
              spec:
                containers:
                  - name: postgres
                    image: postgres:16
                    securityContext:
                      readOnlyRootFilesystem: true
                    volumeMounts:
                      - {name: data, mountPath: /var/lib/postgresql/data}
                      - {name: sockets, mountPath: /var/run/postgresql}
                    resources: {limits: {cpu: 500m, memory: 512Mi}}
                volumes:
                  - name: sockets
                    emptyDir: {}
            volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
        `,
        'web/Dockerfile': dedent`
          FROM nginx:1.27-alpine
          # This config moves the temp paths and the pid file to /tmp.
          COPY nginx.conf /etc/nginx/nginx.conf
          COPY site/ /usr/share/nginx/html/
        `,
        'web/nginx.conf': dedent`
          pid /tmp/nginx.pid;
          events {}
          http {
            client_body_temp_path /tmp/client_temp;
            proxy_temp_path /tmp/proxy_temp;
            server { listen 8080; root /usr/share/nginx/html; }
          }
        `,
        'web/site/index.html': dedent`
          <h1>shop</h1>
        `,
      },
      config: { images: { 'ghcr.io/acme/web': 'web' } },
    },
  ],
  invalid: [
    {
      name: 'nginx, an nginx image built here (Dockerfile as related location) and postgres on a read-only root',
      files: {
        'apps.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: proxy
          spec:
            selector:
              matchLabels: {app: proxy}
            template:
              metadata:
                labels: {app: proxy}
              spec:
                containers:
                  - name: proxy
                    image: nginx:1.27
                    securityContext:
                      readOnlyRootFilesystem: true
                    volumeMounts:
                      - {name: cache, mountPath: /var/cache/nginx}
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                  - name: site
                    image: ghcr.io/acme/web:2.0.0
                    securityContext:
                      readOnlyRootFilesystem: true
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
                volumes:
                  - name: cache
                    emptyDir: {}
          ---
          apiVersion: apps/v1
          kind: StatefulSet
          metadata:
            name: db
          spec:
            serviceName: db
            selector:
              matchLabels: {app: db}
            template:
              metadata:
                labels: {app: db}
              spec:
                containers:
                  - name: postgres
                    image: postgres:16
                    securityContext:
                      readOnlyRootFilesystem: true
                    volumeMounts:
                      - {name: data, mountPath: /var/lib/postgresql/data}
                    resources: {limits: {cpu: 500m, memory: 512Mi}}
            volumeClaimTemplates:
              - metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
        `,
        'web/Dockerfile': dedent`
          FROM nginx:1.27-alpine
          COPY site/ /usr/share/nginx/html/
        `,
        'web/site/index.html': dedent`
          <h1>shop</h1>
        `,
      },
      config: { images: { 'ghcr.io/acme/web': 'web' } },
      findings: [
        {
          messageId: 'writesReadOnlyRoot',
          line: 16,
          column: 13,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          message: /no volume is mounted at \/var\/run, so nginx fails at start with .*nginx\.pid.*Read-only file system.*exits 1/,
        },
        {
          messageId: 'writesReadOnlyRoot',
          line: 23,
          column: 13,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          message: /\/var\/cache\/nginx or \/var\/run.*client_temp/,
          related: [{ file: 'web/Dockerfile', line: 1 }],
        },
        {
          messageId: 'writesReadOnlyRoot',
          line: 45,
          column: 13,
          severity: 'error',
          exitCode: 1,
          reason: 'Error',
          message: /could not create lock file "\/var\/run\/postgresql\/\.s\.PGSQL\.5432\.lock"/,
        },
      ],
    },
  ],
});
