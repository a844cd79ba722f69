import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { statIfAny } from '../discover/source-file.js';
import { tty } from '../platform/node-builtins.js';

/**
 * Reports are produced piece by piece and written as they come. As one string, the SARIF log
 * of 25,000 findings is 32 MB of text, held twice over (a single character outside Latin-1,
 * such as the dash in a rule's help, makes V8 store all of it two bytes per character) and
 * copied once more into UTF-8 to be written: that string was the run's peak memory.
 */
const BATCH_LENGTH = 64 * 1024;

/** The pieces joined into strings of about BATCH_LENGTH characters: few writes, little held. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= BATCH_LENGTH) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

/** A file lint-k8s cannot write (a report, the baseline): a one-line error of the run (exit 2), not a crash. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

const FS_ERRORS: Readonly<Record<string, string>> = {
  EISDIR: 'it is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a component of the path is a file',
  ENOENT: 'no such directory',
};

/** `EISDIR: illegal operation…` → `it is a directory`: what a user can act on, without the syscall. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && FS_ERRORS[code]) ?? (code ? `${code}` : String(error));
}

/**
 * Checks, before the run, that `file` can be written: not a directory, and its directory
 * exists (created as `mkdir -p` does, as ESLint's `--output-file` does). Throws OutputError.
 */
export function prepareOutputFile(file: string, what: string): void {
  if (statIfAny(file)?.isDirectory()) throw new OutputError(`cannot write ${what} to ${file}: it is a directory`);
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (error) {
    throw new OutputError(`cannot write ${what} to ${file}: ${describeFileError(error)}`);
  }
}

/** Writes a report to a file (created or truncated, its directory created), or to standard output when no file is given. Throws OutputError. */
export async function writeReport(pieces: Iterable<string>, file: string | undefined): Promise<void> {
  if (file === undefined) return writeToStdout(pieces);
  prepareOutputFile(file, 'the report');
  let fd: number;
  try {
    fd = openSync(file, 'w');
  } catch (error) {
    throw new OutputError(`cannot write the report to ${file}: ${describeFileError(error)}`);
  }
  try {
    for (const batch of batches(pieces)) {
      const bytes = Buffer.from(batch, 'utf8');
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
    }
  } catch (error) {
    throw new OutputError(`cannot write the report to ${file}: ${describeFileError(error)}`);
  } finally {
    closeSync(fd);
  }
}

/** Until a stream can take more: drained, or closed or failed (then writing stops). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.on(event, done);
  });
}

/**
 * Standard output is written with plain `write(2)` calls on descriptor 1. `process.stdout`
 * would load net and Node's streams first (≈ 5 ms of a one-file run, which is ≈ 80 ms in all).
 * A descriptor set non-blocking by whoever opened it (EAGAIN) gets the rest through
 * `process.stdout`, which waits for the reader.
 */
async function writeToStdout(pieces: Iterable<string>): Promise<void> {
  const iterator = batches(pieces)[Symbol.iterator]();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    const bytes = Buffer.from(next.value, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(1, bytes, written);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A reader that stops early (`lint-k8s … | head`) closes the pipe: the rest of the report has nowhere to go, and that is not an error of the run.
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      await writeToStream(remaining(bytes.subarray(written), iterator));
      return;
    }
  }
}

/**
 * Short text (help, --list-rules, --print-config) written at once to standard output with
 * `write(2)`, as reports are: a reader that has closed the pipe (`| head -1`) ends it quietly.
 */
export function writeStdoutSync(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw error;
    process.stdout.write(bytes.subarray(written));
  }
}

function* remaining(first: Buffer, rest: Iterator<string>): Generator<string | Buffer> {
  yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}

async function writeToStream(pieces: Iterable<string | Buffer>): Promise<void> {
  const out = process.stdout;
  let failure: NodeJS.ErrnoException | undefined;
  out.on('error', (error: NodeJS.ErrnoException) => (failure ??= error));
  let closed = false;
  out.once('close', () => (closed = true));
  for (const piece of pieces) {
    if (failure || closed) break;
    // A pipe that is not keeping up says so (write returns false): wait for it rather than queue the whole report.
    if (!out.write(piece)) await drained(out);
  }
  if (failure && failure.code !== 'EPIPE') throw failure;
}

/**
 * Whether standard output is a terminal, without creating `process.stdout` (see writeToStdout):
 * a pipe, a file or /dev/null is answered by `fstat` alone.
 */
export function stdoutIsTerminal(): boolean {
  let info;
  try {
    info = fstatSync(1);
  } catch {
    return false; // closed
  }
  if (!info.isCharacterDevice()) return false;
  if (info.rdev === statIfAny('/dev/null')?.rdev) return false;
  return tty().isatty(1);
}

/**
 * `JSON.stringify(envelope, null, 2)` where the envelope's one large array, at `key` and written
 * there as `[]`, is filled with `items` one at a time: the same bytes, never the whole text at once.
 * Each item is stringified on its own and indented to its depth (JSON text has no raw line breaks
 * inside strings, so every line break is one of the layout's).
 */
export function* jsonWithItems(envelope: string, key: string, items: Iterable<unknown>): Generator<string> {
  const marker = `${JSON.stringify(key)}: []`;
  const start = envelope.indexOf(marker);
  if (start < 0 || envelope.indexOf(marker, start + 1) >= 0) throw new Error(`report layout: expected one empty ${key} array`);
  const indent = envelope.slice(envelope.lastIndexOf('\n', start) + 1, start);
  const itemBreak = `\n${indent}  `;
  const open = start + marker.length - 1;
  yield envelope.slice(0, open);
  let any = false;
  for (const item of items) {
    yield `${any ? ',' : ''}${itemBreak}${JSON.stringify(item, null, 2).replaceAll('\n', itemBreak)}`;
    any = true;
  }
  if (any) yield `\n${indent}`;
  yield envelope.slice(open);
}
