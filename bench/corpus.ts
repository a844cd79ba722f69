import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A deterministic benchmark corpus: the same seed writes byte-identical files, so numbers
 * from different machines and commits compare. Shapes mirror what real repositories hold:
 * Deployments with Services, ConfigMaps, Jobs, CronJobs, StatefulSets, the odd JSON List;
 * Dockerfiles of the common base images with build contexts and entrypoint scripts.
 */
export interface CorpusLayout {
  readonly root: string;
  /** `manifests/team-XX/*.yaml|json`. */
  readonly manifestsDir: string;
  /** `services/part-1` (the 1,000 Dockerfiles also given to other linters) and `services/part-2`. */
  readonly servicesDirs: readonly string[];
  readonly dockerfiles: readonly string[];
  readonly manifestFiles: number;
  readonly manifestDocuments: number;
}

export const CORPUS_VERSION = 1;

/** mulberry32: a tiny seeded PRNG; quality is irrelevant, determinism is the point. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const WORDS = ['api', 'worker', 'billing', 'search', 'auth', 'cart', 'mailer', 'ledger', 'report', 'gateway', 'catalog', 'media', 'notify', 'audit'];

function containerYaml(d: Dice, name: string, indent: string): string {
  const lines: string[] = [];
  const image = d.pick([`ghcr.io/acme/${name}:1.${d.int(20)}.${d.int(9)}`, `registry.example.com/${name}@sha256:${'ab'.repeat(32)}`, `acme/${name}:latest`]);
  lines.push(`- name: ${name}`, `  image: ${image}`);
  if (d.chance(0.3)) lines.push(`  command: ["sh", "-c", "exec /app/${name} --port 8080"]`);
  else if (d.chance(0.2)) lines.push(`  args: ["--log-level", "info", "--workers", "${1 + d.int(8)}"]`);
  lines.push('  ports:', '    - name: http', `      containerPort: ${8000 + d.int(100)}`);
  const envCount = 2 + d.int(14);
  lines.push('  env:');
  for (let i = 0; i < envCount; i++) {
    if (d.chance(0.2))
      lines.push(`    - name: SECRET_${i}`, '      valueFrom:', '        secretKeyRef:', `          name: ${name}-secrets`, `          key: key-${i}`);
    else lines.push(`    - name: ${name.toUpperCase()}_SETTING_${i}`, `      value: "${d.int(100000)}"`);
  }
  const resources = d.int(4);
  if (resources === 1) lines.push('  resources:', '    requests:', '      cpu: 100m', '      memory: 128Mi', '    limits:', '      memory: 256Mi');
  else if (resources === 2)
    lines.push('  resources:', '    requests:', '      cpu: 500m', '      memory: 1Gi', '    limits:', '      cpu: 500m', '      memory: 1Gi');
  else if (resources === 3) lines.push('  resources:', '    limits:', '      memory: 512Mi');
  if (d.chance(0.6)) {
    lines.push('  readinessProbe:', '    httpGet:', '      path: /healthz', '      port: http', `    periodSeconds: ${5 + d.int(10)}`);
    lines.push('  livenessProbe:', '    exec:', '      command: ["cat", "/tmp/healthy"]', `    initialDelaySeconds: ${d.int(30)}`);
  }
  if (d.chance(0.4)) {
    lines.push('  lifecycle:', '    preStop:');
    if (d.chance(0.5)) lines.push('      exec:', `        command: ["sh", "-c", "sleep ${5 + d.int(60)}"]`);
    else lines.push('      sleep:', `        seconds: ${5 + d.int(40)}`);
  }
  if (d.chance(0.5)) lines.push('  securityContext:', '    runAsNonRoot: true', '    allowPrivilegeEscalation: false', '    readOnlyRootFilesystem: true');
  lines.push('  volumeMounts:', '    - name: config', '      mountPath: /etc/app');
  return lines.map((l) => indent + l).join('\n');
}

function podSpec(d: Dice, name: string, indent: string, restartPolicy?: string): string {
  const lines: string[] = [];
  if (restartPolicy) lines.push(`${indent}restartPolicy: ${restartPolicy}`);
  if (d.chance(0.4)) lines.push(`${indent}terminationGracePeriodSeconds: ${d.pick([10, 30, 60, 120])}`);
  if (d.chance(0.1)) lines.push(`${indent}shareProcessNamespace: true`);
  lines.push(`${indent}containers:`, containerYaml(d, name, `${indent}  `));
  if (d.chance(0.25)) lines.push(containerYaml(d, `${name}-sidecar`, `${indent}  `));
  lines.push(`${indent}volumes:`, `${indent}  - name: config`, `${indent}    configMap:`, `${indent}      name: ${name}-config`);
  return lines.join('\n');
}

function labels(name: string, team: string, indent: string): string {
  return [`${indent}labels:`, `${indent}  app.kubernetes.io/name: ${name}`, `${indent}  app.kubernetes.io/part-of: ${team}`, `${indent}  tier: backend`].join(
    '\n',
  );
}

function deployment(d: Dice, name: string, team: string, kind: 'Deployment' | 'StatefulSet'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${team}
${labels(name, team, '  ')}
spec:
  replicas: ${1 + d.int(5)}
${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
${labels(name, team, '      ')}
    spec:
${podSpec(d, name, '      ')}
`;
}

function service(d: Dice, name: string, team: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${team}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - port: 80
      targetPort: ${d.pick(['http', '8080'])}
`;
}

function configMap(d: Dice, name: string, team: string): string {
  const entries = Array.from({ length: 3 + d.int(20) }, (_, i) => `  setting_${i}: "${WORDS[d.int(WORDS.length)]}-${d.int(1e6)}"`).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${team}
data:
${entries}
  app.properties: |
    server.port=8080
    feature.${name}=true
`;
}

function job(d: Dice, name: string, team: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}-migrate
  namespace: ${team}
spec:
  backoffLimit: ${d.int(6)}
  template:
    spec:
${podSpec(d, `${name}-migrate`, '      ', d.pick(['Never', 'OnFailure']))}
`;
}

function cronJob(d: Dice, name: string, team: string): string {
  return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}-nightly
  namespace: ${team}
spec:
  schedule: "${d.int(60)} ${d.int(24)} * * *"
  jobTemplate:
    spec:
      template:
        spec:
${podSpec(d, `${name}-nightly`, '          ', 'OnFailure')}
`;
}

function jsonList(d: Dice, name: string, team: string): string {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-debug`, namespace: team },
    spec: {
      containers: [
        {
          name: 'debug',
          image: `busybox:1.${30 + d.int(7)}`,
          command: ['sleep', '3600'],
          ...(d.chance(0.5) ? { resources: { requests: { cpu: '10m', memory: '16Mi' } } } : {}),
        },
      ],
    },
  };
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-flags` }, data: { a: '1' } }] }, null, 2)}\n`;
}

/** One manifest file: 1–4 documents of the kinds an application directory holds. */
function manifestFile(d: Dice, index: number, team: string): { name: string; text: string; documents: number } {
  const name = `${d.pick(WORDS)}-${index}`;
  const shape = d.int(10);
  if (shape === 0) return { name: `${name}.json`, text: jsonList(d, name, team), documents: 1 };
  const docs: string[] = [];
  if (shape <= 4) docs.push(deployment(d, name, team, 'Deployment'), service(d, name, team));
  else if (shape === 5) docs.push(deployment(d, name, team, 'StatefulSet'), service(d, name, team));
  else if (shape === 6) docs.push(job(d, name, team));
  else if (shape === 7) docs.push(cronJob(d, name, team));
  else docs.push(configMap(d, name, team));
  if (d.chance(0.5)) docs.push(configMap(d, name, team));
  if (d.chance(0.15)) docs.push(service(d, `${name}-admin`, team));
  return { name: `${name}.yaml`, text: docs.join('---\n'), documents: docs.length };
}

const BASES = [
  { from: 'python:3.12-slim', cmd: (n: string) => `CMD gunicorn --bind 0.0.0.0:8080 ${n}:app`, install: 'RUN pip install --no-cache-dir -r requirements.txt' },
  { from: 'node:20-alpine', cmd: () => 'CMD ["node", "server.js"]', install: 'RUN npm ci --omit=dev' },
  {
    from: 'debian:bookworm-slim',
    cmd: (n: string) => `CMD /usr/local/bin/${n} --config /etc/${n}.conf`,
    install: 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*',
  },
  { from: 'ubuntu:24.04', cmd: (n: string) => `CMD ["/usr/local/bin/${n}"]`, install: 'RUN apt-get update && apt-get install -y tini' },
  { from: 'eclipse-temurin:21-jre', cmd: () => 'CMD ["java", "-jar", "/app/app.jar"]', install: 'RUN mkdir -p /app/logs' },
  { from: 'nginx:1.27', cmd: () => 'CMD nginx', install: 'RUN rm -f /etc/nginx/conf.d/default.conf' },
] as const;

function dockerfile(d: Dice, name: string): { dockerfile: string; files: Record<string, string>; executable: boolean } {
  const base = d.pick(BASES);
  const multiStage = d.chance(0.35);
  const useEntrypoint = d.chance(0.5);
  const executable = d.chance(0.8);
  const lines: string[] = ['# syntax=docker/dockerfile:1'];
  if (multiStage) {
    lines.push(
      'FROM golang:1.23 AS build',
      'WORKDIR /src',
      'COPY go.mod ./',
      'RUN go mod download',
      'COPY . .',
      `RUN CGO_ENABLED=0 go build -o /out/${name} ./cmd/${name}`,
      '',
    );
  }
  lines.push(`FROM ${base.from}`, 'ARG VERSION=dev', `ENV APP_NAME=${name} \\`, '    APP_VERSION=${VERSION} \\', '    LOG_LEVEL=info', 'WORKDIR /app');
  lines.push('COPY requirements.txt package.json ./', base.install);
  if (multiStage) lines.push(`COPY --from=build /out/${name} /usr/local/bin/${name}`);
  lines.push('COPY . .');
  if (d.chance(0.3)) lines.push('RUN set -eux; \\', '    groupadd -r app && useradd -r -g app app; \\', '    chown -R app:app /app');
  if (useEntrypoint) {
    lines.push('COPY docker-entrypoint.sh /usr/local/bin/');
    if (d.chance(0.3)) lines.push('RUN chmod +x /usr/local/bin/docker-entrypoint.sh');
    lines.push('ENTRYPOINT ["docker-entrypoint.sh"]');
  }
  if (d.chance(0.4)) lines.push(`USER ${d.pick(['10001', 'app', 'nobody'])}`);
  if (d.chance(0.2)) lines.push('STOPSIGNAL SIGQUIT');
  lines.push('EXPOSE 8080', base.cmd(name));
  const trap = d.chance(0.3);
  const entry = [
    '#!/bin/sh',
    'set -e',
    trap ? "trap 'kill -TERM $child; wait $child' TERM" : '# no signal handling',
    'if [ -n "$APP_CONFIG" ]; then',
    '  cp "$APP_CONFIG" /etc/app/config.yaml',
    'fi',
    d.chance(0.7) ? 'exec "$@"' : '"$@"',
    '',
  ].join('\n');
  return {
    dockerfile: `${lines.join('\n')}\n`,
    files: {
      'docker-entrypoint.sh': entry,
      'requirements.txt': 'flask==3.0.3\ngunicorn==22.0.0\n',
      'package.json': `{ "name": "${name}", "version": "1.0.0" }\n`,
      'go.mod': `module example.com/${name}\n\ngo 1.23\n`,
      '.dockerignore': 'node_modules\n.git\n',
      [`cmd/${name}/main.go`]: 'package main\n\nfunc main() {}\n',
    },
    executable,
  };
}

export interface CorpusOptions {
  readonly root: string;
  readonly manifestFiles?: number;
  readonly dockerfiles?: number;
  readonly seed?: number;
  /** The demo repository copied in (fixtures/demo). */
  readonly demoDir?: string;
}

/** Writes the corpus unless a complete one of the same version and size is already there. */
export async function ensureCorpus(options: CorpusOptions): Promise<CorpusLayout> {
  const manifestCount = options.manifestFiles ?? 10_000;
  const dockerfileCount = options.dockerfiles ?? 2_000;
  const seed = options.seed ?? 20261121;
  const stamp = path.join(options.root, 'corpus.json');
  const key = { version: CORPUS_VERSION, manifestCount, dockerfileCount, seed };
  try {
    const saved = JSON.parse(await readFile(stamp, 'utf8')) as { key: typeof key; layout: CorpusLayout };
    if (JSON.stringify(saved.key) === JSON.stringify(key)) return saved.layout;
  } catch {
    // no corpus yet: write it
  }
  await rm(options.root, { recursive: true, force: true });
  const d = new Dice(seed);
  const manifestsDir = path.join(options.root, 'manifests');
  let documents = 0;
  for (let i = 0; i < manifestCount; i++) {
    const team = `team-${String(i % 100).padStart(2, '0')}`;
    const dir = path.join(manifestsDir, team);
    if (i < 100) await mkdir(dir, { recursive: true });
    const file = manifestFile(d, i, team);
    documents += file.documents;
    await writeFile(path.join(dir, file.name), file.text);
  }
  const servicesDirs = [path.join(options.root, 'services', 'part-1'), path.join(options.root, 'services', 'part-2')];
  const dockerfiles: string[] = [];
  for (let i = 0; i < dockerfileCount; i++) {
    const name = `${d.pick(WORDS)}${i}`;
    const dir = path.join(servicesDirs[i < dockerfileCount / 2 ? 0 : 1] as string, name);
    const generated = dockerfile(d, name);
    await mkdir(path.join(dir, 'cmd', name), { recursive: true });
    for (const [rel, text] of Object.entries(generated.files)) await writeFile(path.join(dir, rel), text);
    await chmod(path.join(dir, 'docker-entrypoint.sh'), generated.executable ? 0o755 : 0o644);
    await writeFile(path.join(dir, 'Dockerfile'), generated.dockerfile);
    dockerfiles.push(path.join(dir, 'Dockerfile'));
  }
  if (options.demoDir) await cp(options.demoDir, path.join(options.root, 'demo'), { recursive: true });
  const layout: CorpusLayout = { root: options.root, manifestsDir, servicesDirs, dockerfiles, manifestFiles: manifestCount, manifestDocuments: documents };
  await writeFile(stamp, JSON.stringify({ key, layout }));
  return layout;
}
