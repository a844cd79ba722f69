import { readFile, stat } from 'node:fs/promises';

export type InputKind = 'dockerfile' | 'manifest';

/** A file the user gave, read once. */
export interface SourceFile {
  /** Absolute path. */
  readonly absPath: string;
  /** Path shown in reports: relative to the working directory, forward slashes. */
  readonly displayPath: string;
  readonly kind: InputKind;
  /** Named explicitly on the command line (not found by walking a directory). */
  readonly explicit: boolean;
}

export type ReadResult = { ok: true; text: string } | { ok: false; problem: 'unreadable' | 'binary' | 'not-utf8' | 'too-large'; detail: string };

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** Reads a file as UTF-8 text, refusing binary and invalid UTF-8 content instead of throwing. */
export async function readSourceText(absPath: string, maxBytes = DEFAULT_MAX_FILE_SIZE): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    const info = await stat(absPath);
    if (info.size > maxBytes) return { ok: false, problem: 'too-large', detail: `${info.size} bytes, above the limit of ${maxBytes}` };
    bytes = await readFile(absPath);
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  return decodeText(bytes);
}

export function decodeText(bytes: Buffer): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: 'not-utf8', detail: 'UTF-16 byte order mark; save the file as UTF-8' };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { ok: false, problem: 'binary', detail: 'contains NUL bytes' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, problem: 'not-utf8', detail: 'invalid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}
