import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('liveness-kills-slow-start', {
  valid: [
    {
      name: 'a startupProbe, or a liveness delay long enough for the JVM',
      files: {
        'api.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: orders
          spec:
            selector:
              matchLabels: {app: orders}
            template:
              metadata:
                labels: {app: orders}
              spec:
                containers:
                  # A startup probe holds liveness back until the JVM is up.
                  - name: orders
                    image: eclipse-temurin:21-jre
                    command: ["java", "-jar", "/app/orders.jar"]
                    ports:
                      - {name: http, containerPort: 8080}
                    startupProbe:
                      httpGet: {path: /actuator/health/liveness, port: http}
                      periodSeconds: 5
                      failureThreshold: 30
                    livenessProbe:
                      httpGet: {path: /actuator/health/liveness, port: http}
                    resources: {limits: {cpu: "1", memory: 1Gi}}
                  # Enough initial delay.
                  - name: billing
                    image: ghcr.io/acme/billing:2.0.1
                    command: ["java", "-jar", "/app/billing.jar"]
                    ports:
                      - {name: http, containerPort: 8081}
                    livenessProbe:
                      httpGet: {path: /healthz, port: http}
                      initialDelaySeconds: 90
                    resources: {limits: {cpu: "1", memory: 1Gi}}
                  # Not a JVM: Go starts in milliseconds.
                  - name: proxy
                    image: ghcr.io/acme/proxy:1.0
                    command: ["/proxy"]
                    livenessProbe:
                      tcpSocket: {port: 9000}
                    resources: {limits: {cpu: 100m, memory: 64Mi}}
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'JVMs with a livenessProbe and no startupProbe',
      files: {
        'api.yaml': dedent`
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: orders
          spec:
            selector:
              matchLabels: {app: orders}
            template:
              metadata:
                labels: {app: orders}
              spec:
                containers:
                  - name: orders
                    image: eclipse-temurin:21-jre
                    command: ["java", "-jar", "/app/orders.jar"]
                    ports:
                      - {name: http, containerPort: 8080}
                    livenessProbe:
                      httpGet: {path: /actuator/health/liveness, port: http}
                    resources: {limits: {cpu: "1", memory: 1Gi}}
                  - name: billing
                    image: ghcr.io/acme/billing:2.0.1
                    command: ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/billing.jar"]
                    ports:
                      - {name: http, containerPort: 8081}
                    livenessProbe:
                      httpGet: {path: /healthz, port: http}
                      initialDelaySeconds: 5
                      periodSeconds: 5
                    resources: {limits: {cpu: "1", memory: 1Gi}}
        `,
      },
      findings: [
        { messageId: 'killedWhileStarting', line: 18, column: 11, severity: 'warning', exitCode: 143, reason: 'Error', message: /about 21 s after start/ },
        { messageId: 'killedWhileStarting', line: 28, column: 13, severity: 'warning', exitCode: 143, reason: 'Error', message: /about 16 s after start/ },
      ],
    },
  ],
});
