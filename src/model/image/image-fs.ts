import { readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { forEachShellNode, type ShellNode } from '../../parse/shell.js';
import type { Location } from '../../parse/location.js';
import { globMatcher, hasGlob, imagePath, resolveImagePath } from '../common/paths.js';
import type { RunStep, Stage } from './stage.js';
import { DISTRIBUTION_PROGRAMS, packageFacts, type PackageManager } from '../../knowledge/packages.js';
import type { BaseImageFacts } from '../../knowledge/types.js';
import type { CopySource, FsModeChange, FsOp, InlineContent } from './stage.js';

/**
 * Where the modes of build-context files come from (the git index, else the file system):
 * discover's `FileModes` in a run, a table in tests.
 */
export interface FileModeSource {
  modeOf(absPath: string): Promise<{ readonly mode: number; readonly isDirectory: boolean; readonly from: 'git' | 'fs' } | undefined>;
}

/** The ConfigMap key a volume file comes from, and which field set its mode (none: the 0644 default). */
export interface VolumeSource {
  readonly configMap: string;
  readonly key: string;
  readonly modeField: 'defaultMode' | 'items[].mode' | undefined;
}

/** What the final image holds at a path. */
export type ImageFileState =
  | {
      readonly state: 'file';
      /** Some execute bit is set; `undefined` when not known. */
      readonly executable: boolean | undefined;
      readonly mode: number | undefined;
      /** Where the mode comes from, for messages. */
      readonly modeFrom: 'git' | 'fs' | 'heredoc' | 'copy --chmod' | 'RUN chmod' | 'base image' | 'stage' | 'package' | 'volume';
      /** The COPY/ADD that placed it (absent for files of the base image). */
      readonly placedAt: Location | undefined;
      /** The chmod that last changed its mode. */
      readonly chmodAt: Location | undefined;
      /** Path of the source in the build context, relative to the context root. */
      readonly contextPath: string | undefined;
      readonly contextAbsPath: string | undefined;
      /** The content, when the Dockerfile writes it (`COPY <<EOF`), or a ConfigMap in the input holds it. */
      readonly inline?: InlineContent;
      /** A file a pod's ConfigMap volume puts there (the container's mounts hide the image's files: config-volumes.ts). */
      readonly volume?: VolumeSource;
    }
  | { readonly state: 'directory'; readonly placedAt: Location | undefined }
  | { readonly state: 'absent' }
  /**
   * `base`: the base image's file list is not exhaustive; `run`: a RUN step may change it; `external`: added from outside the
   * context; `artefact`: COPY/ADD names a source the checkout does not have (a build output such as a Makefile's: if it is
   * still missing at build time the build fails, which is no runtime outcome).
   */
  | { readonly state: 'unknown'; readonly why: string; readonly cause: 'base' | 'run' | 'external' | 'artefact' };

export function parseSymbolicMode(value: string): FsModeChange | undefined {
  if (/^[0-7]{1,4}$/.test(value)) return { kind: 'absolute', mode: Number.parseInt(value, 8) & 0o7777 };
  if (!/^[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*$/.test(value)) return undefined;
  let exec: 'set' | 'clear' | 'unchanged' = 'unchanged';
  for (const clause of value.split(',')) {
    const match = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!match) continue;
    const hasX = /[xX]/.test(match[3] ?? '');
    if (match[2] === '+' && hasX) exec = 'set';
    else if (match[2] === '=') exec = hasX ? 'set' : match[1] === '' || match[1] === 'a' ? 'clear' : exec;
    else if (match[2] === '-' && hasX && (match[1] === '' || match[1] === 'a')) exec = 'clear';
  }
  return { kind: 'symbolic', exec };
}

/** Commands whose effect on the file system is nil or confined to package directories. */
const NO_FILE_EFFECT = new Set([
  'apt-get',
  'apt',
  'apk',
  'dnf',
  'yum',
  'microdnf',
  'pip',
  'pip3',
  'npm',
  'yarn',
  'pnpm',
  'gem',
  'echo',
  'printf',
  'true',
  'false',
  'set',
  'export',
  'cd',
  'mkdir',
  'rm',
  'useradd',
  'adduser',
  'addgroup',
  'groupadd',
  'usermod',
  'chown',
  'update-ca-certificates',
  'ldconfig',
  'test',
  '[',
  'ls',
  'cat',
  'grep',
  'which',
  'command',
  'uname',
  'id',
  'rmdir',
  'locale-gen',
  'dpkg-reconfigure',
  'apt-mark',
  'update-alternatives',
  'sleep',
  'exit',
]);

const MANAGER_OF: Record<string, PackageManager> = {
  'apt-get': 'apt',
  apt: 'apt',
  apk: 'apk',
  dnf: 'dnf',
  yum: 'dnf',
  microdnf: 'dnf',
  pip: 'pip',
  pip3: 'pip',
};

const PACKAGE_INSTALL: Record<string, readonly string[]> = {
  'apt-get': ['install'],
  apt: ['install'],
  apk: ['add'],
  dnf: ['install'],
  yum: ['install'],
  microdnf: ['install'],
  pip: ['install'],
  pip3: ['install'],
};

export interface RunEffects {
  readonly ops: FsOp[];
  readonly packages: string[];
}

/**
 * What a RUN step does to the image, as far as it can be told: chmods are applied,
 * package installs recorded; a command not understood makes the paths it names
 * unknown, and running a script makes every path unknown (it could write anything).
 */
export function analyzeRun(step: RunStep, workdir: string): RunEffects {
  const ops: FsOp[] = [];
  const packages: string[] = [];
  if (step.script === undefined || step.shell === undefined) return { ops: [{ kind: 'opaque', at: step.at, paths: 'all' }], packages };
  const written = redirectTargets(step.shell.statements);
  if (written.some((w) => w === undefined)) ops.push({ kind: 'opaque', at: step.at, paths: 'all' });
  else if (written.length > 0) ops.push({ kind: 'opaque', at: step.at, paths: (written as string[]).map((w) => resolveImagePath(w, workdir)) });
  for (const command of simpleCommands(step.shell.statements)) {
    const argv = command.words.map((w) => w.literal);
    let name = argv[0];
    let rest = argv.slice(1);
    while ((name === 'sudo' || name === 'env' || name === 'exec' || name === 'command') && rest.length > 0) {
      name = rest[0];
      rest = rest.slice(1);
    }
    if (name === undefined) {
      ops.push({ kind: 'opaque', at: step.at, paths: 'all' });
      continue;
    }
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (base === 'chmod') {
      ops.push(...chmodOps(rest, step.at, workdir));
      continue;
    }
    const installVerbs = PACKAGE_INSTALL[base];
    if (installVerbs) {
      if (rest.some((a) => a !== undefined && installVerbs.includes(a))) {
        const installed: string[] = [];
        for (const arg of rest) if (arg !== undefined && !arg.startsWith('-') && !installVerbs.includes(arg)) installed.push(arg.replace(/[=<>].*$/, ''));
        // An argument with an expansion installs something not known.
        if (rest.some((a) => a === undefined)) installed.push('$unknown');
        packages.push(...installed.filter((p) => p !== '$unknown'));
        ops.push({ kind: 'install', at: step.at, manager: MANAGER_OF[base] ?? 'apt', packages: installed });
      }
      continue;
    }
    if (base === 'npm' && rest.includes('-g') && rest.includes('install')) {
      for (const arg of rest) if (arg !== undefined && !arg.startsWith('-') && arg !== 'install') packages.push(arg.replace(/@[^@]*$/, ''));
      continue;
    }
    if (NO_FILE_EFFECT.has(base) && !name.includes('/')) continue;
    if (name.includes('/') || ['sh', 'bash', 'dash', 'ash', 'source', '.', 'make', 'eval'].includes(base)) {
      // Runs a script or build: it could write anywhere.
      ops.push({ kind: 'opaque', at: step.at, paths: 'all' });
      continue;
    }
    const touched = rest.filter((a): a is string => a !== undefined && !a.startsWith('-') && a.includes('/')).map((a) => resolveImagePath(a, workdir));
    if (rest.some((a) => a === undefined)) ops.push({ kind: 'opaque', at: step.at, paths: 'all' });
    else if (touched.length > 0) ops.push({ kind: 'opaque', at: step.at, paths: touched });
  }
  return { ops, packages };
}

function chmodOps(args: readonly (string | undefined)[], where: Location, workdir: string): FsOp[] {
  let recursive = false;
  let change: FsModeChange | undefined;
  const targets: string[] = [];
  for (const arg of args) {
    if (arg === undefined) return [{ kind: 'opaque', at: where, paths: 'all' }];
    if (arg === '-R' || arg === '--recursive') recursive = true;
    else if (arg.startsWith('-') && change === undefined && !/^-[rwxXst]+$/.test(arg)) continue;
    else if (change === undefined) {
      change = parseSymbolicMode(arg);
      if (!change) return [{ kind: 'opaque', at: where, paths: 'all' }];
    } else targets.push(resolveImagePath(arg, workdir));
  }
  return change && targets.length > 0 ? [{ kind: 'chmod', at: where, targets, change, recursive }] : [];
}

/** Files written by redirections (`> /entry.sh`); `undefined` for a target with an expansion. */
function redirectTargets(nodes: readonly ShellNode[]): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  forEachShellNode(nodes, (node) => {
    if (node.kind !== 'redirected') return;
    for (const target of node.targets) {
      const literal = target.literal ?? '';
      if (!literal.startsWith('/dev/') && !/^&?\d+$/.test(literal)) out.push(target.literal);
    }
  });
  return out;
}

/** Every simple command in a script, in order, wherever it sits (lists, pipelines, bodies). */
export function simpleCommands(nodes: readonly ShellNode[]): Extract<ShellNode, { kind: 'command' }>[] {
  const out: Extract<ShellNode, { kind: 'command' }>[] = [];
  forEachShellNode(nodes, (node) => {
    if (node.kind === 'command') out.push(node);
  });
  return out;
}

/** Answers "what is at this path of the image" from the model's placements, the build context and base-image facts. */
export class ImageFileSystem {
  private readonly dockerignores = new Map<string, Ignore | undefined>();

  constructor(private readonly modes: FileModeSource) {}

  async lookup(stage: Stage, target: string): Promise<ImageFileState> {
    return this.lookupIn(stage, imagePath(target), false);
  }

  /** `installDoubt`: a later stage installed an OS package the knowledge base does not know, which may bring any program. */
  private async lookupIn(stage: Stage, p: string, installDoubt: boolean): Promise<ImageFileState> {
    let pending: { change: FsModeChange; at: Location } | undefined;
    for (let i = stage.fsOps.length - 1; i >= 0; i--) {
      const op = stage.fsOps[i] as FsOp;
      if (op.kind === 'chmod') {
        if (pending === undefined && op.targets.some((t) => covers(t, p, op.recursive))) pending = { change: op.change, at: op.at };
        continue;
      }
      if (op.kind === 'install') {
        const provided = installedProgram(op, p);
        if (provided === 'unknown-package') installDoubt = true;
        else if (provided) return applyChmod(provided, pending);
        continue;
      }
      if (op.kind === 'opaque') {
        if (op.paths === 'all' || op.paths.some((t) => covers(t, p, true) || covers(p, t, true))) {
          return { state: 'unknown', why: `RUN at line ${op.at.line} may change it`, cause: 'run' };
        }
        continue;
      }
      const placed = await this.placed(op, p);
      if (placed !== undefined) return applyChmod(placed, pending);
    }
    if (stage.parent) return applyChmod(await this.lookupIn(stage.parent, p, installDoubt), pending);
    if (stage.baseState === 'scratch') return { state: 'absent' };
    if (stage.base?.binaries.includes(p)) {
      return applyChmod(
        {
          state: 'file',
          executable: true,
          mode: 0o755,
          modeFrom: 'base image',
          placedAt: undefined,
          chmodAt: undefined,
          contextPath: undefined,
          contextAbsPath: undefined,
        },
        pending,
      );
    }
    if (stage.base && !installDoubt && absentFromBase(stage.base, p)) return { state: 'absent' };
    return {
      state: 'unknown',
      why: stage.base ? `not among the files known of ${stage.from ?? 'the base image'}` : `base image ${stage.from ?? stage.fromRaw} is not known`,
      cause: 'base',
    };
  }

  /** The state of `p` if this COPY/ADD placed it, else `undefined`. */
  private async placed(op: Extract<FsOp, { kind: 'place' }>, p: string): Promise<ImageFileState | undefined> {
    // `COPY x /` (or `.` in the default WORKDIR): everything lies under the root.
    const prefix = op.dest === '/' ? '/' : `${op.dest}/`;
    const under = p.startsWith(prefix) && p !== op.dest ? p.slice(prefix.length) : undefined;
    if (p !== op.dest && under === undefined) return undefined;
    for (let i = op.sources.length - 1; i >= 0; i--) {
      const source = op.sources[i] as CopySource;
      const state = await this.fromSource(op, source, p, under);
      if (state) return state;
    }
    return undefined;
  }

  private async fromSource(
    op: Extract<FsOp, { kind: 'place' }>,
    source: CopySource,
    p: string,
    under: string | undefined,
  ): Promise<ImageFileState | undefined> {
    switch (source.kind) {
      case 'external':
        return { state: 'unknown', why: `${op.instruction} at line ${op.at.line} adds content that is not in the build context`, cause: 'external' };
      case 'heredoc':
        if (p !== op.dest) return undefined;
        return withChmod(
          {
            state: 'file',
            executable: false,
            mode: 0o644,
            modeFrom: 'heredoc',
            placedAt: op.at,
            chmodAt: undefined,
            contextPath: undefined,
            contextAbsPath: undefined,
            inline: source.content,
          },
          op,
        );
      case 'stage': {
        const candidates = op.destIsDir
          ? under === undefined
            ? []
            : [path.posix.join(source.path, under), ...(path.posix.basename(source.path) === under ? [source.path] : [])]
          : p === op.dest
            ? [source.path]
            : [path.posix.join(source.path, under ?? '')];
        for (const candidate of candidates) {
          const state = await this.lookup(source.stage, candidate);
          if (state.state !== 'absent')
            return state.state === 'file'
              ? withChmod({ ...state, placedAt: op.at, modeFrom: state.modeFrom === 'base image' ? 'stage' : state.modeFrom }, op)
              : state;
        }
        return undefined;
      }
      case 'context':
        return this.fromContext(op, source, p, under);
    }
  }

  private async fromContext(
    op: Extract<FsOp, { kind: 'place' }>,
    source: Extract<CopySource, { kind: 'context' }>,
    p: string,
    under: string | undefined,
  ): Promise<ImageFileState | undefined> {
    const candidates: string[] = [];
    if (hasGlob(source.relPath)) {
      // Only the last path segment may hold a wildcard here; files matched land in the destination directory.
      const dir = path.posix.dirname(source.relPath);
      const matches = globMatcher(path.posix.basename(source.relPath));
      const name = under ?? path.posix.basename(p);
      if (!matches(name)) return undefined;
      candidates.push(path.posix.join(dir, name));
    } else if (p === op.dest) {
      candidates.push(source.relPath);
    } else if (under !== undefined) {
      // Directory source: its contents; file source into a directory destination: its basename.
      // The source's own type decides (one cached stat), rather than looking inside a file.
      const sourceRel = path.posix.normalize(source.relPath);
      const sourceMode = sourceRel.startsWith('..') ? undefined : await this.modes.modeOf(path.join(source.contextRoot, ...sourceRel.split('/')));
      if (!sourceMode && !sourceRel.startsWith('..') && !this.excluded(source.contextRoot, sourceRel)) return artefact(op, sourceRel);
      if (sourceMode?.isDirectory) candidates.push(path.posix.join(source.relPath, under));
      else if (op.destIsDir && path.posix.basename(source.relPath) === under) candidates.push(source.relPath);
    }
    for (const rel of candidates) {
      const normalised = path.posix.normalize(rel);
      if (normalised.startsWith('..')) continue;
      const absPath = path.join(source.contextRoot, ...normalised.split('/'));
      if (this.excluded(source.contextRoot, normalised)) continue;
      const mode = await this.modes.modeOf(absPath);
      if (!mode) {
        // The named source itself is not in the checkout: a build artefact (or a build that fails), not an empty path.
        if (!hasGlob(source.relPath) && normalised === path.posix.normalize(source.relPath)) return artefact(op, normalised);
        continue;
      }
      if (mode.isDirectory) {
        if (p === op.dest || candidates.length === 1) return { state: 'directory', placedAt: op.at };
        continue;
      }
      return withChmod(
        {
          state: 'file',
          executable: (mode.mode & 0o111) !== 0,
          mode: mode.mode,
          modeFrom: mode.from,
          placedAt: op.at,
          chmodAt: undefined,
          contextPath: normalised,
          contextAbsPath: absPath,
        },
        op,
      );
    }
    return undefined;
  }

  private excluded(contextRoot: string, rel: string): boolean {
    if (!this.dockerignores.has(contextRoot)) {
      let rules: Ignore | undefined;
      try {
        rules = dockerignoreRules(readFileSync(path.join(contextRoot, '.dockerignore'), 'utf8'));
      } catch {
        rules = undefined;
      }
      this.dockerignores.set(contextRoot, rules);
    }
    const ig = this.dockerignores.get(contextRoot);
    return ig !== undefined && rel !== '.' && ig.ignores(rel);
  }
}

/**
 * The rules of a .dockerignore text. The services of a monorepo copy one .dockerignore from
 * service to service; compiling its patterns once per text instead of once per build context
 * took a third off the `ignore` library's share of linting 1,000 Dockerfiles. Patterns match
 * paths relative to their own context, so one set of rules serves every context with the text.
 */
const rulesByText = new Map<string, Ignore>();
const MAX_RULE_TEXTS = 256;

function dockerignoreRules(text: string): Ignore {
  let rules = rulesByText.get(text);
  if (!rules) {
    rules = ignore().add(text);
    if (rulesByText.size >= MAX_RULE_TEXTS) rulesByText.delete(rulesByText.keys().next().value as string);
    rulesByText.set(text, rules);
  }
  return rules;
}

/**
 * Programs a known base image certainly lacks: `/bin/sh` where it has none, bash where it has
 * none (Alpine, busybox, distroless), the loader of a C library it does not have, and any
 * distribution program in distroless.
 */
function absentFromBase(base: BaseImageFacts, p: string): boolean {
  const name = path.posix.basename(p);
  if (base.binSh === 'none' && p === '/bin/sh') return true;
  if (!base.bash && name === 'bash') return true;
  // The dynamic loader of the other C library (ld-linux-*.so.* is glibc's, ld-musl-*.so.1 musl's): ld.so(8).
  // Only where the libc is verified (busybox:latest differs per architecture).
  const libcKnown = base.libcUnverified === undefined;
  if (libcKnown && name.startsWith('ld-linux') && name.includes('.so') && base.libc !== 'glibc') return true;
  if (libcKnown && name.startsWith('ld-musl-') && base.libc !== 'musl') return true;
  return base.withoutDistributionPrograms !== undefined && DISTRIBUTION_PROGRAMS.has(name);
}

/** The program an install step puts at `p`; `unknown-package` when it installs an OS package not in the knowledge base. */
function installedProgram(op: Extract<FsOp, { kind: 'install' }>, p: string): ImageFileState | 'unknown-package' | undefined {
  let unknown = false;
  for (const name of op.packages) {
    const facts = packageFacts(name);
    const paths = facts?.binaries[op.manager];
    if (paths === undefined) {
      // pip and npm packages install into their own directories and bring no shell or init.
      if (op.manager !== 'pip' && op.manager !== 'npm') unknown = true;
      continue;
    }
    if (paths.includes(p))
      return {
        state: 'file',
        executable: true,
        mode: 0o755,
        modeFrom: 'package',
        placedAt: op.at,
        chmodAt: undefined,
        contextPath: undefined,
        contextAbsPath: undefined,
      };
  }
  return unknown ? 'unknown-package' : undefined;
}

function covers(target: string, p: string, recursive: boolean): boolean {
  if (hasGlob(target)) return globMatcher(target)(p);
  return target === p || (recursive && (target === '/' || p.startsWith(`${target}/`)));
}

function withChmod(state: Extract<ImageFileState, { state: 'file' }>, op: Extract<FsOp, { kind: 'place' }>): ImageFileState {
  return op.chmod ? applyChange(state, op.chmod, op.at, 'copy --chmod') : state;
}

function applyChmod(state: ImageFileState, pending: { change: FsModeChange; at: Location } | undefined): ImageFileState {
  if (!pending || state.state !== 'file') return state;
  return applyChange(state, pending.change, pending.at, 'RUN chmod');
}

function applyChange(
  state: Extract<ImageFileState, { state: 'file' }>,
  change: FsModeChange,
  where: Location,
  how: 'copy --chmod' | 'RUN chmod',
): ImageFileState {
  if (change.kind === 'absolute') return { ...state, mode: change.mode, executable: (change.mode & 0o111) !== 0, modeFrom: how, chmodAt: where };
  if (change.exec === 'unchanged') return state;
  return { ...state, executable: change.exec === 'set', mode: undefined, modeFrom: how, chmodAt: where };
}

function artefact(op: Extract<FsOp, { kind: 'place' }>, rel: string): ImageFileState {
  return {
    state: 'unknown',
    why: `${op.instruction} at line ${op.at.line} copies ${rel}, which the build context does not have (a build output, or the build fails)`,
    cause: 'artefact',
  };
}
