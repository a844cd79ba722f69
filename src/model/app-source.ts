import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HANDLER_HINTS, type HandlerHints } from '../knowledge/app-signals.js';

/** Whether an application's source suggests it handles SIGTERM: `unknown` when it could not be read. */
export type HandlerEvidence =
  { readonly found: true; readonly hint: string; readonly file: string } | { readonly found: false; readonly files: number } | 'unknown';

const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
const MAX_GO_FILES = 2000;

/** Looks for a handler hint in one entry file (Node/Python: the file the command names). */
export async function handlerInFile(language: HandlerHints['language'], absPath: string): Promise<HandlerEvidence> {
  try {
    const text = await readFile(absPath, 'utf8');
    if (text.length > MAX_SOURCE_BYTES) return 'unknown';
    const hint = HANDLER_HINTS[language].hints.find((h) => text.includes(h));
    return hint ? { found: true, hint, file: absPath } : { found: false, files: 1 };
  } catch {
    return 'unknown';
  }
}

/** Every `.go` file under a directory (vendored packages included: a library may install the handler). */
export async function goFiles(dir: string): Promise<string[] | undefined> {
  const out: string[] = [];
  const walk = async (current: string): Promise<boolean> => {
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (out.length >= MAX_GO_FILES) return false;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === '.git' || entry.name === 'node_modules' || entry.name === 'testdata') continue;
        if (!(await walk(full))) return false;
      } else if (entry.isFile() && entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) out.push(full);
    }
    return true;
  };
  return (await walk(dir)) ? out : undefined;
}

/** The first of `needles` found in any of the files, or `undefined`; files that cannot be read count as unknown. */
export async function findInFiles(files: readonly string[], needles: readonly string[]): Promise<{ needle: string; file: string } | undefined | 'unknown'> {
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return 'unknown';
    }
    const needle = needles.find((n) => text.includes(n));
    if (needle) return { needle, file };
  }
  return undefined;
}
