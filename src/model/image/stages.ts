import path from 'node:path';
import type { Copy, Flag, Instruction, JSONInstruction } from 'dockerfile-ast';
import { findBaseImage } from '../../knowledge/base-images.js';
import type { BaseImageFacts } from '../../knowledge/types.js';
import { instructionRange, type ParsedDockerfile } from '../../parse/dockerfile.js';
import { parseShell } from '../../parse/shell.js';
import { expand } from '../common/expand.js';
import { at, type Location } from '../../parse/location.js';
import { resolveImagePath } from '../common/paths.js';
import { analyzeRun, parseSymbolicMode, type ImageFileSystem } from './image-fs.js';
import type { CommandSpec, FsModeChange, FsOp, InlineContent, RunStep, Setting, Stage } from './stage.js';
import { DEFAULT_SHELL } from './stage.js';

interface BuildState {
  name: string | undefined;
  index: number;
  at: Location;
  from: string | undefined;
  fromRaw: string;
  parent: Stage | undefined;
  base: BaseImageFacts | undefined;
  baseState: Stage['baseState'];
  entrypoint: Setting<CommandSpec | null> | undefined;
  cmd: Setting<CommandSpec | null> | undefined;
  shell: Setting<readonly string[]>;
  user: Setting<string> | undefined;
  stopSignal: Setting<string> | undefined;
  workdir: string;
  env: Map<string, string | undefined>;
  vars: Map<string, string | undefined>;
  fsOps: FsOp[];
  packages: Set<string>;
  runs: RunStep[];
  cmdSetHere: boolean;
}

export interface ImageInput {
  readonly file: string;
  readonly absPath: string;
  readonly parsed: ParsedDockerfile;
  readonly fs: ImageFileSystem;
}

/** A Dockerfile's stages: the settings of each and the files placed into them. */
export interface ImageStages {
  /** Display path of the Dockerfile. */
  readonly file: string;
  readonly absPath: string;
  /** The build context: the Dockerfile's directory. */
  readonly contextDir: string;
  readonly stages: readonly Stage[];
  readonly final: Stage | undefined;
  readonly escape: string;
}

/** Builds the stages of a Dockerfile: the settings of each and the files placed into them. */
export async function buildStages(input: ImageInput): Promise<ImageStages> {
  const { parsed, file } = input;
  const escape = parsed.escape;
  const loc = (i: Instruction): Location => at(file, instructionRange(i));
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  let state: BuildState | undefined;

  const finish = (): void => {
    if (state) stages.push(freeze(state));
  };

  for (const instruction of parsed.ast.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      finish();
      state = startStage(instruction, stages, globalArgs, loc(instruction), escape);
      continue;
    }
    if (!state) {
      if (keyword === 'ARG') for (const [name, value] of argDeclarations(instruction, globalArgs, escape)) globalArgs.set(name, value);
      continue;
    }
    const s: BuildState = state;
    const vars = s.vars;
    switch (keyword) {
      case 'ARG':
        for (const [name, value] of argDeclarations(instruction, vars, escape, globalArgs)) vars.set(name, value);
        break;
      case 'ENV':
        for (const property of propertiesOf(instruction)) {
          const value = property.value === null ? undefined : expand(property.value, vars, escape);
          s.env.set(property.name, value);
          vars.set(property.name, value);
        }
        break;
      case 'WORKDIR': {
        const value = expand(instruction.getArgumentsContent() ?? '', vars, escape);
        s.workdir = value === undefined ? s.workdir : resolveImagePath(value, s.workdir);
        break;
      }
      case 'USER': {
        const value = expand(instruction.getArgumentsContent() ?? '', vars, escape);
        if (value !== undefined) s.user = { value: value.trim(), at: loc(instruction) };
        break;
      }
      case 'STOPSIGNAL': {
        const value = expand(instruction.getArgumentsContent() ?? '', vars, escape);
        if (value !== undefined) s.stopSignal = { value: value.trim(), at: loc(instruction) };
        break;
      }
      case 'SHELL': {
        const argv = jsonArray(instruction.getArgumentsContent());
        if (argv) s.shell = { value: argv, at: loc(instruction) };
        break;
      }
      case 'ENTRYPOINT':
        s.entrypoint = { value: commandSpec(instruction, s.shell.value, loc(instruction)), at: loc(instruction) };
        // ENTRYPOINT resets a CMD inherited from the base image or stage (Dockerfile reference, "Understand how CMD and ENTRYPOINT interact").
        if (!s.cmdSetHere) s.cmd = undefined;
        break;
      case 'CMD':
        s.cmd = { value: commandSpec(instruction, s.shell.value, loc(instruction)), at: loc(instruction) };
        s.cmdSetHere = true;
        break;
      case 'COPY':
      case 'ADD':
        s.fsOps.push(...copyOps(instruction as Copy, keyword, s, stages, input, loc(instruction)));
        break;
      case 'RUN': {
        const script = runScript(instruction);
        const shell = script === undefined ? undefined : await parseShell(script);
        const step: RunStep = { at: loc(instruction), script, shell };
        s.runs.push(step);
        const effects = analyzeRun(step, s.workdir);
        s.fsOps.push(...effects.ops);
        for (const p of effects.packages) s.packages.add(p);
        break;
      }
      default:
        break;
    }
  }
  finish();
  return { file, absPath: input.absPath, contextDir: path.dirname(input.absPath), stages, final: stages[stages.length - 1], escape };
}

function freeze(s: BuildState): Stage {
  return {
    index: s.index,
    name: s.name,
    at: s.at,
    from: s.from,
    fromRaw: s.fromRaw,
    parent: s.parent,
    base: s.base,
    baseState: s.baseState,
    baseConfigUnknown: s.baseState === 'unknown',
    entrypoint: s.entrypoint,
    cmd: s.cmd,
    shell: s.shell,
    user: s.user,
    stopSignal: s.stopSignal,
    workdir: s.workdir,
    env: s.env,
    fsOps: s.fsOps,
    packages: s.packages,
    runs: s.runs,
  };
}

function startStage(
  instruction: Instruction,
  stages: readonly Stage[],
  globalArgs: ReadonlyMap<string, string | undefined>,
  where: Location,
  escape: string,
): BuildState {
  const args = instruction.getArguments().filter((a) => !a.getValue().startsWith('--'));
  const fromRaw = args[0]?.getValue() ?? '';
  const from = expand(fromRaw, globalArgs, escape);
  const asIndex = args.findIndex((a) => a.getValue().toLowerCase() === 'as');
  const name = asIndex > 0 ? args[asIndex + 1]?.getValue().toLowerCase() : undefined;
  const parent = from === undefined ? undefined : stages.find((st) => st.name !== undefined && st.name === from.toLowerCase());
  const common = {
    name,
    index: stages.length,
    at: where,
    from,
    fromRaw,
    parent,
    fsOps: [] as FsOp[],
    packages: new Set<string>(parent?.packages ?? []),
    runs: [] as RunStep[],
    cmdSetHere: false,
  };
  if (parent) {
    const env = new Map(parent.env);
    return {
      ...common,
      base: parent.base,
      baseState: parent.baseState,
      entrypoint: parent.entrypoint,
      cmd: parent.cmd,
      shell: parent.shell,
      user: parent.user,
      stopSignal: parent.stopSignal,
      workdir: parent.workdir,
      env,
      vars: new Map(env),
    };
  }
  const isScratch = from?.toLowerCase() === 'scratch';
  const base = from === undefined || isScratch ? undefined : findBaseImage(from);
  const env = new Map<string, string | undefined>();
  if (base) env.set('PATH', base.path);
  const fromBase = (argv: readonly string[] | null | undefined): Setting<CommandSpec | null> | undefined =>
    argv ? { value: { form: 'exec', argv, at: where }, at: undefined } : undefined;
  return {
    ...common,
    base,
    baseState: isScratch ? 'scratch' : base ? 'known' : 'unknown',
    entrypoint: fromBase(base?.entrypoint),
    cmd: fromBase(base?.cmd),
    shell: { value: DEFAULT_SHELL, at: undefined },
    user: base && base.user !== '' ? { value: base.user, at: undefined } : undefined,
    stopSignal: base?.stopSignal ? { value: base.stopSignal, at: undefined } : undefined,
    workdir: base?.workdir ?? '/',
    env,
    vars: new Map(env),
  };
}

function argDeclarations(
  instruction: Instruction,
  vars: ReadonlyMap<string, string | undefined>,
  escape: string,
  globalArgs?: ReadonlyMap<string, string | undefined>,
): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const property of propertiesOf(instruction)) {
    if (property.value !== null) {
      out.push([property.name, expand(property.value, vars, escape)]);
    } else if (globalArgs?.has(property.name)) {
      // `ARG NAME` inside a stage takes the global default (Dockerfile reference, "Understand how ARG and FROM interact").
      out.push([property.name, globalArgs.get(property.name)]);
    } else {
      out.push([property.name, undefined]);
    }
  }
  return out;
}

function propertiesOf(instruction: Instruction): { name: string; value: string | null }[] {
  const withProps = instruction as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] };
  return (withProps.getProperties?.() ?? []).map((p) => ({ name: p.getName(), value: p.getValue() }));
}

/** Docker treats the arguments as exec form only when they parse as a JSON array of strings; otherwise as shell form. */
export function jsonArray(text: string | null): string[] | undefined {
  if (text === null) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    return undefined;
  }
  return undefined;
}

function commandSpec(instruction: Instruction, shell: readonly string[], where: Location): CommandSpec | null {
  const content = instruction.getArgumentsContent();
  const argv = jsonArray(content);
  if (argv) return argv.length === 0 ? null : { form: 'exec', argv, at: where };
  if (content === null || content.trim() === '') return null;
  // Dockerfile reference, shell and exec form: "The exec form is parsed as a JSON array"; anything else is shell form.
  if (content.trim().startsWith('[')) return { form: 'shell', script: content, at: where, shell, brokenExecForm: true };
  return { form: 'shell', script: content, at: where, shell };
}

function runScript(instruction: Instruction): string | undefined {
  const heredocs = (instruction as unknown as { getHeredocs?: () => { getContentRange(): unknown }[] }).getHeredocs?.() ?? [];
  const content = instruction.getArgumentsContent() ?? '';
  if (heredocs.length > 0) {
    // RUN <<EOF … EOF: the body is the script (BuildKit heredocs).
    const lines = (instruction.getRawArgumentsContent() ?? '').split('\n');
    return lines.slice(1, -1).join('\n');
  }
  const argv = jsonArray(content);
  if (argv) return argv.length >= 3 && /(^|\/)(ba|da|a)?sh$/.test(argv[0] ?? '') && argv[1] === '-c' ? argv[2] : undefined;
  return content;
}

function flagValue(instruction: Instruction, name: string): Flag | undefined {
  const flags = (instruction as unknown as { getFlags?: () => Flag[] }).getFlags?.() ?? [];
  return flags.find((f) => f.getName() === name);
}

function copyOps(instruction: Copy, keyword: 'COPY' | 'ADD', s: BuildState, stages: readonly Stage[], input: ImageInput, where: Location): FsOp[] {
  const escape = input.parsed.escape;
  const chmodFlag = flagValue(instruction, 'chmod')?.getValue() ?? undefined;
  const chmod = chmodFlag === undefined ? undefined : parseChmodFlag(expand(chmodFlag, s.vars, escape));
  const fromFlag = flagValue(instruction, 'from')?.getValue() ?? undefined;
  const heredocs = keyword === 'COPY' ? instruction.getHeredocs() : [];
  let words: (string | undefined)[];
  const json = jsonArray(instruction.getArgumentsContent());
  if (json) words = json.map((w) => expand(w, s.vars, escape));
  else words = (instruction as unknown as JSONInstruction).getArguments().map((a) => expand(a.getValue(), s.vars, escape));
  if (heredocs.length > 0) {
    // COPY <<EOF /path: the file is created with mode 0644 unless --chmod says otherwise; the destination ends the first line.
    const firstLine = (instruction.getArgumentsContent() ?? '').split('\n')[0] ?? '';
    const lineWords = firstLine.split(/\s+/).filter((w) => w !== '' && !w.startsWith('<<'));
    const last = lineWords[lineWords.length - 1];
    const dest = last === undefined ? undefined : expand(last, s.vars, escape);
    if (dest === undefined) return [{ kind: 'opaque', at: where, paths: 'all' }];
    return [
      {
        kind: 'place',
        at: where,
        dest: resolveImagePath(dest, s.workdir),
        destIsDir: false,
        sources: [{ kind: 'heredoc', content: heredocContent(heredocs[0]?.getContentRange() ?? null, input.parsed.text, input.file) }],
        chmod,
        instruction: keyword,
      },
    ];
  }
  const dest = words[words.length - 1];
  const sources = words.slice(0, -1);
  if (dest === undefined || sources.length === 0 || sources.some((w) => w === undefined)) {
    return dest === undefined ? [{ kind: 'opaque', at: where, paths: 'all' }] : [{ kind: 'opaque', at: where, paths: [resolveImagePath(dest, s.workdir)] }];
  }
  const destPath = resolveImagePath(dest, s.workdir);
  const destIsDir = dest.endsWith('/') || dest === '.' || sources.length > 1;
  let fromStage: Stage | 'image' | undefined;
  if (fromFlag !== undefined) {
    const name = expand(fromFlag, s.vars, escape)?.toLowerCase();
    fromStage = stages.find((st) => st.name === name || String(st.index) === name) ?? 'image';
  }
  return [
    {
      kind: 'place',
      at: where,
      dest: destPath,
      destIsDir,
      instruction: keyword,
      chmod,
      sources: (sources as string[]).map((src) => {
        if (fromStage === 'image') return { kind: 'external' as const };
        if (fromStage) return { kind: 'stage' as const, stage: fromStage, path: resolveImagePath(src, fromStage.workdir) };
        if (keyword === 'ADD' && /^(https?|git):\/\/|^git@/.test(src)) return { kind: 'external' as const };
        const rel = path.posix.normalize(src).replace(/^\/+/, '');
        if (keyword === 'ADD' && /\.(tar|tgz|tar\.(gz|bz2|xz|zst))$/.test(rel)) return { kind: 'external' as const };
        return { kind: 'context' as const, contextRoot: path.dirname(input.absPath), relPath: rel === '' ? '.' : rel };
      }),
    },
  ];
}

/** The text of a here-document (0-based LSP range into the Dockerfile's text). */
function heredocContent(
  range: { start: { line: number; character: number }; end: { line: number; character: number } } | null,
  text: string,
  file: string,
): InlineContent | undefined {
  if (range === null) return undefined;
  const lines = text.split('\n');
  const body = lines.slice(range.start.line, range.end.line + 1);
  if (body.length === 0) return undefined;
  body[body.length - 1] = (body[body.length - 1] ?? '').slice(0, range.end.line === range.start.line ? range.end.character : range.end.character);
  body[0] = (body[0] ?? '').slice(range.start.character);
  return { text: `${body.join('\n')}\n`, file, line: range.start.line + 1 };
}

/** `--chmod=755` (octal) or a symbolic mode (`+x`, `u=rwx,go=rx`). */
export function parseChmodFlag(value: string | undefined): FsModeChange | undefined {
  if (value === undefined) return undefined;
  if (/^[0-7]{3,4}$/.test(value)) return { kind: 'absolute', mode: Number.parseInt(value, 8) & 0o7777 };
  return parseSymbolicMode(value);
}
