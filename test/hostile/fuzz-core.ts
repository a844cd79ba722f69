import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { RULES } from '../../rules/index.js';
import { lint } from '../../src/lint/lint.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatStylish } from '../../src/report/stylish.js';
import { summarize } from '../../src/report/summary.js';
import { REPO_ROOT } from '../harness.js';

/**
 * The property every input must satisfy, shared by `npm test` (a few hundred cases) and
 * `npm run fuzz` (100,000+): lint-k8s never throws, finishes, and prints a report that
 * parses — JSON, SARIF and a stylish text with no control character but the line feed.
 */
export interface FuzzInput {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

const TOOL = { name: 'lint-k8s', version: '0.0.0', informationUri: 'https://example.invalid' };

export async function lintNeverBreaks(input: FuzzInput): Promise<void> {
  const { findings, fileCount } = await lint(['-'], {
    cwd: REPO_ROOT,
    runtime: 'containerd',
    rules: RULES,
    stdin: { text: Buffer.from(input.bytes), filename: input.filename },
  });
  assert.ok(
    findings.every((f) => f.ruleId !== 'internal-error'),
    `a rule crashed: ${JSON.stringify(findings.filter((f) => f.ruleId === 'internal-error'))}`,
  );
  const summary = summarize(findings, fileCount);
  const json = JSON.parse(formatJson(findings, summary, TOOL)) as { findings: { line: number; column: number }[] };
  for (const f of json.findings) assert.ok(f.line >= 1 && f.column >= 1, `position ${f.line}:${f.column}`);
  const sarif = JSON.parse(formatSarif(findings, RULES, TOOL)) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]?.results.length, findings.length);
  const text = formatStylish(findings, summary, { color: false });
  assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
}

/** Every Dockerfile, manifest and script among the fixtures: the seeds mutations start from. */
export function realInputs(): FuzzInput[] {
  const out: FuzzInput[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/^(Dockerfile|.*\.(ya?ml|json|sh))$/.test(entry.name))
        out.push({ filename: entry.name.endsWith('.sh') ? 'Dockerfile' : entry.name, bytes: readFileSync(p) });
    }
  };
  walk(path.join(REPO_ROOT, 'fixtures'));
  return out.sort((a, b) => a.filename.localeCompare(b.filename) || Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes)));
}

const FILENAMES = ['Dockerfile', 'manifest.yaml', 'list.json', 'Containerfile.dev'];

/** Characters that matter to YAML, JSON, Dockerfiles and shells, plus hostile ones. */
const SYNTAX = [
  ...'\n\r\t :-[]{},&*!|>\'"#%@`$()\\;=/?.0123456789aZ',
  '\0',
  '\u001b',
  '\u202e',
  '\ufeff',
  '\u00e9',
  '\ud83d\ude00',
  '<<',
  '---',
  'FROM ',
  'RUN ',
  'CMD ',
  'kind: Pod',
  'apiVersion: v1',
];

function mutate(seed: FuzzInput, edits: readonly { at: number; cut: number; insert: string }[]): FuzzInput {
  let text = Buffer.from(seed.bytes).toString('latin1');
  for (const edit of edits) {
    const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
    text = text.slice(0, at) + Buffer.from(edit.insert, 'utf8').toString('latin1') + text.slice(at + edit.cut);
  }
  return { filename: seed.filename, bytes: Buffer.from(text, 'latin1') };
}

export function fuzzInputs(seeds: readonly FuzzInput[]): fc.Arbitrary<FuzzInput> {
  const seed = fc.constantFrom(...seeds);
  const randomBytes = fc.record({ filename: fc.constantFrom(...FILENAMES), bytes: fc.uint8Array({ maxLength: 4096 }) });
  const truncated = fc.tuple(seed, fc.nat()).map(([s, n]) => ({ filename: s.filename, bytes: s.bytes.subarray(0, n % (s.bytes.length + 1)) }));
  const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 8 }), insert: fc.string({ unit: fc.constantFrom(...SYNTAX), maxLength: 6 }) });
  const mutated = fc.tuple(seed, fc.array(edit, { minLength: 1, maxLength: 8 })).map(([s, edits]) => mutate(s, edits));
  const yamlish = fc.record({
    filename: fc.constantFrom('random.yaml', 'random.json'),
    bytes: fc.string({ unit: fc.constantFrom(...SYNTAX), maxLength: 400 }).map((s) => Buffer.from(s)),
  });
  const dockerfileish = fc
    .array(
      fc.tuple(
        fc.constantFrom('FROM', 'RUN', 'CMD', 'ENTRYPOINT', 'COPY', 'USER', 'SHELL', 'ARG', 'ENV', 'WORKDIR', 'STOPSIGNAL', 'ADD', 'from'),
        fc.string({ unit: fc.constantFrom(...SYNTAX), maxLength: 40 }),
      ),
      { maxLength: 12 },
    )
    .map((lines) => ({ filename: 'Dockerfile', bytes: Buffer.from(lines.map(([k, v]) => `${k} ${v}`).join('\n')) }));
  const structured = fc.record({
    filename: fc.constant('generated.yaml'),
    bytes: fc.jsonValue({ maxDepth: 6 }).map((value) => Buffer.from(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', spec: value }))),
  });
  return fc.oneof(randomBytes, truncated, mutated, mutated, yamlish, dockerfileish, structured);
}
