import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { RULES, findRule } from '../rules/index.js';
import { CONFIG_FILE_NAME, loadConfig } from '../src/config/config.js';
import type { Finding } from '../src/engine/finding.js';
import type { Rule, Severity } from '../src/engine/rule.js';
import { INTERNAL_ERROR, PARSE_ERROR } from '../src/engine/run.js';
import type { Phase, RuntimeName } from '../src/knowledge/types.js';
import { lint } from '../src/lint/lint.js';

/**
 * A file of a test case: its text (mode 0644), or its bytes with the mode written out.
 * There is no git repository around a case, so the mode is the file system's (what
 * `FileModes` falls back to for an untracked file).
 */
export type CaseFile = string | { readonly text: string | Uint8Array; readonly mode: number };

export interface RuleCase {
  readonly name: string;
  /** Path (relative, `/`-separated) → content. Directories are created as needed. */
  readonly files: Readonly<Record<string, CaseFile>>;
  readonly runtime?: RuntimeName;
  /** `.lint-k8s.yaml` of the case, as data (it is written to the case's root). */
  readonly config?: Readonly<Record<string, unknown>>;
  /**
   * Other rules run beside the one under test, by id or as a test-only rule object (e.g. one
   * that throws, for internal-error, or one whose findings a suppression silences). Their
   * own findings are not compared.
   */
  readonly withRules?: readonly (string | Rule)[];
}

/** One finding a user must see. Optional fields left out are not compared; every finding of the rule must be listed. */
export interface ExpectedFinding {
  /** Display path as in the report; defaults to the first file of the case. */
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  readonly exitCode: number | null;
  readonly reason?: string | null;
  readonly severity?: Severity;
  readonly phase?: Phase;
  /** The key of the rule's `meta.messages` the finding was rendered from. */
  readonly messageId: string;
  /** A pattern the rendered message must match (the wording a user reads). */
  readonly message?: RegExp;
  /** The related locations, in order (file and line of each). */
  readonly related?: readonly { readonly file: string; readonly line: number }[];
}

export interface InvalidCase extends RuleCase {
  readonly findings: readonly ExpectedFinding[];
}

export interface RuleTests {
  readonly valid: readonly RuleCase[];
  readonly invalid: readonly InvalidCase[];
}

/**
 * A file's text written indented in the test: the first line break and the indentation
 * common to all lines are removed, so line 1 of the file is the line after the backtick.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  const whole = strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = whole.split('\n');
  if (lines[0]?.trim() === '') lines.shift();
  if (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines[lines.length - 1] = '';
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)?.[0].length ?? 0))).join('\n');
}

/** Every case's tests, registered so the meta-test can count them without reading test files. */
export const REGISTERED = new Map<string, { valid: number; invalid: number; tests: RuleTests; rule: Rule }>();

/** Set by the meta-test before it imports the tester files: `ruleTester` then only records the cases. */
export const collectOnly = { value: false };

const caseDirs: string[] = [];
process.once('exit', () => caseDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes a case's files into a new temporary directory (outside any git repository) and returns it. */
export function materialize(testCase: RuleCase): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'lint-k8s-case-')));
  caseDirs.push(root);
  const files: [string, CaseFile][] = Object.entries(testCase.files);
  if (testCase.config) files.push([CONFIG_FILE_NAME, stringify(testCase.config)]);
  for (const [name, content] of files) {
    assert.ok(!path.isAbsolute(name) && !name.split('/').includes('..'), `${testCase.name}: file ${name} must be a relative path inside the case`);
    const abs = path.join(root, ...name.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    const { text, mode } = typeof content === 'string' ? { text: content, mode: 0o644 } : content;
    writeFileSync(abs, text);
    // chmod after writing: the mode given to writeFileSync is filtered by the umask.
    chmodSync(abs, mode);
  }
  return root;
}

function ruleById(id: string): Rule {
  const rule = findRule(id);
  assert.ok(rule, `no rule ${id} in rules/index.ts`);
  return rule;
}

/**
 * Lints one case in-process with only `rule`, the case's `withRules`, and the engine's own
 * parse-error and internal-error (so a crash or an unreadable input cannot pass unseen).
 */
export async function lintCase(rule: Rule, testCase: RuleCase): Promise<Finding[]> {
  const cwd = materialize(testCase);
  const extra = (testCase.withRules ?? []).map((r) => (typeof r === 'string' ? ruleById(r) : r));
  const engine = [PARSE_ERROR, INTERNAL_ERROR].filter((id) => id !== rule.meta.id).map(ruleById);
  const rules = [rule, ...extra, ...engine];
  // The config may name any rule (e.g. set one off), not only those of this run.
  const known = new Set([...RULES, ...extra].map((r) => r.meta.id));
  const config = loadConfig({ cwd, paths: ['.'], knownRules: known });
  const { findings } = await lint(['.'], { cwd, runtime: testCase.runtime ?? config.runtime ?? 'containerd', rules, config, jobs: 1 });
  return findings;
}

const byPlace = <T extends { file: string; line: number; column: number }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);

function show(f: Finding): string {
  return `${f.ruleId}/${f.messageId} ${f.file}:${f.line}:${f.column} [${f.severity}] exit ${f.exitCode} ${f.reason ?? ''}: ${f.message}`;
}

/** The parts of `actual` that `expected` names, with the message shown as the pattern when it matches. */
function project(actual: Finding, expected: ExpectedFinding & { file: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    file: actual.file,
    line: actual.line,
    column: actual.column,
    exitCode: actual.exitCode,
    messageId: actual.messageId,
  };
  if ('reason' in expected) out.reason = actual.reason;
  if ('severity' in expected) out.severity = actual.severity;
  if ('phase' in expected) out.phase = actual.phase;
  if (expected.message) out.message = expected.message.test(actual.message) ? expected.message : actual.message;
  if ('related' in expected) out.related = actual.related.map((r) => ({ file: r.at.file, line: r.at.line }));
  return out;
}

function plain(expected: ExpectedFinding & { file: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    file: expected.file,
    line: expected.line,
    column: expected.column,
    exitCode: expected.exitCode,
    messageId: expected.messageId,
  };
  for (const key of ['reason', 'severity', 'phase', 'message', 'related'] as const) if (key in expected) out[key] = expected[key];
  return out;
}

async function check(rule: Rule, testCase: RuleCase, expected: readonly ExpectedFinding[]): Promise<void> {
  const findings = await lintCase(rule, testCase);
  const id = rule.meta.id;
  // A finding silenced in the source is not what a user sees.
  const own = findings.filter((f) => f.ruleId === id && f.suppression === undefined);
  const engine = findings.filter((f) => f.ruleId !== id && (f.ruleId === PARSE_ERROR || f.ruleId === INTERNAL_ERROR));
  assert.deepEqual(engine.map(show), [], `${testCase.name}: the engine reported a problem with the case itself`);
  const first = Object.keys(testCase.files)[0] ?? '';
  const wanted = byPlace(expected.map((e) => ({ ...e, file: e.file ?? first })));
  const got = byPlace(own);
  if (got.length !== wanted.length)
    assert.fail(
      `${testCase.name}: expected ${wanted.length} finding(s) of ${id}, got ${got.length}:\n${got.map(show).join('\n') || '(none)'}\nexpected:\n${wanted.map((w) => JSON.stringify(plain(w))).join('\n') || '(none)'}`,
    );
  assert.deepEqual(
    got.map((f, i) => project(f, wanted[i] as ExpectedFinding & { file: string })),
    wanted.map(plain),
    `${testCase.name}: findings of ${id} differ`,
  );
}

/**
 * ESLint's RuleTester for lint-k8s: every case is a small in-memory repository linted
 * in-process with only the rule under test. A valid case gives no finding of the rule;
 * an invalid case gives exactly the listed findings (compared in file/line/column order).
 */
export function ruleTester(ruleId: string, tests: RuleTests, options: { rule?: Rule } = {}): void {
  const rule = options.rule ?? ruleById(ruleId);
  REGISTERED.set(ruleId, { valid: tests.valid.length, invalid: tests.invalid.length, tests, rule });
  if (collectOnly.value) return;
  describe(ruleId, () => {
    const names = [...tests.valid, ...tests.invalid].map((c) => c.name);
    it('case names are unique', () =>
      assert.deepEqual(
        names.filter((n, i) => names.indexOf(n) !== i),
        [],
      ));
    for (const testCase of tests.valid) it(`valid: ${testCase.name}`, () => check(rule, testCase, []));
    for (const testCase of tests.invalid) {
      it(`invalid: ${testCase.name}`, async () => {
        assert.ok(testCase.findings.length > 0, `${testCase.name}: an invalid case lists its findings`);
        await check(rule, testCase, testCase.findings);
      });
    }
  });
}
