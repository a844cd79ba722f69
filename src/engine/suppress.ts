import type { SuppressionDirective, SuppressionTable } from '../parse/suppressions.js';
import type { Finding } from './finding.js';
import type { Report } from './rule.js';
import { at } from '../parse/location.js';

/** Id of the finding raised for a suppression that silences nothing (its metadata lives in rules/). */
export const UNUSED_SUPPRESSION = 'unused-suppression';

/** Every suppression of one input file. */
export interface FileSuppressions extends SuppressionTable {
  readonly file: string;
}

function covers(directive: SuppressionDirective, line: number): boolean {
  return directive.covers === 'file' || (line >= directive.covers.line && line <= directive.covers.endLine);
}

const HOW: Readonly<Record<SuppressionDirective['via'], string>> = {
  annotation: 'annotation lint-k8s.io/ignore',
  comment: 'comment # lint-k8s ignore',
  'kube-linter': 'kube-linter annotation ignore-check.kube-linter.io',
};

function justification(directive: SuppressionDirective): string {
  const how = HOW[directive.via];
  return directive.reason ? `${directive.reason} (${how})` : how;
}

/**
 * Marks the findings silenced by in-source suppressions (they stay in the list, for SARIF's
 * `suppressions`), and returns reports for every listed rule that silenced nothing.
 */
export function applySuppressions(findings: readonly Finding[], tables: readonly FileSuppressions[]): { findings: Finding[]; unused: Report[] } {
  const byFile = new Map<string, FileSuppressions[]>();
  for (const table of tables) byFile.set(table.file, [...(byFile.get(table.file) ?? []), table]);
  const used = new Set<string>();
  const key = (table: FileSuppressions, index: number, rule: string): string => `${table.file}\0${index}\0${rule}`;
  const marked = findings.map((f) => {
    const fileTables = byFile.get(f.file);
    if (!fileTables) return f;
    for (const table of fileTables) {
      const index = table.directives.findIndex((d) => d.rules.includes(f.ruleId) && covers(d, f.line));
      const directive = table.directives[index];
      if (directive) {
        used.add(key(table, index, f.ruleId));
        return { ...f, suppression: { kind: 'inSource' as const, justification: justification(directive) } };
      }
    }
    return f;
  });
  const unused: Report[] = [];
  for (const table of tables) {
    table.directives.forEach((directive, index) => {
      // kube-linter's annotation is there for kube-linter as much as for lint-k8s: silencing nothing here is not a mistake.
      if (directive.via === 'kube-linter') return;
      const idle = directive.rules.filter((rule) => !used.has(key(table, index, rule)));
      if (idle.length === 0) return;
      const where =
        directive.covers === 'file'
          ? 'in this file'
          : directive.covers.line === directive.covers.endLine
            ? `on line ${directive.covers.line}`
            : `on lines ${directive.covers.line}-${directive.covers.endLine}`;
      unused.push({
        at: at(table.file, directive.range),
        messageId: 'unused',
        data: { rules: idle.join(', '), where },
      });
    });
    for (const problem of table.malformed) unused.push({ at: at(table.file, problem.range), messageId: 'unreadable', data: { detail: problem.message } });
  }
  return { findings: marked, unused };
}
