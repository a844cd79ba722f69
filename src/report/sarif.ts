import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding } from '../engine/finding.js';
import type { Rule, Severity } from '../engine/rule.js';
import type { ToolInfo } from './json.js';
import { ruleHelpUri, ruleMarkdown, ruleText } from './rule-doc.js';
import { crypto } from '../platform/node-builtins.js';
import { jsonWithItems } from './write.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };

/** `shell-stays-pid1` → `ShellStaysPid1` (SARIF rule names are identifiers). */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, ch: string) => ch.toUpperCase());
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function descriptor(rule: Rule): ReportingDescriptor {
  const { meta } = rule;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: sentence(meta.title) },
    fullDescription: { text: sentence(meta.doc.whatItPredicts) },
    help: { text: ruleText(meta), markdown: ruleMarkdown(meta) },
    helpUri: ruleHelpUri(meta.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['reliability', 'kubernetes', meta.predicts.phase],
      precision: 'high',
      exitCode: meta.predicts.exitCode,
      reason: meta.predicts.reason,
      phase: meta.predicts.phase,
    },
  };
}

/**
 * A fingerprint that survives line moves and rewording: rule, file, and what identifies the case
 * (message id, the container or object it is about, the message data), never the message text.
 */
export function fingerprint(f: Pick<Finding, 'ruleId' | 'file' | 'identity'>): string {
  return sha256(`${f.ruleId}\0${f.file}\0${f.identity}`);
}

/** The fingerprint of lint-k8s 0.1 (`lintK8sFinding/v1`), hashed from the message text: old baselines still match by it. */
export function legacyFingerprint(f: Pick<Finding, 'ruleId' | 'file' | 'message'>): string {
  return sha256(`${f.ruleId}\0${f.file}\0${f.message.replace(/\bline \d+\b/g, 'line N')}`);
}

function sha256(text: string): string {
  return crypto().createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function region(f: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const endLine = Math.max(f.line, f.endLine);
  const endColumn = endLine === f.line ? Math.max(f.column + 1, f.endColumn) : Math.max(1, f.endColumn);
  return { startLine: f.line, startColumn: f.column, endLine, endColumn };
}

/**
 * A path inside the scanned root is relative to %SRCROOT%; one outside it (named on the
 * command line as `../x.yaml` or absolute) is an absolute file URI instead, so no
 * `..` segment ever climbs out of the root a SARIF consumer resolves against.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file === '..' || file.startsWith('../') || path.isAbsolute(file)) return { uri: pathToFileURL(path.resolve(file)).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** SARIF 2.1.0 as GitHub code scanning ingests it, piece by piece (see `writeReport`). */
export function* sarifReport(findings: readonly Finding[], rules: readonly Rule[], tool: ToolInfo): Generator<string> {
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory lint-k8s was run in.' } } },
        results: [],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  yield* jsonWithItems(JSON.stringify(log, null, 2), 'results', results(findings, rules));
  yield '\n';
}

/** The SARIF log as one string. */
export function formatSarif(findings: readonly Finding[], rules: readonly Rule[], tool: ToolInfo): string {
  return [...sarifReport(findings, rules, tool)].join('');
}

/** One result per finding, made as the log is written. */
function* results(findings: readonly Finding[], rules: readonly Rule[]): Generator<Result> {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  // Code scanning keeps one alert per fingerprint, so two findings whose fingerprints coincide (they
  // differ only in a line number) would collapse into one: the second and later get an occurrence
  // suffix, as GitHub's own primaryLocationLineHash does.
  const occurrences = new Map<string, number>();
  const uniqueFingerprint = (f: Finding): string => {
    const base = fingerprint(f);
    const n = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, n);
    return n === 1 ? base : `${base}:${n}`;
  };
  for (const f of findings) {
    const index = ruleIndex.get(f.ruleId);
    const related = f.related.map((r, i) => ({
      id: i + 1,
      message: { text: sentence(r.message) },
      physicalLocation: { artifactLocation: artifactLocation(r.at.file), region: region(r.at) },
    }));
    yield {
      ruleId: f.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVEL[f.severity],
      message: { text: sentence(f.message) },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file), region: region(f) } }],
      ...(related.length > 0 ? { relatedLocations: related } : {}),
      partialFingerprints: { 'lintK8sFinding/v2': uniqueFingerprint(f) },
      ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, status: 'accepted' as const, justification: f.suppression.justification }] } : {}),
      properties: { exitCode: f.exitCode, reason: f.reason, phase: f.phase, runtime: f.runtime },
    };
  }
}
