import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { readContextText } from '../image/context-file.js';
import { HANDLER_HINTS, type HandlerHints } from '../../knowledge/app-signals.js';

/** Whether an application's source suggests it handles SIGTERM: `unknown` when it could not be read. */
export type HandlerEvidence =
  { readonly found: true; readonly hint: string; readonly file: string } | { readonly found: false; readonly files: number } | 'unknown';

const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
const MAX_GO_FILES = 2000;

/**
 * Looks for a handler hint in one entry file (Node/Python: the file the command names). Reads are
 * synchronous like every read of the input (a promise per small file costs more than the read).
 */
export function handlerInFile(language: HandlerHints['language'], absPath: string): Promise<HandlerEvidence> {
  const text = readContextText(absPath, MAX_SOURCE_BYTES);
  if (text === undefined) return Promise.resolve('unknown');
  const hint = HANDLER_HINTS[language].hints.find((h) => text.includes(h));
  return Promise.resolve(hint ? { found: true, hint, file: absPath } : { found: false, files: 1 });
}

/** Every `.go` file under a directory (vendored packages included: a library may install the handler). */
export async function goFiles(dir: string): Promise<string[] | undefined> {
  const out: string[] = [];
  const walk = async (current: string): Promise<boolean> => {
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
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

/** A Go source file read whole when searched: generated ones (bindata) reach tens of megabytes. */
const MAX_GO_FILE_BYTES = 64 * 1024 * 1024;

/** The first of `needles` found in any of the files, or `undefined`; files that cannot be read count as unknown. */
export function findInFiles(files: readonly string[], needles: readonly string[]): Promise<{ needle: string; file: string } | undefined | 'unknown'> {
  for (const file of files) {
    const text = readContextText(file, MAX_GO_FILE_BYTES);
    if (text === undefined) return Promise.resolve('unknown');
    const needle = needles.find((n) => text.includes(n));
    if (needle) return Promise.resolve({ needle, file });
  }
  return Promise.resolve(undefined);
}
