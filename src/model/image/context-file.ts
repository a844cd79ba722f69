import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads a build-context file (an entry script, an app's entry file, an nginx.conf) as bytes,
 * synchronously like every read of the input: a promise through libuv's pool per small file
 * costs more than the read. Opened non-blocking, so a FIFO cannot hang the run; only regular
 * files are read, and never more than `maxBytes`.
 */
export function readContextBytes(absPath: string, maxBytes: number): { ok: true; bytes: Buffer; size: number } | { ok: false; detail: string } {
  let fd: number | undefined;
  try {
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { ok: false, detail: 'not a regular file' };
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes));
    let filled = 0;
    while (filled < buffer.length) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { ok: true, bytes: buffer.subarray(0, filled), size: info.size };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The whole file as UTF-8 text; `undefined` when it cannot be read or is larger than `maxBytes`. */
export function readContextText(absPath: string, maxBytes: number): string | undefined {
  const read = readContextBytes(absPath, maxBytes + 1);
  return read.ok && read.size <= maxBytes ? read.bytes.toString('utf8') : undefined;
}
