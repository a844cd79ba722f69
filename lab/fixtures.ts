/**
 * Small programs the lab runs: Go binaries built once per machine (cached), Java/Node/Python
 * sources, an nginx configuration. Each prints `ready` once its signal handlers are installed,
 * so the stop signal never arrives before the program could react to it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lookPath } from './pid1.js';

const run = promisify(execFile);

export const READY = 'ready';

/** Blocks forever with the Go runtime's default signal handling. */
export const GO_BLOCK = `package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("${READY}")
	for {
		time.Sleep(time.Hour)
	}
}
`;

/** Asks for SIGTERM with signal.Notify and exits 0 when it arrives. */
export const GO_NOTIFY = `package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	fmt.Println("${READY}")
	<-c
	os.Exit(0)
}
`;

/**
 * What runc's container init does with args[0] (libcontainer/standard_init_linux.go):
 * exec.LookPath before start (a failure is a create-time error), then a raw execve
 * (no shell fallback on ENOEXEC) after start. Prints "<phase> <errno> <message>".
 */
export const RUNC_EXEC = `package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
)

func errno(err error) int {
	var e syscall.Errno
	if errors.As(err, &e) {
		return int(e)
	}
	if errors.Is(err, fs.ErrPermission) {
		return int(syscall.EACCES)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return int(syscall.ENOENT)
	}
	return -1
}

func main() {
	name, err := exec.LookPath(os.Args[1])
	if err != nil {
		fmt.Printf("create %d %v\\n", errno(err), err)
		os.Exit(10)
	}
	err = syscall.Exec(name, os.Args[1:], os.Environ())
	fmt.Printf("start %d %v\\n", errno(err), err)
	os.Exit(11)
}
`;

export const JAVA_MAIN = `public class Main {
  public static void main(String[] args) throws Exception {
    System.out.println("${READY}");
    Thread.sleep(Long.MAX_VALUE);
  }
}
`;

export const NODE_PLAIN = `console.log('${READY}'); setInterval(() => {}, 1 << 30);`;
export const NODE_HANDLER = `process.on('SIGTERM', () => process.exit(0)); console.log('${READY}'); setInterval(() => {}, 1 << 30);`;

export const PYTHON_PLAIN = `import time
print('${READY}', flush=True)
while True:
    time.sleep(3600)
`;
export const PYTHON_HANDLER = `import signal, sys, time
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
print('${READY}', flush=True)
while True:
    time.sleep(3600)
`;

/** nginx with everything inside `dir`, listening on a unix socket (cases run concurrently). */
export function nginxConf(dir: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr notice;
events { worker_connections 16; }
http {
  access_log off;
  server { listen unix:${dir}/nginx.sock; }
}
`;
}

const BUILD_ROOT = join(tmpdir(), 'lint-k8s-lab-build');
const builds = new Map<string, Promise<string>>();

/** Build a one-file Go program (static, CGO off) once; later calls reuse the binary. */
export function goBinary(name: string, source: string): Promise<string> {
  const key = `${name}-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
  let build = builds.get(key);
  if (build === undefined) {
    build = (async () => {
      const go = lookPath('go');
      if (go === undefined) throw new Error('go not found (Debian package golang-go)');
      const dir = join(BUILD_ROOT, key);
      const binary = join(dir, name);
      try {
        await access(binary);
        return binary;
      } catch {
        // not built yet
      }
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'main.go'), source);
      await run(go, ['build', '-o', binary, 'main.go'], {
        cwd: dir,
        timeout: 180_000,
        env: {
          ...process.env,
          CGO_ENABLED: '0',
          GO111MODULE: 'off',
          GOFLAGS: '',
          GOCACHE: join(BUILD_ROOT, 'gocache'),
          GOPATH: join(BUILD_ROOT, 'gopath'),
          HOME: BUILD_ROOT,
        },
      });
      return binary;
    })();
    builds.set(key, build);
  }
  return build;
}
