import path from 'node:path';
import { GO_CGO_PACKAGES, HANDLER_HINTS } from '../../knowledge/app-signals.js';
import { simpleCommands } from '../image/image-fs.js';
import { type FsOp } from '../image/stage.js';
import type { Stage } from '../image/stage.js';
import type { Location } from '../../parse/location.js';
import { resolveImagePath } from '../common/paths.js';
import { findInFiles, goFiles, type HandlerEvidence } from './app-source.js';

/**
 * A Go binary of the final image, traced back to the `go build` that produced it in an
 * earlier stage (`COPY --from=build /out/app /app`).
 */
export interface GoBuild {
  readonly at: Location;
  /** The stage that ran `go build`. */
  readonly stage: Stage;
  /**
   * How the binary links: `static` (CGO_ENABLED=0, no C compiler, or static flags), the C
   * library the build stage has when cgo is on and a cgo-using package is imported, or unknown.
   */
  readonly links: 'static' | 'glibc' | 'musl' | 'unknown';
  /** Why lint-k8s thinks so, for messages. */
  readonly linkWhy: string;
  readonly signalHandler: HandlerEvidence;
}

/** The C compiler packages that turn cgo on in an Alpine golang image. */
const ALPINE_CC = new Set(['gcc', 'build-base', 'musl-dev', 'clang']);

export async function goBuildOf(final: Stage, imagePathOfBinary: string): Promise<GoBuild | undefined> {
  const origin = stageOrigin(final, imagePathOfBinary);
  if (!origin) return undefined;
  const { stage, path: builtPath } = origin;
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const run of [...s.runs].reverse()) {
      if (!run.shell) continue;
      let exported: string | undefined;
      for (const command of simpleCommands(run.shell.statements)) {
        const argv = command.words.map((w) => w.literal);
        if (argv[0] === 'export') {
          for (const word of argv.slice(1)) if (word?.startsWith('CGO_ENABLED=')) exported = word.slice('CGO_ENABLED='.length);
          continue;
        }
        if (argv[0] !== 'go' || argv[1] !== 'build') continue;
        const output = outputOf(argv, s.workdir);
        if (output === undefined || (output !== builtPath && !(output.endsWith('/') && resolveImagePath(path.posix.basename(builtPath), output) === builtPath)))
          continue;
        const inline = command.assignments.find((a) => a.name === 'CGO_ENABLED');
        const cgo = inline ? inline.value?.literal : (exported ?? stage.env.get('CGO_ENABLED'));
        return {
          at: run.at,
          stage: s,
          ...(await linking(s, cgo, argv)),
          signalHandler: await goHandler(s),
        };
      }
    }
  }
  return undefined;
}

/** The stage and path a final-image file was copied from (`COPY --from`). */
function stageOrigin(final: Stage, p: string): { stage: Stage; path: string } | undefined {
  for (let i = final.fsOps.length - 1; i >= 0; i--) {
    const op = final.fsOps[i] as FsOp;
    if (op.kind !== 'place') continue;
    const under = p.startsWith(`${op.dest}/`) ? p.slice(op.dest.length + 1) : undefined;
    if (p !== op.dest && under === undefined) continue;
    const source = op.sources.length === 1 ? op.sources[0] : undefined;
    if (source?.kind !== 'stage') return undefined;
    if (p === op.dest && !op.destIsDir) return { stage: source.stage, path: source.path };
    if (under !== undefined)
      return { stage: source.stage, path: under === path.posix.basename(source.path) ? source.path : path.posix.join(source.path, under) };
    return undefined;
  }
  return undefined;
}

function outputOf(argv: readonly (string | undefined)[], workdir: string): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-o') {
      const value = argv[i + 1];
      return value === undefined ? undefined : resolveImagePath(value, workdir) + (value.endsWith('/') ? '/' : '');
    }
    if (arg?.startsWith('-o=')) return resolveImagePath(arg.slice(3), workdir);
  }
  return undefined;
}

async function linking(stage: Stage, cgo: string | undefined, argv: readonly (string | undefined)[]): Promise<Pick<GoBuild, 'links' | 'linkWhy'>> {
  if (cgo === '0') return { links: 'static', linkWhy: 'built with CGO_ENABLED=0' };
  if (argv.some((a) => a === undefined)) return { links: 'unknown', linkWhy: 'the go build command has arguments lint-k8s cannot read' };
  if (argv.some((a) => a?.includes('netgo') || a?.includes('-static'))) return { links: 'static', linkWhy: 'built with static link flags' };
  const base = stage.base;
  if (!base || base.repository !== 'golang') return { links: 'unknown', linkWhy: 'the build stage is not a known golang image' };
  // cmd/go turns cgo off when no C compiler is found (Go 1.20 release notes): golang:*-alpine has none unless one is installed.
  const hasCompiler = base.libc === 'glibc' || [...stage.packages].some((p) => ALPINE_CC.has(p));
  if (cgo !== '1' && !hasCompiler) return { links: 'static', linkWhy: `${stage.from ?? 'the build image'} has no C compiler, so cgo is off` };
  const dir = contextOf(stage);
  const files = dir ? await goFiles(dir) : undefined;
  const imported = files ? await findInFiles(files, GO_CGO_PACKAGES) : 'unknown';
  if (imported === undefined) return { links: 'static', linkWhy: 'its sources import no package that uses cgo' };
  if (imported === 'unknown') return { links: 'unknown', linkWhy: 'its sources could not be read' };
  const libc = base.libc === 'musl' ? 'musl' : 'glibc';
  return {
    links: libc,
    linkWhy: `cgo is on (${cgo === '1' ? 'CGO_ENABLED=1' : `the default: ${stage.from ?? 'the build image'} has a C compiler`}) and ${path.basename(imported.file)} imports ${imported.needle}, so it links ${libc} dynamically`,
  };
}

async function goHandler(stage: Stage): Promise<HandlerEvidence> {
  const dir = contextOf(stage);
  const files = dir ? await goFiles(dir) : undefined;
  if (!files || files.length === 0) return 'unknown';
  const found = await findInFiles(files, HANDLER_HINTS.go.hints);
  if (found === 'unknown') return 'unknown';
  return found ? { found: true, hint: found.needle, file: found.file } : { found: false, files: files.length };
}

/** The build-context directory the stage copied its sources from. */
function contextOf(stage: Stage): string | undefined {
  for (let s: Stage | undefined = stage; s; s = s.parent) {
    for (const op of s.fsOps) {
      if (op.kind !== 'place') continue;
      for (const source of op.sources) if (source.kind === 'context') return source.contextRoot;
    }
  }
  return undefined;
}
