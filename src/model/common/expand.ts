/**
 * Dockerfile variable substitution (`$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`),
 * as BuildKit does for ADD COPY ENV EXPOSE FROM LABEL STOPSIGNAL USER VOLUME WORKDIR.
 * A variable without a value makes the result unknown (`undefined`): a build argument
 * given on the command line could be anything, so nothing is predicted from it.
 */
export type Variables = ReadonlyMap<string, string | undefined>;

export function expand(text: string, vars: Variables, escape = '\\'): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === escape && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) return undefined;
      const body = text.slice(i + 2, close);
      const value = expandBraced(body, vars, escape);
      if (value === undefined) return undefined;
      out += value;
      i = close + 1;
      continue;
    }
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 257));
    if (!match) {
      out += '$';
      i++;
      continue;
    }
    const name = match[0];
    if (!vars.has(name)) {
      // Not declared at all: BuildKit substitutes the empty string.
      i += 1 + name.length;
      continue;
    }
    const value = vars.get(name);
    if (value === undefined) return undefined;
    out += value;
    i += 1 + name.length;
  }
  return out;
}

function expandBraced(body: string, vars: Variables, escape: string): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([\s\S]*))?$/.exec(body);
  if (!match) return undefined;
  const name = match[1] as string;
  const op = match[2];
  const word = match[3] ?? '';
  const declared = vars.has(name);
  const value = vars.get(name);
  if (declared && value === undefined) return undefined; // declared ARG without a value: unknown
  const isSet = declared;
  const isNonEmpty = isSet && value !== '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return isNonEmpty ? value : expand(word, vars, escape);
    case '-':
      return isSet ? value : expand(word, vars, escape);
    case ':+':
      return isNonEmpty ? expand(word, vars, escape) : '';
    case '+':
      return isSet ? expand(word, vars, escape) : '';
    default:
      return undefined;
  }
}
