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

type GlobToken =
  | { readonly kind: 'star' }
  | { readonly kind: 'any' }
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'class'; readonly test: (ch: string) => boolean };

function globTokens(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (ch === '?') tokens.push({ kind: 'any' });
    else if (ch === '\\' && i + 1 < glob.length) tokens.push({ kind: 'char', ch: glob[++i] as string });
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        tokens.push({ kind: 'char', ch });
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let j = 0; j < body.length; j++) {
        const lo = body[j] as string;
        if (body[j + 1] === '-' && j + 2 < body.length) {
          ranges.push([lo, body[j + 2] as string]);
          j += 2;
        } else ranges.push([lo, lo]);
      }
      tokens.push({ kind: 'class', test: (c) => c !== '/' && ranges.some(([a, b]) => a <= c && c <= b) !== negated });
      i = close;
    } else tokens.push({ kind: 'char', ch });
  }
  return tokens;
}

/**
 * A glob as Go's filepath.Match understands it (`*`, `?`, `[...]`, `\\`), with `*` and `?`
 * never matching `/`. Matched without regular expressions: a glob compiled to a RegExp
 * (`*a*a*a*b` → `[^/]*a[^/]*a…`) backtracks exponentially in the number of stars, and
 * both the glob (a COPY source) and the path come from the scanned repository. This
 * matcher backtracks to the last star only: O(glob × path) at worst.
 */
export function globMatcher(glob: string): (text: string) => boolean {
  const tokens = globTokens(glob);
  return (text) => {
    let t = 0;
    let s = 0;
    let starT = -1;
    let starS = 0;
    while (s < text.length) {
      const token = tokens[t];
      const ch = text[s] as string;
      if (token && token.kind !== 'star' && ch !== '/' && (token.kind === 'any' || (token.kind === 'char' ? token.ch === ch : token.test(ch)))) {
        t++;
        s++;
      } else if (token?.kind === 'char' && token.ch === '/' && ch === '/') {
        t++;
        s++;
      } else if (token?.kind === 'star') {
        starT = t++;
        starS = s;
      } else if (starT >= 0 && text[starS] !== '/') {
        // The last star takes one more character (never a separator) and matching resumes after it.
        t = starT + 1;
        s = ++starS;
      } else return false;
    }
    while (tokens[t]?.kind === 'star') t++;
    return t === tokens.length;
  };
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}
