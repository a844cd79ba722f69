import { defineRule } from '../src/engine/rule.js';
import { WRITING_IMAGES, type WritingImage } from '../src/knowledge/writable-paths.js';
import { containerField } from '../src/model/workload/security-context.js';
import type { JoinedContainer } from '../src/model/join.js';
import { allContainers } from '../src/predict/joined.js';
import { describeJoin, joinRelated } from './support/phrases.js';

/** The known writing program this container runs, when lint-k8s can tell. */
function writingImage(container: JoinedContainer): WritingImage | undefined {
  const joined = container.joined;
  const repository = joined?.stage.base?.repository;
  const known = WRITING_IMAGES.find((w) => w.repository === repository);
  if (!joined || !known) return undefined;
  // A config copied in by the Dockerfile may move the paths (temp paths, pid, socket directory).
  const movesConfig = joined.stage.fsOps.some((op) => op.kind === 'place' && (op.dest === known.configDir || op.dest.startsWith(`${known.configDir}/`)));
  if (movesConfig) return undefined;
  // The program must be what runs: directly, or behind the image's docker-entrypoint.sh.
  const argv = joined.startup?.command?.argv ?? [];
  const runs = argv.slice(0, 2).some((word) => word.slice(word.lastIndexOf('/') + 1) === known.program);
  return runs ? known : undefined;
}

export default defineRule({
  meta: {
    id: 'read-only-root-writes',
    title: 'readOnlyRootFilesystem with an image that must write outside its volumes (nginx, postgres): exit 1',
    severity: 'error',
    predicts: { exitCode: 1, reason: 'Error', phase: 'start' },
    messages: {
      writesReadOnlyRoot: `Container {{container}} ({{part}}): the root file system is read-only and no volume is mounted at {{part2}}, so {{program}} fails at start with "{{error}}" and exits {{exitCode}}, then CrashLoopBackOff. Mount an emptyDir at {{part3}}.`,
    },
    doc: {
      whatItPredicts:
        'The program fails at start because it cannot create its files on the read-only root file system and exits 1 (nginx: `mkdir() "/var/cache/nginx/client_temp" failed (30: Read-only file system)` or `open() "/var/run/nginx.pid" failed`; postgres: `could not create lock file "/var/run/postgresql/.s.PGSQL.5432.lock": Read-only file system`); the container restarts into CrashLoopBackOff.',
      why: "With `readOnlyRootFilesystem: true` the runtime mounts the container's root read-only; only volumes are writable. The official nginx image writes its temp files under /var/cache/nginx and its pid to /var/run at start, and postgres its socket lock file to /var/run/postgresql; both exit 1 when that fails (source and lab measurement in src/knowledge/writable-paths.ts). Directories the image declares as VOLUME (postgres data) get a writable volume from containerd. Only images lint-k8s knows (joined, or a known public image) running that program are checked, and not when the Dockerfile copies its own config.",
      example: 'containers:\n- name: web\n  image: nginx:1.27\n  securityContext:\n    readOnlyRootFilesystem: true',
      fix: 'Mount an emptyDir at each directory the program writes: for nginx /var/cache/nginx and /var/run; for postgres /var/run/postgresql (and a volume for the data).',
      references: [
        'https://github.com/docker-library/docs/tree/master/nginx#running-nginx-in-read-only-mode',
        'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        const readOnly = containerField(container, 'readOnlyRootFilesystem');
        if (readOnly?.value !== true || !container.joined) continue;
        const known = writingImage(container);
        if (!known) continue;
        const mounts = container.fields.mountPaths;
        const missing = known.paths.filter((p) => !p.coveredBy.some((m) => mounts.has(m)));
        const [first] = missing;
        if (!first) continue;
        context.report({
          at: workload.at(readOnly.path),
          exitCode: known.exitCode,
          messageId: 'writesReadOnlyRoot',
          data: {
            container: container.name,
            part: describeJoin(container, container.joined),
            part2: missing.map((p) => p.dir).join(' or '),
            program: known.program,
            error: first.error,
            exitCode: known.exitCode,
            part3: missing.map((p) => p.dir).join(' and '),
          },
          related: joinRelated(container.joined),
        });
      }
    },
  }),
});
