/**
 * Docker Compose's variable interpolation (compose-spec `interpolation.md`, compose-go
 * `template/template.go`): `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty),
 * `${VAR-default}` (unset), `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?error}`, `${VAR?error}`,
 * and `$$` for a literal `$`. Defaults may themselves hold variables.
 *
 * Values come only from the project's `.env` file here, not from lint-k8s's own environment:
 * a report must not depend on the shell it ran in. A variable with no value and no default
 * is unknown, and the text holding it is reported as unknown rather than guessed.
 */

/** A value with the unknown parts marked: `known` is false when some variable had no value. */
export interface Interpolated {
  /** The text, with `UNKNOWN` standing where an unknown value would be. */
  readonly text: string;
  readonly known: boolean;
}

/** Stands for a value lint-k8s cannot know (a character no image reference or YAML scalar holds). */
export const UNKNOWN = '\u0000';

export function interpolate(text: string, vars: ReadonlyMap<string, string>): Interpolated {
  const out = expand(text, 0, vars, false);
  return { text: out.text, known: !out.text.includes(UNKNOWN) };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Expands from `start`; inside a `${…}` default (`nested`), stops at its closing brace. */
function expand(text: string, start: number, vars: ReadonlyMap<string, string>, nested: boolean): { text: string; end: number } {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (nested && c === '}') return { text: out, end: i };
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const name = NAME.exec(text.slice(i + 2))?.[0];
      if (!name) {
        out += '$';
        i++;
        continue;
      }
      let j = i + 2 + name.length;
      const value = vars.get(name);
      const op = /^(:-|-|:\+|\+|:\?|\?)/.exec(text.slice(j))?.[0];
      if (!op) {
        if (text[j] !== '}') {
          out += '$';
          i++;
          continue;
        }
        out += value ?? UNKNOWN;
        i = j + 1;
        continue;
      }
      j += op.length;
      const inner = expand(text, j, vars, true);
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      if (op === ':-') out += nonEmpty ? value : inner.text;
      else if (op === '-') out += set ? value : inner.text;
      else if (op === ':+') out += nonEmpty ? inner.text : set ? '' : UNKNOWN;
      else if (op === '+') out += set ? inner.text : UNKNOWN;
      else out += nonEmpty || (op === '?' && set) ? value : UNKNOWN; // `:?` / `?`: compose stops with the error
      i = inner.end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) {
      out += '$';
      i++;
      continue;
    }
    out += vars.get(name) ?? UNKNOWN;
    i += 1 + name.length;
  }
  return { text: out, end: i };
}

/**
 * A `.env` file as compose reads it (compose-go `dotenv`): `KEY=VALUE` lines, `export ` before
 * the key allowed, `#` comments, single quotes literal, double quotes with `\n`-style escapes,
 * an unquoted value ending at ` #`; values may use the variables defined above them.
 */
export function parseDotEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const body = line.startsWith('export ') ? line.slice('export '.length).trim() : line;
    const eq = body.indexOf('=');
    if (eq <= 0) continue;
    const key = body.slice(0, eq).trim();
    if (!NAME.test(key) || NAME.exec(key)?.[0] !== key) continue;
    const rest = body.slice(eq + 1).trim();
    let value: string;
    if (rest.startsWith("'")) {
      const close = rest.indexOf("'", 1);
      value = close > 0 ? rest.slice(1, close) : rest.slice(1);
    } else if (rest.startsWith('"')) {
      let close = 1;
      while (close < rest.length && !(rest[close] === '"' && rest[close - 1] !== '\\')) close++;
      const inner = rest.slice(1, close).replace(/\\([nrt"\\])/g, (_, e: string) => ({ n: '\n', r: '\r', t: '\t' })[e] ?? e);
      value = expand(inner, 0, vars, false).text;
    } else {
      const comment = rest.search(/\s#/);
      value = expand(comment >= 0 ? rest.slice(0, comment).trim() : rest, 0, vars, false).text;
    }
    if (!value.includes(UNKNOWN)) vars.set(key, value);
  }
  return vars;
}
