import { defineRule } from '../src/engine/rule.js';
import { OOM_REPORT } from '../src/knowledge/runtime-reports.js';
import { heapSettings, type HeapSetting } from '../src/model/workload/heap.js';
import { parseQuantity, quantityValue } from '../src/model/workload/quantity.js';
import { allContainers } from '../src/predict/joined.js';

const MiB = 1024 ** 2;
/** A heap this close to the limit leaves too little for metaspace, threads and buffers. */
const NEAR = 0.9;

/**
 * What the kubelet shows after the OOM kill (OOM_REPORT). `maybeChild`: the heap is set where a
 * process other than PID 1 reads it (JAVA_OPTS through a start script, NODE_OPTIONS under
 * `npm start`), so the victim may be PID 1's child: the whole container is killed on cgroup v2
 * (memory.oom.group), only the child on cgroup v1.
 */
function oomOutcome(program: string, maybeChild: boolean): string {
  const pid1 = OOM_REPORT.pid1Killed;
  const child = OOM_REPORT.childKilled;
  const pid1Text = `${pid1.reason}, exit ${pid1.exitCode}`;
  if (!maybeChild) return pid1Text;
  return `${pid1Text} when ${program} is PID 1; when it runs as a child of PID 1 (a start script that does not exec it, npm start), cgroup v2 nodes (Kubernetes 1.28+) kill the whole container: ${child.reason}, exit ${child.groupKill.exitCode}; on cgroup v1 (or with the kubelet's singleProcessOOMKill) only the child dies, and the exit code is whatever PID 1 then exits with`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}

export default defineRule({
  meta: {
    id: 'heap-exceeds-memory-limit',
    title: 'JVM or Node heap setting at or above the memory limit: OOMKilled (137)',
    severity: 'error',
    predicts: { exitCode: 137, reason: 'OOMKilled', phase: 'oom' },
    messages: {
      heapOverLimit:
        'Container {{container}}: {{flag}} ({{source}}) allows a {{heap}} heap but the memory limit is {{limit}} ({{limitMib}}); {{what}}, so once the heap fills{{script}} the kernel kills it: {{outcome}}. Lower the heap to about 75 % of the limit or raise the limit.',
      heapNearLimit:
        'Container {{container}}: {{flag}} ({{source}}) lets the heap reach {{heap}} of a {{limit}} memory limit; {{what}}, so little is left and an OOM kill is likely under load{{script}} ({{outcome}}). Keep the heap near 75 % of the limit.',
      percentOutOfRange: `Container {{container}}: {{flag}} ({{source}}) is outside HotSpot's range 0–100; the JVM refuses to start ("Could not create the Java Virtual Machine"): exit 1, then CrashLoopBackOff. Use a percentage such as 75.`,
    },
    doc: {
      whatItPredicts:
        "Under load the heap grows past the container's memory limit and the kernel OOM-kills the process: reason OOMKilled, exit code 137, then restarts and CrashLoopBackOff. When the killed process is a child of PID 1 (JAVA_OPTS read by a start script that does not `exec` java, NODE_OPTIONS under `npm start`), a cgroup v2 node kills the whole container (137); on cgroup v1, or with the kubelet's singleProcessOOMKill, only the child dies: the reason is still OOMKilled but the exit code is PID 1's own status. `-XX:MaxRAMPercentage` above 100 makes the JVM refuse to start (exit 1).",
      why: "The memory limit is the cgroup limit; the kernel kills the container when it is exceeded (containerd internal/cri/server/helpers.go reports reason OOMKilled, exit code 137). The reason comes from the memory cgroup's OOM event, not from the exit code (containerd internal/cri/server/events.go, moby daemon/monitor.go): since Kubernetes 1.28 the kubelet sets memory.oom.group on cgroup v2 (kubernetes/kubernetes#117793), so a child's OOM kill takes the whole container with it (137); on cgroup v1, or with the kubelet's singleProcessOOMKill (kubernetes/kubernetes#126096), only the child dies, and the exit code is PID 1's (lab case `oom-child`, cgroup v1: OOMKilled with exit 0 under docker and containerd). A JVM needs its heap plus metaspace, code cache, thread stacks and direct buffers, so a heap (`-Xmx`, read from the command line, JAVA_TOOL_OPTIONS before it and _JAVA_OPTIONS after it) at or above the limit is certain to be killed once the heap fills; V8's `--max-old-space-size` (MiB, from the command line or NODE_OPTIONS) likewise bounds only the old generation. HotSpot declares `MaxRAMPercentage` with `range(0.0, 100.0)` (src/hotspot/share/gc/shared/gc_globals.hpp), so a larger value is rejected at start (\"Could not create the Java Virtual Machine\", exit 1). JAVA_OPTS is not read by the JVM itself, only by start scripts that pass it on.",
      example: 'env:\n- name: JAVA_TOOL_OPTIONS\n  value: -Xmx1g\nresources:\n  limits:\n    memory: 1Gi',
      fix: 'Keep the heap well below the limit (about 75 %), or size it from the limit with `-XX:MaxRAMPercentage=75`; for Node set `--max-old-space-size` to about 75 % of the limit in MiB.',
      references: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits',
        'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
        'https://nodejs.org/api/cli.html#--max-old-space-sizesize-in-mib',
      ],
    },
  },

  create: (context) => ({
    workload(workload) {
      for (const container of allContainers(workload)) {
        const settings = heapSettings(container);
        if (settings.length === 0) continue;
        for (const bad of settings.filter((s) => s.percent !== undefined && s.percent > 100))
          context.report({
            at: workload.at(bad.path),
            exitCode: 1,
            reason: 'Error',
            phase: 'start',
            messageId: 'percentOutOfRange',
            data: { container: container.name, flag: bad.flag, source: bad.source },
          });
        const limit = parseQuantity(container.limits.memory);
        if (!limit) continue;
        const limitBytes = quantityValue(limit);
        if (limitBytes <= 0) continue;
        for (const runtime of ['jvm', 'node'] as const) {
          // The last setting the runtime reads wins; JAVA_OPTS only when nothing the JVM reads itself sets the heap.
          const sized = settings.filter((s): s is HeapSetting & { bytes: number } => s.runtime === runtime && s.bytes !== undefined);
          const direct = sized.filter((s) => !s.viaScript);
          const heap = (direct.length > 0 ? direct : sized).at(-1);
          if (!heap || heap.bytes < limitBytes * NEAR) continue;
          const what = runtime === 'jvm' ? 'the JVM needs heap + metaspace + thread stacks' : 'Node needs the old generation + new space + code and buffers';
          const script = heap.viaScript ? ' if the start script passes JAVA_OPTS to java' : '';
          const over = heap.bytes >= limitBytes;
          const maybeChild = heap.viaScript || (runtime === 'node' && heap.source.startsWith('env '));
          context.report({
            at: workload.at(heap.path),
            severity: over && !heap.viaScript ? 'error' : 'warning',
            exitCode: OOM_REPORT.pid1Killed.exitCode,
            reason: OOM_REPORT.pid1Killed.reason,
            messageId: over ? 'heapOverLimit' : 'heapNearLimit',
            data: {
              container: container.name,
              flag: heap.flag,
              source: heap.source,
              heap: mib(heap.bytes),
              limit: limit.text,
              limitMib: mib(limitBytes),
              what,
              script,
              outcome: oomOutcome(runtime === 'jvm' ? 'java' : 'node', maybeChild),
            },
            related: [{ at: workload.at([...container.path, 'resources', 'limits', 'memory']), message: `memory limit ${limit.text}` }],
          });
        }
      }
    },
  }),
});
