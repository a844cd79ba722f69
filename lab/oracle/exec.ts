/** Runs a command and returns its status and output; never throws for a non-zero exit. */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { SpawnOptions } from 'node:child_process';

export interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Piped to stdin; a function gets the child's stdin stream to pipe into. */
  readonly stdin?: string | ((stdin: NodeJS.WritableStream) => void);
}

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    const spawnOpts: SpawnOptions = { stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: opts.env ?? process.env };
    if (opts.cwd !== undefined) spawnOpts.cwd = opts.cwd;
    const child = spawn(cmd, args, spawnOpts);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = opts.timeoutMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      resolve({ code: 127, signal: null, stdout, stderr: stderr + String(e.message), ms: Date.now() - started });
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin?.on('error', () => {}); // the command may exit without reading it
    if (typeof opts.stdin === 'function' && child.stdin) opts.stdin(child.stdin);
    else if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  });
}

/** Like run, but a non-zero exit is an error with the command's stderr. */
export async function must(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${String(r.code ?? r.signal)}: ${(r.stderr || r.stdout).trim().slice(-800)}`);
  return r;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Which of `names` is on PATH (first hit), if any. */
export async function which(name: string): Promise<string | undefined> {
  const r = await run('sh', ['-c', 'command -v "$1"', 'sh', name]);
  const path = r.stdout.trim();
  return r.code === 0 && path.startsWith('/') ? path : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a daemon the oracle started (dockerd, containerd) by its PID: SIGTERM, up to 10 s,
 * then SIGKILL; then unmounts what is left under its own directory and removes it.
 */
export async function stopDaemon(pid: number, dir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  await run('sh', ['-c', `grep -o " ${dir}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l`]);
  await rm(dir, { recursive: true, force: true });
}
