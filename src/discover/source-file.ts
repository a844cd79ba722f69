import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

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

/**
 * `stat`, or `undefined` for a path that cannot be looked at: missing (answered without
 * building an Error), under a file (ENOTDIR), in a symbolic-link loop (ELOOP), not permitted.
 * Paths from the user's files (build contexts, chart directories) can be any of these.
 */
export function statIfAny(p: string): Stats | undefined {
  try {
    return statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Reads a file as UTF-8 text, refusing binary and invalid UTF-8 content instead of throwing.
 * Synchronous like the walk (a promise per small file cost more than the read), and never
 * more than `maxBytes + 1` bytes: the size is checked on the open descriptor, and a file
 * that grows or lies about its size (a FIFO, /proc) is still cut at the limit.
 */
export function readSourceText(absPath: string, maxBytes = DEFAULT_MAX_FILE_SIZE): Promise<ReadResult> {
  return Promise.resolve(readSourceTextSync(absPath, maxBytes));
}

export function readSourceTextSync(absPath: string, maxBytes = DEFAULT_MAX_FILE_SIZE): ReadResult {
  let fd: number | undefined;
  try {
    // Opening a FIFO blocks until something writes to it, unless non-blocking: only regular files are read.
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { ok: false, problem: 'unreadable', detail: 'not a regular file (pipe it to standard input with -)' };
    if (info.size > maxBytes) return { ok: false, problem: 'too-large', detail: `${info.size} bytes, above the limit of ${maxBytes}` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size + 1, 4096), maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, problem: 'too-large', detail: `more than ${maxBytes} bytes, the limit` };
      // A short read that brings the file to the size it has: the end (one read per file instead of two).
      if (n < chunk.length && total === info.size) break;
    }
    return decodeText(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
  } catch (error) {
    return { ok: false, problem: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Fatal: invalid UTF-8 is refused, not replaced. Without `stream`, each decode starts afresh. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Buffer): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, problem: 'not-utf8', detail: 'UTF-16 byte order mark; save the file as UTF-8' };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { ok: false, problem: 'binary', detail: 'contains NUL bytes' };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, problem: 'not-utf8', detail: 'invalid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}
