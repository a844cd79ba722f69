import { dedent, ruleTester } from '../rule-tester.js';

ruleTester('cmd-daemonizes', {
  valid: [
    {
      name: 'nginx with daemon off; in its configuration',
      files: {
        Dockerfile: dedent`
          FROM nginx:1.27-alpine
          COPY nginx.conf /etc/nginx/nginx.conf
          CMD ["nginx"]
        `,
        'nginx.conf': dedent`
          daemon off;  # stay in the foreground as PID 1
          events {}
          http {
            server { listen 8080; }
          }
        `,
      },
    },
    {
      name: 'redis-server in the foreground',
      files: {
        Dockerfile: dedent`
          FROM redis:7.2
          CMD ["redis-server", "--appendonly", "yes"]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'plain nginx forks into the background',
      files: {
        Dockerfile: dedent`
          FROM nginx:1.27
          COPY site/ /usr/share/nginx/html/
          CMD ["nginx"]
        `,
        'site/index.html': dedent`
          <h1>ok</h1>
        `,
      },
      findings: [
        {
          messageId: 'daemonizes',
          line: 3,
          column: 1,
          severity: 'error',
          exitCode: 0,
          reason: 'Completed',
          message: /`nginx` starts the service in the background.*daemon off/,
        },
      ],
    },
    {
      name: 'redis-server --daemonize yes',
      files: {
        Dockerfile: dedent`
          FROM redis:7.2
          CMD ["redis-server", "--daemonize", "yes"]
        `,
      },
      findings: [{ messageId: 'daemonizes', line: 2, column: 1, severity: 'error', exitCode: 0, reason: 'Completed', message: /--daemonize yes/ }],
    },
    {
      name: 'service apache2 start',
      files: {
        Dockerfile: dedent`
          FROM debian:12
          RUN apt-get update && apt-get install -y --no-install-recommends apache2 && rm -rf /var/lib/apt/lists/*
          CMD service apache2 start
        `,
      },
      findings: [{ messageId: 'daemonizes', line: 3, column: 1, severity: 'error', exitCode: 0, reason: 'Completed', message: /`service apache2 start`/ }],
    },
    {
      name: 'gunicorn --daemon',
      files: {
        Dockerfile: dedent`
          FROM python:3.12-slim
          RUN pip install --no-cache-dir gunicorn
          COPY app.py /app/app.py
          WORKDIR /app
          CMD ["gunicorn", "--daemon", "--bind", "0.0.0.0:8000", "app:app"]
        `,
        'app.py': dedent`
          def app(environ, start_response):
              start_response("200 OK", [])
              return [b"ok"]
        `,
      },
      findings: [
        {
          messageId: 'daemonizes',
          line: 5,
          column: 1,
          severity: 'error',
          exitCode: 0,
          reason: 'Completed',
          message: /`gunicorn --daemon .*Drop `--daemon`\/`-D`/,
        },
      ],
    },
    ...['CMD ["gunicorn", "--daemon", "app:app"]', 'CMD ["mongod", "--fork", "--logpath", "/var/log/m.log"]', 'CMD ["/usr/sbin/sshd"]'].map((cmd) => ({
      name: `${cmd} on debian:bookworm: exit 0`,
      files: { Dockerfile: `FROM debian:bookworm\n${cmd}\n` },
      findings: [{ messageId: 'daemonizes', line: 2, column: 1, severity: 'error' as const, exitCode: 0 }],
    })),
  ],
});
