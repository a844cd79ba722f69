import { active, type Finding } from '../engine/finding.js';
import { describeOutcome, type Summary } from './summary.js';

export interface StylishOptions {
  readonly color: boolean;
}

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

/** Findings grouped by file, like ESLint's stylish formatter, with the predicted outcome of each; line by line (see `writeReport`). */
export function* stylishReport(all: readonly Finding[], summary: Summary, options: StylishOptions): Generator<string> {
  const findings = active(all);
  const paint = (code: keyof typeof CODES, text: string): string => (options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text);
  let currentFile: string | undefined;
  for (const f of findings) {
    if (f.file !== currentFile) {
      if (currentFile !== undefined) yield '\n';
      yield `${paint('underline', sanitize(f.file))}\n`;
      currentFile = f.file;
    }
    const severity = f.severity === 'error' ? paint('red', 'error  ') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info   ');
    const position = `${f.line}:${f.column}`.padEnd(8);
    // A note about the input itself (an unused suppression, an empty file) predicts no outcome.
    const outcome = f.severity === 'info' && f.exitCode === null && f.reason === null ? '—' : describeOutcome(f);
    yield `  ${paint('dim', position)} ${severity}  ${paint('bold', outcome)}  ${sanitize(f.message)}  ${paint('dim', f.ruleId)}\n`;
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

/** The stylish report as one string. */
export function formatStylish(all: readonly Finding[], summary: Summary, options: StylishOptions): string {
  return [...stylishReport(all, summary, options)].join('');
}
