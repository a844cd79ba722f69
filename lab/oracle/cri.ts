/**
 * containerd's CRI path, driven for real: the oracle's own containerd 1.6 (root in the lab
 * cache so imported images survive between runs; state and socket in a temporary directory;
 * CRI plugin on, no CNI), the case images imported from the
 * oracle's dockerd into the `k8s.io` namespace (`docker save | ctr images import`), and each
 * case run the way the kubelet runs a container: RunPodSandbox (host network, so no CNI
 * plugin is called) → CreateContainer → StartContainer → StopContainer(grace) →
 * ContainerStatus (state, exit code, reason) → RemovePodSandbox.
 *
 * The client is @grpc/grpc-js with a subset of the CRI API (cri/runtime-v1-subset.proto).
 * `crictl` is not packaged in Debian bookworm.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { must, sleep, stopDaemon } from './exec.js';
import type { Observed } from './compare.js';
import type { Docker } from './docker.js';

/** The sandbox ("pause") image: busybox sleep stands in for registry.k8s.io/pause. */
export const PAUSE_IMAGE = 'lab/pause:busybox';

export interface CriRunSpec {
  /** The image's ID in dockerd (`sha256:…`): the same ID in containerd after the import. */
  readonly imageId: string;
  readonly memoryBytes?: number;
  readonly settleMs: number;
  readonly readyLog?: string;
  readonly graceSeconds: number;
}

interface ContainerStatus {
  readonly state: 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
  readonly exit_code: number;
  readonly reason: string;
  readonly message: string;
}

type Call = (request: object, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response: unknown) => void) => void;
type RuntimeClient = grpc.Client & Record<string, Call>;

/** Node names of the calls this module makes, as in the proto. */
type Method =
  | 'Version'
  | 'RunPodSandbox'
  | 'StopPodSandbox'
  | 'RemovePodSandbox'
  | 'CreateContainer'
  | 'StartContainer'
  | 'StopContainer'
  | 'RemoveContainer'
  | 'ContainerStatus';

const NODE = 'NODE';
const CONTAINER = 'CONTAINER';

function containerdConfig(dir: string, root: string): string {
  // TOML, containerd config version 2 (containerd 1.6 docs/cri/config.md).
  return `version = 2
root = "${root}"
state = "${dir}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = "${dir}/containerd.sock"
[ttrpc]
  address = "${dir}/containerd.sock.ttrpc"
[plugins."io.containerd.internal.v1.opt"]
  path = "${dir}/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/${PAUSE_IMAGE}"
  # Without CAP_SYS_RESOURCE for oom_score_adj the sandbox fails ("can't get final child's PID from pipe").
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${dir}/cni/bin"
    conf_dir = "${dir}/cni/net.d"
`;
}

export class Cri {
  private constructor(
    private readonly pid: number,
    private readonly dir: string,
    private readonly client: RuntimeClient,
    readonly version: string,
  ) {}

  get socket(): string {
    return join(this.dir, 'containerd.sock');
  }

  /**
   * Starts containerd with the CRI plugin: `root` persists (content and snapshots), the rest
   * is in a fresh temporary directory. `protoPath`: the CRI proto subset.
   */
  static async start(protoPath: string, root: string): Promise<Cri> {
    const dir = await mkdtemp(join(tmpdir(), 'lab-containerd-'));
    await Promise.all([root, ...['state', 'opt', 'cni/bin', 'cni/net.d', 'logs'].map((d) => join(dir, d))].map((d) => mkdir(d, { recursive: true })));
    await writeFile(join(dir, 'config.toml'), containerdConfig(dir, root));
    const logFd = openSync(join(dir, 'containerd.log'), 'a');
    const daemon = spawn('containerd', ['--config', join(dir, 'config.toml'), '--log-level', 'warn'], { stdio: ['ignore', logFd, logFd], detached: true });
    closeSync(logFd);
    daemon.unref();
    const pid = daemon.pid;
    if (pid === undefined) throw new Error('containerd did not start');
    const definition = protoLoader.loadSync(protoPath, { keepCase: true, longs: Number, enums: String, defaults: true });
    const pkg = grpc.loadPackageDefinition(definition) as unknown as { runtime: { v1: { RuntimeService: grpc.ServiceClientConstructor } } };
    const client = new pkg.runtime.v1.RuntimeService(`unix://${join(dir, 'containerd.sock')}`, grpc.credentials.createInsecure()) as unknown as RuntimeClient;
    const cri = new Cri(pid, dir, client, '');
    for (let i = 0; i < 100; i++) {
      const v = await cri.call<{ runtime_version: string }>('Version', {}, 2_000).catch(() => undefined);
      if (v !== undefined) return new Cri(pid, dir, client, v.runtime_version);
      if (daemon.exitCode !== null) break;
      await sleep(200);
    }
    const log = await readFile(join(dir, 'containerd.log'), 'utf8').catch(() => '');
    await cri.stop();
    throw new Error(`containerd's CRI did not come up: ${log.trim().split('\n').slice(-3).join(' | ')}`);
  }

  private call<T>(method: Method, request: object, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const f = this.client[method];
      if (f === undefined) {
        reject(new Error(`CRI: no method ${method}`));
        return;
      }
      const deadline = new Date(Date.now() + timeoutMs);
      f.call(this.client, request, { deadline }, (error: grpc.ServiceError | null, response: unknown) =>
        error ? reject(new Error(`CRI ${method}: ${error.details || error.message}`)) : resolve(response as T),
      );
    });
  }

  /**
   * Imports the images whose ID containerd does not have yet, in one `docker save` stream
   * (layers shared between images are written once).
   */
  async importImages(docker: Docker, images: readonly string[]): Promise<void> {
    const ctr = ['--address', this.socket, '--namespace', 'k8s.io'];
    const have = new Set((await must('ctr', [...ctr, 'images', 'ls', '--quiet'])).stdout.split('\n'));
    const ids = await Promise.all(images.map(async (i) => (await docker.cli(['image', 'inspect', '--format', '{{.Id}}', i])).stdout.trim()));
    const missing = images.filter((_, n) => !have.has(ids[n] ?? ''));
    if (missing.length === 0) return;
    const script = `${docker.command} save ${missing.map((m) => JSON.stringify(m)).join(' ')} | ctr ${ctr.join(' ')} images import -`;
    await must('bash', ['-o', 'pipefail', '-c', script], { env: docker.env, timeoutMs: 600_000 });
  }

  /** One container in its own host-network pod, stopped like the kubelet stops it. */
  async runAndStop(spec: CriRunSpec): Promise<Observed> {
    const name = `lab-${Math.random().toString(36).slice(2, 10)}`;
    const logDir = join(this.dir, 'logs', name);
    await mkdir(logDir, { recursive: true });
    const sandboxConfig = {
      metadata: { name, uid: name, namespace: 'lab', attempt: 0 },
      log_directory: logDir,
      linux: { security_context: { namespace_options: { network: NODE, pid: CONTAINER, ipc: 'POD' } } },
    };
    const { pod_sandbox_id: sandbox } = await this.call<{ pod_sandbox_id: string }>('RunPodSandbox', { config: sandboxConfig });
    try {
      const memory = spec.memoryBytes !== undefined ? { memory_limit_in_bytes: spec.memoryBytes, memory_swap_limit_in_bytes: spec.memoryBytes } : {};
      const { container_id: id } = await this.call<{ container_id: string }>('CreateContainer', {
        pod_sandbox_id: sandbox,
        config: {
          metadata: { name: 'case', attempt: 0 },
          image: { image: spec.imageId },
          log_path: 'case.log',
          // The kubelet's default: no shared PID namespace, so the image's program is PID 1.
          linux: { resources: memory, security_context: { namespace_options: { network: NODE, pid: CONTAINER, ipc: 'POD' } } },
        },
        sandbox_config: sandboxConfig,
      });
      const logs = async (): Promise<string> => readFile(join(logDir, 'case.log'), 'utf8').catch(() => '');
      const started = await this.call('StartContainer', { container_id: id }).then(
        () => undefined,
        (e: Error) => e,
      );
      if (started !== undefined) {
        const s = await this.status(id);
        return {
          phase: 'create',
          exitCode: s.status.exit_code,
          reason: s.status.reason,
          oomKilled: false,
          error: s.status.message || started.message,
          logs: await logs(),
        };
      }
      let s = await this.status(id);
      const deadline = Date.now() + spec.settleMs;
      while (s.status.state === 'CONTAINER_RUNNING' && Date.now() < deadline) {
        if (spec.readyLog !== undefined && (await logs()).includes(spec.readyLog)) {
          await sleep(300);
          s = await this.status(id);
          break;
        }
        await sleep(100);
        s = await this.status(id);
      }
      const exitedBefore = s.status.state !== 'CONTAINER_RUNNING';
      let pid1: string | undefined;
      let stopMs: number | undefined;
      if (!exitedBefore) {
        const pid = (JSON.parse(s.info.info ?? '{}') as { pid?: number }).pid;
        if (pid !== undefined) pid1 = (await readFile(`/proc/${String(pid)}/comm`, 'utf8').catch(() => '')).trim() || undefined;
        const t = Date.now();
        // containerd sends the image's STOPSIGNAL, waits `timeout` seconds, then SIGKILL.
        await this.call('StopContainer', { container_id: id, timeout: spec.graceSeconds }, (spec.graceSeconds + 30) * 1000);
        stopMs = Date.now() - t;
        s = await this.status(id);
      }
      // The exit is recorded from the task's exit event: give containerd a moment to process it.
      for (let i = 0; i < 50 && s.status.state !== 'CONTAINER_EXITED'; i++) {
        await sleep(100);
        s = await this.status(id);
      }
      if (s.status.state !== 'CONTAINER_EXITED') throw new Error(`CRI: container still ${s.status.state} after the stop (${JSON.stringify(s.status)})`);
      return {
        phase: exitedBefore ? 'exited' : 'stop',
        exitCode: s.status.exit_code,
        reason: s.status.reason,
        oomKilled: s.status.reason === 'OOMKilled',
        error: s.status.message,
        pid1,
        stopMs,
        logs: await logs(),
      };
    } finally {
      await this.call('StopPodSandbox', { pod_sandbox_id: sandbox }).catch(() => undefined);
      await this.call('RemovePodSandbox', { pod_sandbox_id: sandbox }).catch(() => undefined);
      await rm(logDir, { recursive: true, force: true });
    }
  }

  private status(id: string): Promise<{ status: ContainerStatus; info: Record<string, string> }> {
    return this.call('ContainerStatus', { container_id: id, verbose: true });
  }

  /** Stops containerd by its PID (its shims exit with their containers), unmounts what is left under its directory. */
  async stop(): Promise<void> {
    this.client.close();
    await stopDaemon(this.pid, this.dir);
  }
}
