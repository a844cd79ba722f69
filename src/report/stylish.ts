import { active, type Finding } from '../engine/finding.js';
import { findingOutcome, type Summary } from './summary.js';

export interface StylishOptions {
  readonly color: boolean;
  /** The whole explanation of each finding; otherwise it is cut at EXPLANATION_LENGTH characters. */
  readonly verbose?: boolean;
  /** Terminal columns the explanation is wrapped to (default 100). */
  readonly width?: number;
  /** Short titles of the rules, shown in a headline that has no outcome to state. */
  readonly titles?: ReadonlyMap<string, string>;
}

/** The explanation shown without --verbose: a few lines, the reasoning cut at a word. */
export const EXPLANATION_LENGTH = 400;

const CODES = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, underline: 4 } as const;

/**
 * Characters from file content that could steer the terminal never reach it: C0/C1 controls
 * (escape sequences), tabs and line breaks (a forged finding on a line of its own) and the Unicode
 * bidirectional overrides that reorder what is shown ("Trojan Source", CVE-2021-42574).
 * One character class, no quantifier: linear.
 */
export function sanitize(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Words of `text` in lines of at most `width` characters (a longer word has a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `text` cut at the last word boundary before `length` characters, with `…`. */
function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.lastIndexOf(' ', length);
  return `${text.slice(0, cut > length / 2 ? cut : length).replace(/[\s,;:]+$/, '')} …`;
}

/**
 * Findings by file, like ESLint's stylish formatter: the file, then for each finding a headline
 * (`line:col  severity  outcome  rule`) and its explanation wrapped and indented under it.
 * Each finding is its own block under its file's name, so problem matchers that read ESLint's
 * stylish layout (VS Code's `$eslint-stylish`: a path line, then `line:col  severity  message  code`
 * lines until one does not match) find every headline; a relative path starts with `./` as that
 * matcher requires. Written line by line (see `writeReport`).
 */
export function* stylishReport(all: readonly Finding[], summary: Summary, options: StylishOptions): Generator<string> {
  const findings = active(all);
  const paint = (code: keyof typeof CODES, text: string): string => (options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text);
  const width = Math.max(40, (options.width ?? 100) - EXPLANATION_INDENT.length);
  let first = true;
  for (const f of findings) {
    yield `${first ? '' : '\n'}${paint('underline', sanitize(shownPath(f.file)))}\n`;
    first = false;
    const severity = f.severity === 'error' ? paint('red', 'error') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info');
    // Single spaces inside the headline's text: matchers end the message at the first double space, and what follows is the rule.
    const headline = (findingOutcome(f) || options.titles?.get(f.ruleId) || f.ruleId).replace(/\s+/g, ' ');
    yield `  ${paint('dim', `${f.line}:${f.column}`)}  ${severity}  ${paint('bold', sanitize(headline))}  ${paint('dim', f.ruleId)}\n`;
    const message = sanitize(f.message).replace(/\s+/g, ' ').trim();
    for (const line of wrap(options.verbose ? message : shorten(message, EXPLANATION_LENGTH), width)) yield `${EXPLANATION_INDENT}${line}\n`;
    yield* notes(f, options.verbose === true, width, (text) => paint('dim', text));
  }
  if (findings.length > 0) yield '\n';
  const total = summary.errors + summary.warnings + summary.infos;
  const counts = `${total} finding${total === 1 ? '' : 's'} (${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.infos} info) in ${summary.files} file${summary.files === 1 ? '' : 's'}`;
  const silenced = summary.suppressed > 0 ? `; ${summary.suppressed} suppressed` : '';
  const verdict =
    total === 0
      ? `✔ no predicted failures in ${summary.files} file${summary.files === 1 ? '' : 's'}`
      : summary.errors > 0
        ? paint('red', `✖ ${counts}`)
        : paint('yellow', `⚠ ${counts}`);
  const rendered =
    summary.rendered && summary.rendered.renderings > 0
      ? `; ${summary.rendered.files} linted through ${summary.rendered.renderings} rendering${summary.rendered.renderings === 1 ? '' : 's'}`
      : '';
  const skipped = (summary.skipped ?? []).map((s) => `; ${s.files} file${s.files === 1 ? '' : 's'} skipped: ${s.reason}`).join('');
  yield `${verdict}${silenced}${rendered}${skipped}\n`;
}

const EXPLANATION_INDENT = '    ';

/** Related locations shown without --verbose; the rest are counted. */
export const NOTES_SHOWN = 3;

/**
 * A finding's related locations, one `note: FILE:LINE:COL: message` each under the explanation,
 * as clang and GCC print notes (the overlays a base finding was rendered through, where an
 * image is built, the line that placed a file); a whole-file location has no position. Notes
 * are indented and start with `note:`, so problem matchers reading the headlines skip them.
 */
function* notes(f: Finding, verbose: boolean, width: number, dim: (text: string) => string): Generator<string> {
  const shown = verbose ? f.related : f.related.slice(0, NOTES_SHOWN);
  for (const r of shown) {
    const whole = r.at.line === 1 && r.at.column === 1 && r.at.endLine === 1 && r.at.endColumn === 1;
    const where = `${shownPath(r.at.file)}${whole ? '' : `:${r.at.line}:${r.at.column}`}`;
    const lines = wrap(`${sanitize(where)}: ${sanitize(r.message).replace(/\s+/g, ' ').trim()}`, width - NOTE.length);
    for (const [i, line] of lines.entries()) yield `${EXPLANATION_INDENT}${i === 0 ? dim(NOTE) : ' '.repeat(NOTE.length)}${line}\n`;
  }
  const more = f.related.length - shown.length;
  if (more > 0) yield `${EXPLANATION_INDENT}${dim(NOTE)}${more} more related location${more === 1 ? '' : 's'} (--verbose shows them)\n`;
}

const NOTE = 'note: ';

/** `api/Dockerfile` → `./api/Dockerfile`; `../x`, `/abs` and `./x` as they are. */
function shownPath(file: string): string {
  return file.startsWith('/') || file.startsWith('./') || file.startsWith('../') || file === '.' || file === '..' ? file : `./${file}`;
}

/** The stylish report as one string. */
export function formatStylish(all: readonly Finding[], summary: Summary, options: StylishOptions): string {
  return [...stylishReport(all, summary, options)].join('');
}
