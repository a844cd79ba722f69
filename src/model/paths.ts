import path from 'node:path';

/** Normalises an absolute image path (`/app/./x/` → `/app/x`). */
export function imagePath(p: string): string {
  const normalised = path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}

/** Resolves a path written in a Dockerfile against the working directory. */
export function resolveImagePath(p: string, workdir: string): string {
  return imagePath(p.startsWith('/') ? p : path.posix.join(workdir, p));
}

/**
 * A glob as Go's filepath.Match understands it (`*`, `?`, `[...]`), compiled to a linear
 * regular expression (no nested quantifiers, so no catastrophic backtracking).
 */
export function globToRegExp(glob: string): RegExp {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') || body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`${out}$`);
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}
