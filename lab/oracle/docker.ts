/**
 * The oracle's own dockerd: data root in the lab cache (images survive between runs), exec
 * root and socket in a temporary directory, no bridge and no iptables (the default bridge
 * rewrites the machine's firewall). Stopped by its PID at the end.
 */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { openSync, closeSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, run, sleep, stopDaemon } from './exec.js';
import type { Ran } from './exec.js';
import type { Observed } from './compare.js';

export interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  readonly workdir: string;
  readonly user: string;
  readonly stopSignal: string;
}

export interface RunSpec {
  readonly image: string;
  /** `--memory` (and the same `--memory-swap`), e.g. `64m`. */
  readonly memory?: string;
  /** How long the container runs before the stop signal (ms). */
  readonly settleMs: number;
  /** Stop as soon as the container's output holds this text (+300 ms), at the latest after settleMs. */
  readonly readyLog?: string;
  /** Grace period between the stop signal and SIGKILL (s). */
  readonly graceSeconds: number;
}

export class Docker {
  readonly env: NodeJS.ProcessEnv;
  private constructor(
    readonly command: string,
    private readonly pid: number,
    private readonly tmp: string,
    readonly version: string,
  ) {
    this.env = { ...process.env, DOCKER_HOST: `unix://${join(tmp, 'docker.sock')}`, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: join(tmp, 'client') };
  }

  /** Starts dockerd; `dataRoot` persists, everything else is in a fresh temporary directory. */
  static async start(dataRoot: string): Promise<Docker> {
    const command = (await run('test', ['-x', '/usr/bin/docker'])).code === 0 ? '/usr/bin/docker' : 'docker';
    const tmp = await mkdtemp(join(tmpdir(), 'lab-dockerd-'));
    await mkdir(dataRoot, { recursive: true });
    const logFd = openSync(join(tmp, 'dockerd.log'), 'a');
    const daemon = spawn(
      'dockerd',
      [
        `--data-root=${dataRoot}`,
        `--exec-root=${join(tmp, 'exec')}`,
        `--host=unix://${join(tmp, 'docker.sock')}`,
        `--pidfile=${join(tmp, 'docker.pid')}`,
        '--bridge=none',
        '--iptables=false',
        '--ip6tables=false',
        '--ip-forward=false',
        '--ip-masq=false',
        '--userland-proxy=false',
        '--log-level=warn',
      ],
      { stdio: ['ignore', logFd, logFd], detached: true },
    );
    closeSync(logFd);
    daemon.unref();
    const pid = daemon.pid;
    if (pid === undefined) throw new Error('dockerd did not start');
    const docker = new Docker(command, pid, tmp, '');
    for (let i = 0; i < 150; i++) {
      const v = await docker.cli(['version', '--format', '{{.Server.Version}}']);
      if (v.code === 0) return new Docker(command, pid, tmp, v.stdout.trim());
      if (daemon.exitCode !== null) break;
      await sleep(200);
    }
    const log = await readFile(join(tmp, 'dockerd.log'), 'utf8').catch(() => '');
    await docker.stop();
    throw new Error(`dockerd did not come up: ${log.trim().split('\n').slice(-3).join(' | ')}`);
  }

  cli(args: readonly string[], timeoutMs = 120_000): Promise<Ran> {
    return run(this.command, args, { env: this.env, timeoutMs });
  }

  async build(context: string, tag: string): Promise<Ran> {
    return must(this.command, ['build', '--quiet', '--network=none', '--tag', tag, context], { env: this.env, timeoutMs: 300_000 });
  }

  async imageConfig(image: string): Promise<ImageConfig> {
    const r = await must(this.command, ['image', 'inspect', '--format', '{{json .Config}}', image], { env: this.env });
    const c = JSON.parse(r.stdout) as {
      Entrypoint?: string[] | null;
      Cmd?: string[] | null;
      Env?: string[] | null;
      WorkingDir?: string;
      User?: string;
      StopSignal?: string;
    };
    return {
      entrypoint: c.Entrypoint ?? [],
      cmd: c.Cmd ?? [],
      env: c.Env ?? [],
      workdir: c.WorkingDir || '/',
      user: c.User ?? '',
      stopSignal: c.StopSignal || 'SIGTERM',
    };
  }

  /** The image's layer directories, top first (overlay2 driver). */
  async layers(image: string): Promise<string[]> {
    const r = await must(this.command, ['image', 'inspect', '--format', '{{json .GraphDriver.Data}}', image], { env: this.env });
    const d = JSON.parse(r.stdout) as { UpperDir?: string; LowerDir?: string };
    return [d.UpperDir, ...(d.LowerDir?.split(':') ?? [])].filter((x): x is string => x !== undefined && x !== '');
  }

  /**
   * Runs the image and stops it the kubelet's way: `docker stop -t GRACE` sends the image's
   * STOPSIGNAL, waits the grace period, then SIGKILL.
   */
  async runAndStop(spec: RunSpec): Promise<Observed> {
    const name = `lab-${Math.random().toString(36).slice(2, 10)}`;
    const limits = spec.memory !== undefined ? ['--memory', spec.memory, '--memory-swap', spec.memory] : [];
    const started = await this.cli(['run', '--detach', '--name', name, '--network', 'none', ...limits, spec.image]);
    try {
      if (started.code !== 0) {
        const state = await this.state(name);
        return {
          phase: 'create',
          exitCode: started.code,
          stateExitCode: state?.ExitCode ?? null,
          oomKilled: false,
          error: state?.Error || lastLine(started.stderr),
          logs: '',
        };
      }
      let state = await this.state(name);
      const deadline = Date.now() + spec.settleMs;
      while (state?.Running === true && Date.now() < deadline) {
        if (spec.readyLog !== undefined) {
          const out = await this.cli(['logs', name]);
          if ((out.stdout + out.stderr).includes(spec.readyLog)) {
            await sleep(300);
            state = await this.state(name);
            break;
          }
        }
        await sleep(100);
        state = await this.state(name);
      }
      let pid1: string | undefined;
      let stopMs: number | undefined;
      const exitedBefore = state?.Running !== true;
      if (!exitedBefore) {
        pid1 = (await readFile(`/proc/${String(state?.Pid)}/comm`, 'utf8').catch(() => '')).trim() || undefined;
        const t = Date.now();
        await this.cli(['stop', '--time', String(spec.graceSeconds), name]);
        stopMs = Date.now() - t;
        state = await this.state(name);
      }
      const logs = await this.cli(['logs', name]);
      return {
        phase: exitedBefore ? 'exited' : 'stop',
        exitCode: state?.ExitCode ?? null,
        stateExitCode: state?.ExitCode ?? null,
        oomKilled: state?.OOMKilled === true,
        error: state?.Error ?? '',
        pid1,
        stopMs,
        logs: logs.stdout + logs.stderr,
      };
    } finally {
      await this.cli(['rm', '--force', name]);
    }
  }

  private async state(name: string): Promise<DockerState | undefined> {
    const r = await this.cli(['inspect', '--format', '{{json .State}}', name]);
    return r.code === 0 ? (JSON.parse(r.stdout) as DockerState) : undefined;
  }

  /** Stops dockerd (and the containerd it started) by PID and removes the temporary directory. */
  async stop(): Promise<void> {
    // dockerd unmounts its own overlay mounts; anything left under the exec root is ours to remove.
    await stopDaemon(this.pid, this.tmp);
  }
}

interface DockerState {
  readonly Running: boolean;
  readonly OOMKilled: boolean;
  readonly Pid: number;
  readonly ExitCode: number;
  readonly Error: string;
}

const lastLine = (s: string): string => s.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
