import type { ShellKind } from '../knowledge/types.js';
import type { Stage } from '../model/image.js';
import type { ShellWord } from '../parse/shell.js';

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
