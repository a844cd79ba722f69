import path from 'node:path';

/** Suffixes template tools give the files they render (Jinja, Go text/template, gomplate, balena's `Dockerfile.template`). */
const TEMPLATE_SUFFIXES = ['.template', '.tmpl', '.tpl', '.j2', '.jinja', '.jinja2', '.gotmpl'];

/**
 * Whether a Dockerfile is a template that a tool renders into one (a Jinja `{% if %}` line, a Go
 * `{{ .Base }}` instruction, or a name like `Dockerfile.template`): its instructions are not
 * the ones docker builds, so it gets one note instead of findings on text that is not there.
 * Lines are read as lines: a template's syntax is not Dockerfile syntax, so no parser reads both.
 */
export function dockerfileTemplate(file: string, text: string): { line: number; why: string } | undefined {
  const base = path.basename(file).toLowerCase();
  const suffix = TEMPLATE_SUFFIXES.find((s) => base.endsWith(s));
  const lines = text.split('\n');
  const marked = lines.findIndex((l) => /^\s*(?:\{\{|\{%)/.test(l) || /^\s*FROM\s+\S*(?:\{\{|\{%)/i.test(l));
  if (marked >= 0) return { line: marked + 1, why: /^\s*\{%/.test(lines[marked] ?? '') ? 'Jinja syntax ({% … %})' : 'Go template syntax ({{ … }})' };
  if (suffix) return { line: 1, why: `its name ends in ${suffix}` };
  return undefined;
}
