/**
 * The lab's cases. Each names the knowledge entry it checks and takes its expectation
 * from the knowledge modules, so a wrong edit of the knowledge base fails the lab.
 * Where the knowledge base has no entry for a fact, `expectedFrom` names its public source
 * (a man page, POSIX, the program's documentation) and the value is written here once.
 */
import { EXEC_FAILURES, exitStatusOf } from '../src/knowledge/exit-status.js';
import { execFile } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { elfInterpreter } from '../src/model/process/entry-script.js';
import { promisify } from 'node:util';
import { GO_BINARY, programByName } from '../src/knowledge/programs.js';
import { START_FAILURES } from '../src/knowledge/runtimes.js';
import { SHELLS } from '../src/knowledge/shells.js';
import type { ProgramFacts, ShellFacts, ShellKind, StartFailureCause, StopSignalName } from '../src/knowledge/types.js';
import { GO_BLOCK, GO_NOTIFY, JAVA_MAIN, NODE_HANDLER, NODE_PLAIN, PYTHON_HANDLER, PYTHON_PLAIN, READY, RUNC_EXEC, goBinary, nginxConf } from './fixtures.js';
import { lookPath, makeWorkDir, runAsPid1 } from './pid1.js';
import type { LabFile, Pid1Options, Pid1Result } from './pid1.js';

const runFile = promisify(execFile);

/** A program a case needs, and the Debian package that provides it. */
export interface Requirement {
  readonly program: string;
  readonly pkg: string;
}

export type Value = number | string | boolean;

export interface Measurement {
  readonly value: Value;
  /** What was seen, for the report (comm of PID 1, stderr, …). */
  readonly detail: string;
}

export interface LabCase {
  /** Stable name; knowledge `source` strings cite it as `lab case "<name>"`. */
  readonly name: string;
  /** The knowledge entry this case checks. */
  readonly checks: string;
  /** undefined: measured and reported only (nothing in the knowledge base or a public source to compare with). */
  readonly expected: Value | undefined;
  /** Where the expectation comes from. */
  readonly expectedFrom: string;
  readonly requires: readonly Requirement[];
  /**
   * A documented claim that the measurement contradicts and that no knowledge entry
   * encodes yet: reported as TODO (visible, not failing) until the claim is corrected.
   */
  readonly knownMismatch?: string;
  readonly measure: () => Promise<Measurement>;
}

const SIGKILLED = 128 + osConstants.signals.SIGKILL;
const signo = (name: StopSignalName): number => osConstants.signals[name];

const PKG = {
  sleep: { program: 'sleep', pkg: 'coreutils' },
  tail: { program: 'tail', pkg: 'coreutils' },
  dash: { program: 'dash', pkg: 'dash' },
  bash: { program: 'bash', pkg: 'bash' },
  busybox: { program: 'busybox', pkg: 'busybox' },
  python: { program: 'python3', pkg: 'python3' },
  java: { program: 'java', pkg: 'openjdk-17-jdk-headless' },
  javac: { program: 'javac', pkg: 'openjdk-17-jdk-headless (the source launcher needs the jdk.compiler module)' },
  go: { program: 'go', pkg: 'golang-go' },
  nginx: { program: 'nginx', pkg: 'nginx-light' },
  tini: { program: 'tini', pkg: 'tini' },
  dumbInit: { program: 'dumb-init', pkg: 'dumb-init' },
} as const satisfies Record<string, Requirement>;

/** The first requirement not installed here, if any. */
export function missingRequirement(c: LabCase): Requirement | undefined {
  return c.requires.find((r) => lookPath(r.program) === undefined);
}

/** The knowledge entry for the program a case runs, looked up the way the rules do (programByName). */
function program(argv0: string): ProgramFacts {
  const found = programByName(argv0);
  if (found === undefined) throw new Error(`knowledge: programByName("${argv0}") finds no entry`);
  return found;
}

/** Status a runtime sees when `facts`' program is PID 1 and gets `signal` (types.ts SignalReaction). */
function statusAsPid1(facts: ProgramFacts, signal: StopSignalName): number {
  const reaction = facts.asPid1[signal];
  // types.ts: "a signal absent here is not handled (ignored as PID 1)".
  if (reaction === undefined || reaction.kind === 'ignored-as-pid1') return SIGKILLED;
  if (reaction.kind === 'exits') return reaction.exitCode;
  throw new Error(`knowledge: ${facts.id} forwards ${signal}; use statusOfForwarder`);
}

/** An init that forwards: it exits with its child's outcome, 128+signal when the child died of it. */
function statusOfForwarder(facts: ProgramFacts, signal: StopSignalName, childStatus: number): number {
  const reaction = facts.asPid1[signal];
  if (reaction?.kind !== 'forwards') return statusAsPid1(facts, signal);
  return childStatus;
}

/** An app that installs its own handler exits the way its handler does; else its runtime's default. */
function statusWithAppHandler(facts: ProgramFacts, handlerExit: number): number {
  return facts.appCanHandle === true ? handlerExit : statusAsPid1(facts, 'SIGTERM');
}

/** A process that is not PID 1 and has no handler dies of the signal (default action). */
const diesOf = (signal: StopSignalName): number => 128 + signo(signal);

/**
 * A shell that stays PID 1 has no SIGTERM handler (unless the script traps TERM), so the
 * signal is dropped (pid_namespaces(7): the init of a PID namespace gets only the signals it
 * has a handler for). No knowledge entry: shells are not in PROGRAMS.
 */
const SHELL_STAYS_PID1 = SIGKILLED;

const describe = (r: Pid1Result): string =>
  [
    `PID 1 comm=${r.pid1Comm || '(exited)'}`,
    r.signal !== null ? `killed by ${r.signal}` : `exit ${r.exitCode}`,
    r.exitedBeforeSignal ? 'exited before the stop signal' : '',
    r.killedAfterGrace ? 'SIGKILL after grace' : '',
    r.stderr.trim() ? `stderr: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');

async function statusOf(argv: readonly string[], opts?: Pid1Options): Promise<Measurement> {
  const r = await runAsPid1(argv, opts);
  return { value: r.status, detail: describe(r) };
}

/** `comm/status`, when a case checks who is PID 1 and how it ends. */
async function commAndStatus(argv: readonly string[], opts?: Pid1Options): Promise<Measurement> {
  const r = await runAsPid1(argv, opts);
  return { value: `${r.pid1Comm}/${r.status}`, detail: describe(r) };
}

const script = (content: string, mode = 0o755): LabFile => ({ content, mode });

// --- programs as PID 1 ----------------------------------------------------------

const programCases: LabCase[] = [
  {
    name: 'sleep',
    checks: 'PROGRAMS sleep .asPid1.SIGTERM',
    expected: statusAsPid1(program('sleep'), 'SIGTERM'),
    expectedFrom: 'knowledge',
    requires: [PKG.sleep],
    measure: () => statusOf(['sleep', '1000']),
  },
  {
    name: 'tail-f',
    checks: 'PROGRAMS tail .asPid1.SIGTERM',
    expected: statusAsPid1(program('tail'), 'SIGTERM'),
    expectedFrom: 'knowledge',
    requires: [PKG.tail],
    measure: () => statusOf(['tail', '-f', '/dev/null']),
  },
  {
    name: 'python',
    checks: 'PROGRAMS python .asPid1.SIGTERM',
    expected: statusAsPid1(program('python3'), 'SIGTERM'),
    expectedFrom: 'knowledge',
    requires: [PKG.python],
    measure: () => statusOf(['python3', '-c', PYTHON_PLAIN], { readyText: READY }),
  },
  {
    name: 'python-handler',
    checks: 'PROGRAMS python .appCanHandle (handler exits 0)',
    expected: statusWithAppHandler(program('python3'), 0),
    expectedFrom: 'knowledge',
    requires: [PKG.python],
    measure: () => statusOf(['python3', '-c', PYTHON_HANDLER], { readyText: READY }),
  },
  {
    name: 'node',
    checks: 'PROGRAMS node .asPid1.SIGTERM',
    expected: statusAsPid1(program(process.execPath), 'SIGTERM'),
    expectedFrom: 'knowledge',
    requires: [],
    measure: () => statusOf([process.execPath, '-e', NODE_PLAIN], { readyText: READY }),
  },
  {
    name: 'node-handler',
    checks: 'PROGRAMS node .appCanHandle (handler exits 0)',
    expected: statusWithAppHandler(program(process.execPath), 0),
    expectedFrom: 'knowledge',
    requires: [],
    measure: () => statusOf([process.execPath, '-e', NODE_HANDLER], { readyText: READY }),
  },
  {
    name: 'java',
    checks: 'PROGRAMS java .asPid1.SIGTERM',
    expected: statusAsPid1(program('java'), 'SIGTERM'),
    expectedFrom: 'knowledge',
    requires: [PKG.java, PKG.javac],
    measure: () =>
      statusOf(['java', '-Xshare:auto', '-XX:TieredStopAtLevel=1', 'Main.java'], {
        readyText: READY,
        files: { 'Main.java': { content: JAVA_MAIN } },
      }),
  },
  {
    name: 'go',
    checks: 'GO_BINARY .asPid1.SIGTERM',
    expected: statusAsPid1(GO_BINARY, 'SIGTERM'),
    expectedFrom: 'knowledge',
    requires: [PKG.go],
    measure: async () => statusOf([await goBinary('goblock', GO_BLOCK)], { readyText: READY }),
  },
  {
    name: 'go-notify',
    checks: 'GO_BINARY .appCanHandle (signal.Notify, exits 0)',
    expected: statusWithAppHandler(GO_BINARY, 0),
    expectedFrom: 'knowledge',
    requires: [PKG.go],
    measure: async () => statusOf([await goBinary('gonotify', GO_NOTIFY)], { readyText: READY }),
  },
  {
    name: 'go-not-pid1',
    checks: 'Go os/signal docs ("SIGTERM causes the program to exit"): not PID 1, it dies of the signal → 143 (no knowledge entry)',
    expected: diesOf('SIGTERM'),
    expectedFrom: 'Go os/signal docs; signal(7) default action (Term) for an ordinary process',
    requires: [PKG.go, PKG.dash],
    // dash stays PID 1 (the program is not last); the Go program is its child and gets the
    // signal; dash reports the child's 128+signal as its own exit code.
    measure: async () =>
      statusOf(['dash', '-c', '"$0"; exit $?', await goBinary('goblock', GO_BLOCK)], {
        readyText: READY,
        signalTarget: 'child',
      }),
  },
  ...(['SIGTERM', 'SIGQUIT'] as const).map((signal): LabCase => ({
    name: signal === 'SIGTERM' ? 'nginx' : 'nginx-quit',
    checks: `PROGRAMS nginx .asPid1.${signal}`,
    expected: statusAsPid1(program('nginx'), signal),
    expectedFrom: 'knowledge',
    requires: [PKG.nginx],
    measure: () => nginxStatus(true, signal),
  })),
  {
    name: 'nginx-daemonizes',
    checks: 'nginx core module docs, directive `daemon` (default on): plain nginx forks into the background and PID 1 exits 0 at once (no knowledge entry)',
    expected: 'exited 0 before the stop signal',
    expectedFrom: 'nginx docs, ngx_core_module `daemon on`',
    requires: [PKG.nginx],
    measure: () => nginxStatus(false, 'SIGTERM'),
  },
];

async function nginxStatus(foreground: boolean, signal: NodeJS.Signals): Promise<Measurement> {
  const dir = await makeWorkDir();
  try {
    await writeFile(`${dir}/nginx.conf`, nginxConf(dir));
    const argv = ['nginx', '-p', dir, '-c', `${dir}/nginx.conf`, '-e', 'stderr', ...(foreground ? ['-g', 'daemon off;'] : [])];
    const r = await runAsPid1(argv, { signal, settleMs: 700, cwd: dir });
    const value = foreground ? r.status : r.exitedBeforeSignal ? `exited ${r.status} before the stop signal` : `still running, then ${r.status}`;
    return { value, detail: describe(r) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- inits ----------------------------------------------------------------------

const initCases: LabCase[] = [
  {
    name: 'tini',
    checks: 'PROGRAMS tini .asPid1.SIGTERM (forwards)',
    expected: statusOfForwarder(program('tini'), 'SIGTERM', diesOf('SIGTERM')),
    expectedFrom: 'knowledge (forwards: 128+signal when the child died of it)',
    requires: [PKG.tini, PKG.sleep],
    measure: () => statusOf(['tini', '--', 'sleep', '1000']),
  },
  {
    name: 'dumb-init',
    checks: 'PROGRAMS dumb-init .asPid1.SIGTERM (forwards)',
    expected: statusOfForwarder(program('dumb-init'), 'SIGTERM', diesOf('SIGTERM')),
    expectedFrom: 'knowledge (forwards: 128+signal when the child died of it)',
    requires: [PKG.dumbInit, PKG.sleep],
    measure: () => statusOf(['dumb-init', 'sleep', '1000']),
  },
  {
    name: 'tini-missing-child',
    checks: 'PROGRAMS tini .childExecFailure',
    expected: programByName('tini')?.childExecFailure?.notFound,
    expectedFrom: 'knowledge (src/knowledge/programs.ts childExecFailure)',
    requires: [PKG.tini],
    measure: () => statusOf(['tini', '--', '/lab-no-such-program']),
  },
  {
    name: 'tini-not-executable-child',
    checks: 'PROGRAMS tini .childExecFailure',
    expected: programByName('tini')?.childExecFailure?.notExecutable,
    expectedFrom: 'knowledge (src/knowledge/programs.ts childExecFailure)',
    requires: [PKG.tini],
    measure: () => statusOf(['tini', '--', './x.sh'], { files: { 'x.sh': script('#!/bin/sh\nexit 0\n', 0o644) } }),
  },
  {
    name: 'dumb-init-missing-child',
    checks: 'PROGRAMS dumb-init .childExecFailure',
    expected: programByName('dumb-init')?.childExecFailure?.notFound,
    expectedFrom: 'knowledge (src/knowledge/programs.ts childExecFailure)',
    requires: [PKG.dumbInit],
    measure: () => statusOf(['dumb-init', '/lab-no-such-program']),
  },
];

// --- shell scripts run as PID 1 (exec form ENTRYPOINT ["./entry.sh"]) ------------------

const SHELL_REQ: Record<ShellKind, Requirement> = { dash: PKG.dash, bash: PKG.bash, busybox: PKG.busybox };

/** argv prefix that runs each shell on a -c string. */
function shellArgv(kind: ShellKind): string[] {
  return kind === 'busybox' ? ['busybox', 'sh'] : [kind];
}

/** Shebang line for each shell (resolved on this machine; busybox needs its `sh` applet name). */
function shebang(kind: ShellKind): string {
  const path = lookPath(kind) ?? `/bin/${kind}`;
  return kind === 'busybox' ? `#!${path} sh` : `#!${path}`;
}

/**
 * The kernel names a process started through a `#!` line after the script file
 * (fs/exec.c uses the file name given to execve for comm), so a shell that stays PID 1
 * shows up as `entry.sh`, and as `sleep` once it has exec'd.
 */
const SCRIPT = 'entry.sh';

/** comm/status expected for a script whose last line is `sleep 1000` (no exec). */
function scriptLastLine(shell: ShellFacts): string {
  return shell.execsLastLineOfScriptFile ? `sleep/${statusAsPid1(program('sleep'), 'SIGTERM')}` : `${SCRIPT}/${SHELL_STAYS_PID1}`;
}

const scriptCases: LabCase[] = [
  ...(Object.keys(SHELLS) as ShellKind[]).map((kind): LabCase => ({
    name: `script-no-exec-${kind}`,
    checks: `SHELLS ${kind} .execsLastLineOfScriptFile`,
    expected: scriptLastLine(SHELLS[kind]),
    expectedFrom: 'knowledge (+ a shell that stays PID 1 ignores TERM: pid_namespaces(7), no knowledge entry)',
    requires: [SHELL_REQ[kind], PKG.sleep],
    measure: () => commAndStatus(['./entry.sh'], { files: { 'entry.sh': script(`${shebang(kind)}\ntrue\nsleep 1000\n`) } }),
  })),
  {
    name: 'script-exec',
    checks: 'POSIX `exec` special built-in (the command replaces the shell, same process) + PROGRAMS sleep',
    expected: `sleep/${statusAsPid1(program('sleep'), 'SIGTERM')}`,
    expectedFrom: 'knowledge (sleep) + POSIX exec',
    requires: [PKG.dash, PKG.sleep],
    measure: () => commAndStatus(['./entry.sh'], { files: { 'entry.sh': script(`${shebang('dash')}\ntrue\nexec sleep 1000\n`) } }),
  },
  {
    name: 'script-exec-in-function',
    checks: 'POSIX `exec` inside a shell function (still replaces the shell) + PROGRAMS sleep',
    expected: `sleep/${statusAsPid1(program('sleep'), 'SIGTERM')}`,
    expectedFrom: 'knowledge (sleep) + POSIX exec',
    requires: [PKG.dash, PKG.sleep],
    measure: () =>
      commAndStatus(['./entry.sh', 'sleep', '1000'], {
        files: { 'entry.sh': script(`${shebang('dash')}\nset -e\nmain() {\n  exec "$@"\n}\nmain "$@"\n`) },
      }),
  },
  ...(Object.keys(SHELLS) as ShellKind[]).flatMap((kind): LabCase[] => [
    {
      name: `script-trap-foreground-${kind}`,
      checks: 'a shell as PID 1 ignores SIGTERM unless it traps TERM (pid_namespaces(7)) — with the server in the foreground',
      expected: `${SCRIPT}/${SIGKILLED}`,
      expectedFrom: 'POSIX 2.11: a trap runs only after the foreground command completes; no knowledge entry',
      requires: [SHELL_REQ[kind], PKG.sleep],
      measure: () => commAndStatus(['./entry.sh'], { files: { 'entry.sh': script(`${shebang(kind)}\ntrap 'exit 0' TERM\nsleep 1000\n`) } }),
    },
    {
      name: `script-trap-wait-${kind}`,
      checks: 'a shell as PID 1 that traps TERM (pid_namespaces(7)) — with the server in the background and `wait`',
      expected: `${SCRIPT}/0`,
      expectedFrom: 'POSIX 2.11: the wait builtin returns at once when a trapped signal arrives; no knowledge entry',
      requires: [SHELL_REQ[kind], PKG.sleep],
      measure: () =>
        commAndStatus(['./entry.sh'], {
          files: { 'entry.sh': script(`${shebang(kind)}\ntrap 'exit 0' TERM\nsleep 1000 &\nwait\n`) },
        }),
    },
  ]),
];

// --- `sh -c STRING`: which shapes exec the last command --------------------------------

const SHAPES: Record<keyof ShellFacts['execsLastCommand'], string> = {
  alone: 'sleep 1000',
  afterSemicolon: 'true; sleep 1000',
  afterAnd: 'cd / && sleep 1000',
  inSubshell: '(true; sleep 1000)',
  inIfBody: 'if true; then sleep 1000; fi',
  inPipeline: 'sleep 1000 | cat',
  inLoop: 'while true; do sleep 1000; done',
  afterTrap: "trap 'exit 0' TERM; sleep 1000",
};

const shellExecCases: LabCase[] = (Object.keys(SHELLS) as ShellKind[]).flatMap((kind) =>
  (Object.keys(SHAPES) as (keyof typeof SHAPES)[]).map((shape): LabCase => ({
    name: `shell-exec ${kind} ${shape}`,
    checks: `SHELLS ${kind} .execsLastCommand.${shape}`,
    expected: SHELLS[kind].execsLastCommand[shape],
    expectedFrom: 'knowledge (true: PID 1 is `sleep`)',
    requires: [SHELL_REQ[kind], PKG.sleep],
    measure: async () => {
      const r = await runAsPid1([...shellArgv(kind), '-c', SHAPES[shape]]);
      return { value: r.pid1Comm === 'sleep', detail: describe(r) };
    },
  })),
);

// --- exit status arithmetic ----------------------------------------------------

const EXIT_ARGS = ['3.5', '300', '-1'] as const;

const exitCases: LabCase[] = (Object.keys(SHELLS) as ShellKind[]).flatMap((kind) =>
  EXIT_ARGS.map((arg): LabCase => ({
    name: `exit ${arg} ${kind}`,
    checks: `EXIT_BUILTIN.${kind} (src/knowledge/exit-status.ts)`,
    expected: exitStatusOf(kind, arg),
    expectedFrom: 'knowledge exitStatusOf',
    requires: [SHELL_REQ[kind]],
    measure: () => statusOf([...shellArgv(kind), '-c', `exit ${arg}`], { settleMs: 200 }),
  })),
);

// --- start failures at the execve level ----------------------------------------

/** The errno behind each start-failure cause (execve(2) ERRORS). */
const ERRNO_OF: Record<Exclude<StartFailureCause, 'no-shell'>, string> = {
  'not-found': 'ENOENT',
  'not-executable': 'EACCES',
  'interpreter-missing': 'ENOENT',
  'exec-format': 'ENOEXEC',
};

/** moby daemon/errors.go setExitCodeFromError, applied to the create-time error text. */
function dockerCodeFor(message: string): number {
  if (message.includes('permission denied')) return 126;
  if (message.includes('executable file not found') || message.includes('no such file or directory')) return 127;
  return 128;
}

function errnoName(n: number): string {
  return Object.entries(osConstants.errno).find(([, v]) => v === n)?.[0] ?? `errno ${n}`;
}

/** `<phase> <errno>`, plus the docker exit code for create-time failures. */
function expectedStart(cause: Exclude<StartFailureCause, 'no-shell'>): string {
  const docker = START_FAILURES[cause].docker;
  return docker.phase === 'create' ? `create ${ERRNO_OF[cause]} docker ${docker.exitCode}` : `${docker.phase} ${ERRNO_OF[cause]}`;
}

async function runcExec(argv0: string, files: Record<string, LabFile>): Promise<Measurement> {
  const helper = await goBinary('runc-exec', RUNC_EXEC);
  const dir = await makeWorkDir(files);
  try {
    const out = await runFile(helper, [argv0], { cwd: dir, timeout: 5000 }).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? '',
    );
    const m = /^(create|start) (-?\d+) (.*)$/m.exec(out);
    if (m === null) return { value: `started (${out.trim()})`, detail: out.trim() };
    const [, phase = '', n = '', message = ''] = m;
    const value = phase === 'create' ? `create ${errnoName(Number(n))} docker ${dockerCodeFor(message)}` : `start ${errnoName(Number(n))}`;
    return { value, detail: message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const START_FILES = {
  'not-executable': { 'x.sh': script('#!/bin/sh\nexit 0\n', 0o644) },
  'interpreter-missing': { 'x.sh': script('#!/lab-missing/bash\nexit 0\n') },
  'crlf-shebang': { 'x.sh': script('#!/bin/sh\r\nexit 0\r\n') },
  'exec-format': { 'x.sh': script('echo ran as a script\nexit 0\n') },
} satisfies Record<string, Record<string, LabFile>>;

const startCases: LabCase[] = [
  {
    name: 'start not-found',
    checks: 'START_FAILURES not-found (phase, docker exit code)',
    expected: expectedStart('not-found'),
    expectedFrom: 'knowledge (errno: execve(2))',
    requires: [PKG.go],
    measure: () => runcExec('./missing', {}),
  },
  {
    name: 'start not-executable',
    checks: 'START_FAILURES not-executable (phase, docker exit code)',
    expected: expectedStart('not-executable'),
    expectedFrom: 'knowledge (errno: execve(2))',
    requires: [PKG.go],
    measure: () => runcExec('./x.sh', START_FILES['not-executable']),
  },
  {
    name: 'start directory',
    checks: 'START_FAILURES not-executable ("or is a directory")',
    expected: expectedStart('not-executable'),
    expectedFrom: 'knowledge (START_FAILURES row)',
    requires: [PKG.go],
    measure: () => runcExec('./d', { 'd/keep': script('', 0o644) }),
  },
  {
    name: 'start interpreter-missing',
    checks: 'START_FAILURES interpreter-missing (phase)',
    expected: expectedStart('interpreter-missing'),
    expectedFrom: 'knowledge (errno: execve(2))',
    requires: [PKG.go],
    measure: () => runcExec('./x.sh', START_FILES['interpreter-missing']),
  },
  {
    name: 'start crlf-shebang',
    checks: 'START_FAILURES interpreter-missing (CRLF shebang row)',
    expected: expectedStart('interpreter-missing'),
    expectedFrom: 'knowledge (errno: execve(2))',
    requires: [PKG.go],
    measure: () => runcExec('./x.sh', START_FILES['crlf-shebang']),
  },
  {
    name: 'start exec-format',
    checks: 'START_FAILURES exec-format (phase)',
    expected: expectedStart('exec-format'),
    expectedFrom: 'knowledge (errno: execve(2))',
    requires: [PKG.go],
    measure: () => runcExec('./x.sh', START_FILES['exec-format']),
  },
  // The same files started from a shell (`sh -c ./x.sh`, shell-form CMD): the shell's own
  // conventions, and its ENOEXEC fallback that runs a script without `#!` itself.
  ...(
    [
      ['not-executable', 126, 'POSIX 2.8.2: found but not executable → 126'],
      ['interpreter-missing', 127, 'POSIX 2.8.2: not found → 127 (execve ENOENT)'],
      ['crlf-shebang', 127, 'POSIX 2.8.2: not found → 127 (execve ENOENT)'],
      ['exec-format', 0, 'POSIX 2.9.1.1: on ENOEXEC the shell runs the file as a script itself'],
    ] as const
  ).map(([file, status, why]): LabCase => ({
    name: `dash -c ./x.sh ${file}`,
    checks: "POSIX 2.8.2 Exit Status for Commands (126 not executable, 127 not found): a shell-form CMD sees the shell's status, not runc's",
    expected: status,
    expectedFrom: why,
    requires: [PKG.dash],
    measure: () => statusOf(['dash', '-c', './x.sh'], { files: START_FILES[file], settleMs: 200 }),
  })),
];

// --- the PID 1 model's start/stop claims (src/model/process/pid1.ts, src/predict/start.ts) ---------------

/**
 * A copy of a dynamically linked program whose PT_INTERP names a loader that does not exist,
 * as a glibc binary sees an Alpine or distroless/static image. The path keeps its length so
 * the ELF stays valid; elfInterpreter() (the model's reader) must find the original first.
 */
async function missingLoader(): Promise<Measurement> {
  const original = lookPath('true');
  if (original === undefined) return { value: 'no true binary', detail: '' };
  const bytes = await readFile(original);
  const interpreter = elfInterpreter(bytes);
  if (interpreter === undefined) return { value: 'elfInterpreter found no PT_INTERP', detail: original };
  const at = bytes.indexOf(Buffer.from(interpreter, 'latin1'));
  const missing = `/lab-missing/${'x'.repeat(Math.max(0, interpreter.length - 13))}`.slice(0, interpreter.length);
  Buffer.from(missing, 'latin1').copy(bytes, at);
  const dir = await makeWorkDir();
  try {
    await writeFile(`${dir}/app`, bytes, { mode: 0o755 });
    const m = await runcExec(`${dir}/app`, {});
    return { value: m.value, detail: `${interpreter} → ${missing}: ${m.detail}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const modelCases: LabCase[] = [
  {
    name: 'start missing-loader',
    checks: 'START_FAILURES interpreter-missing (glibc binary without its loader: alpine/scratch/distroless-static row) + elfInterpreter',
    expected: expectedStart('interpreter-missing'),
    expectedFrom: 'knowledge (execve(2): ENOENT when the ELF interpreter, the dynamic loader, is missing; after start)',
    requires: [PKG.go],
    measure: missingLoader,
  },
  {
    name: 'env-missing-command',
    checks: 'EXEC_FAILURES.envNotFound: #!/usr/bin/env NAME with NAME absent (interpreter-missing)',
    expected: EXEC_FAILURES.envNotFound.exitCode,
    expectedFrom: 'knowledge (src/knowledge/exit-status.ts EXEC_FAILURES)',
    requires: [],
    measure: () => statusOf(['./entry.sh'], { files: { 'entry.sh': script('#!/usr/bin/env lab-no-such-program\nexit 0\n') }, settleMs: 200 }),
  },
  {
    name: 'script-exec-missing',
    checks: 'EXEC_FAILURES.shellExecNotFound: an entrypoint script that execs a missing program (program-not-found)',
    expected: EXEC_FAILURES.shellExecNotFound.exitCode,
    expectedFrom: 'knowledge (src/knowledge/exit-status.ts EXEC_FAILURES)',
    requires: [PKG.dash],
    measure: () =>
      statusOf(['./entry.sh', '/lab-no-such-program'], { files: { 'entry.sh': script(`${shebang('dash')}\nset -e\nexec "$@"\n`) }, settleMs: 200 }),
  },
  {
    name: 'tini-script-no-exec',
    checks: 'PROGRAMS tini forwards: a script without exec under tini is not PID 1 and dies of the signal (stopOutcome: init → clean)',
    expected: statusOfForwarder(program('tini'), 'SIGTERM', diesOf('SIGTERM')),
    expectedFrom: 'knowledge (forwards: 128+signal when the child died of it)',
    requires: [PKG.tini, PKG.dash, PKG.sleep],
    measure: () => statusOf(['tini', '--', './entry.sh'], { files: { 'entry.sh': script(`${shebang('dash')}\nsleep 1000\n`) } }),
  },
];

// --- a shell given a script file, and a trap that runs inside a loop ---------------------

const shellShapeCases: LabCase[] = (Object.keys(SHELLS) as ShellKind[]).flatMap((kind): LabCase[] => [
  {
    name: `script-argument-${kind}`,
    checks: `SHELLS ${kind} .runsScriptArgument (\`sh FILE\` stays PID 1 unless the file execs)`,
    expected: SHELLS[kind].runsScriptArgument ? SHELL_STAYS_PID1 : statusAsPid1(program('sleep'), 'SIGTERM'),
    expectedFrom: 'knowledge (+ a shell that stays PID 1 ignores TERM: pid_namespaces(7))',
    requires: [SHELL_REQ[kind], PKG.sleep],
    measure: () => statusOf([...shellArgv(kind), 'run.sh'], { files: { 'run.sh': script('true\nsleep 1000\n', 0o644) } }),
  },
  {
    name: `trap-loop-${kind}`,
    checks:
      "src/model/process/shell-program.ts: a trap runs when the loop's foreground command returns (`trap 'exit 0' TERM; while true; do sleep N; done` → 0)",
    expected: 0,
    expectedFrom: 'POSIX 2.11 (a trap runs after the foreground command completes)',
    requires: [SHELL_REQ[kind], PKG.sleep],
    measure: () => statusOf([...shellArgv(kind), '-c', "trap 'exit 0' TERM; while true; do sleep 0.2; done"]),
  },
]);

/** npm as PID 1 with a start script whose server handles SIGTERM (it would exit 0 if it got the signal). */
const npmCases: LabCase[] = [
  {
    name: 'npm-start',
    checks: 'PROGRAMS npm .asPid1.SIGTERM (forwards-to-script-shell: the dash child dies, npm exits, the app never gets SIGTERM)',
    expected: (() => {
      const reaction = program('npm').asPid1.SIGTERM;
      return reaction?.kind === 'forwards-to-script-shell' ? reaction.exitCode : statusAsPid1(program('npm'), 'SIGTERM');
    })(),
    expectedFrom: 'knowledge (when /bin/sh is dash, as on this machine and Debian images)',
    requires: [PKG.dash, { program: 'npm', pkg: 'npm' }],
    measure: () =>
      statusOf(['npm', 'start'], {
        readyText: 'ready',
        graceMs: 3000,
        files: {
          'package.json': { content: JSON.stringify({ name: 'lab', version: '1.0.0', scripts: { start: 'node server.js' } }) },
          'server.js': { content: "process.on('SIGTERM', () => process.exit(0));\nconsole.log('ready');\nsetInterval(() => {}, 1000);\n" },
        },
      }),
  },
];

export const CASES: readonly LabCase[] = [
  ...npmCases,
  ...programCases,
  ...initCases,
  ...scriptCases,
  ...shellExecCases,
  ...shellShapeCases,
  ...exitCases,
  ...startCases,
  ...modelCases,
];
