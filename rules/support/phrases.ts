import type { ShellKind } from '../../src/knowledge/types.js';
import type { Stage } from '../../src/model/image/stage.js';
import type { JoinedImage } from '../../src/model/join.js';
import { imagePathOf, type ResolvedProgram } from '../../src/model/image/lookup.js';
import type { JoinedContainer } from '../../src/model/join.js';
import type { ShellWord } from '../../src/parse/shell.js';
import type { RelatedLocation } from '../../src/engine/rule.js';

/*
 * Phrases several rules put into their messages. Wording lives with the rules, never in
 * src/predict, which computes values only.
 */

/** `/bin/sh (dash, python:3.12-slim is Debian)`: which shell, and why lint-k8s thinks so. */
export function describeShell(shellArgv0: string, kind: ShellKind, stage: Stage): string {
  const name = kind === 'busybox' ? 'busybox ash' : kind;
  if (shellArgv0.endsWith('/sh') || shellArgv0 === 'sh') {
    const from = stage.base ? `${stage.from ?? stage.fromRaw} is ${stage.base.variant}` : undefined;
    return `${shellArgv0} (${name}${from ? `, ${from}` : ''})`;
  }
  return `${shellArgv0} (${name})`;
}

/** The exec form a shell-form command should be written as, when its words are literal. */
export function execFormSuggestion(keyword: 'CMD' | 'ENTRYPOINT', words: readonly ShellWord[] | undefined): string | undefined {
  if (!words || words.length === 0 || words.some((w) => w.literal === undefined)) return undefined;
  return `${keyword} ${JSON.stringify(words.map((w) => w.literal))}`.replace(/","/g, '", "');
}

export function keywordOf(stage: Stage): 'CMD' | 'ENTRYPOINT' {
  return stage.entrypoint?.value ? 'ENTRYPOINT' : 'CMD';
}

/** Why a program is not in the image, in words a user can check. */
export function whyAbsent(program: ResolvedProgram, stage: Stage): string {
  const from =
    stage.baseState === 'scratch' ? 'FROM scratch starts empty' : stage.base ? `${stage.from ?? stage.fromRaw} (${stage.base.variant}) has none` : undefined;
  const where = program.via === 'PATH' ? `no directory of PATH (${imagePathOf(stage)}) has it` : `${program.imagePath ?? program.argv0} does not exist`;
  return `${where}: nothing in the Dockerfile puts it there${from ? ` and ${from}` : ''}`;
}

/** `image ghcr.io/acme/api is built from services/api/Dockerfile (joined by skaffold.yaml)`, for messages. */
export function describeJoin(container: JoinedContainer, joined: JoinedImage): string {
  if (joined.source === 'unknown') return `image ${container.image ?? ''} is not known to lint-k8s; its command decides what runs`;
  if (joined.source === 'built' && joined.image)
    return `image ${container.image ?? ''} is built from ${joined.image.file} (joined by ${joined.via?.shown ?? 'config'})`;
  return `image ${container.image ?? ''} is ${joined.stage.base?.variant ?? 'a known image'}`;
}

/** Related locations that show where a joined container's image comes from. */
export function joinRelated(joined: JoinedImage): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (joined.source === 'built' && joined.image) out.push({ at: joined.stage.at, message: `the image is built here (${joined.image.file})` });
  if (joined.via?.at) out.push({ at: joined.via.at, message: `${joined.via.shown} maps the image to ${joined.image?.file ?? 'this Dockerfile'}` });
  return out;
}

/** The image a joined container runs, for messages. */
export function imageName(joined: JoinedImage): string {
  const base = joined.stage.base;
  if (joined.source === 'built' && joined.image)
    return `the image built from ${joined.image.file} (${joined.stage.from ?? joined.stage.fromRaw}${base ? `, ${base.variant}` : ''})`;
  return `${joined.stage.from ?? 'the image'}${base ? ` (${base.variant})` : ''}`;
}

/** `0644`. */
export function octalMode(mode: number | undefined, fallback: string): string {
  return mode?.toString(8).padStart(4, '0') ?? fallback;
}

/**
 * The fix for a shell that stays PID 1 because its last statement is a loop, which no shell can
 * exec: a trap that exits runs when the loop's current command returns (lab cases "trap-loop-*"),
 * so it ends the shell within the loop's sleep; or the long-running program is exec'd instead.
 */
export function loopFix(boundedSeconds: number | undefined, runsToCompletion = false): string {
  // A Job's or init container's loop (waiting for a service) must go on doing what it does: only the trap fits.
  if (runsToCompletion)
    return "Add `trap 'exit 0' TERM` before the loop: it runs when the loop's current command returns, so keep each pass short (a `sleep` of a few seconds)";
  return boundedSeconds !== undefined
    ? `No shell can exec a loop: add \`trap 'exit 0' TERM\` before it (the trap runs when the loop's current command returns, here within ${boundedSeconds} s), or \`exec\` the long-running program instead of looping`
    : "No shell can exec a loop: `exec` the long-running program instead of looping, or add `trap 'exit 0' TERM` before it and keep each pass short (a `sleep` of a few seconds), since the trap runs only when the loop's current command returns";
}

/** Commands a shell runs itself: a script whose last line is one of these has no program left to `exec`. */
export const SHELL_BUILTINS: ReadonlySet<string> = new Set(
  'exit return echo printf true false : set export unset shift test [ cd trap read local eval . source wait'.split(' '),
);

/** The fix for a script that does its work and ends (its last line is a builtin, a function of its own, or it runs to completion). */
export const BATCH_SCRIPT_FIX =
  'An `exec` would not help a script that does its work before its last line: run it where it is not PID 1, under an init that forwards SIGTERM (`tini -- /bin/sh script.sh`) or with `shareProcessNamespace: true`, so SIGTERM ends it (143)';
