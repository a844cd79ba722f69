import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../rules/index.js';
import { REPO_ROOT } from '../harness.js';
import { REGISTERED, collectOnly } from '../rule-tester.js';

const SOURCE = path.join(REPO_ROOT, 'test', 'rules');
const COMPILED = path.join(REPO_ROOT, 'dist', 'test', 'rules');

/**
 * Every rule of rules/index.ts has its tester file (test/rules/<id>.test.ts) with at least one
 * valid and one invalid case, and a doc with every section; a rule added without them fails here.
 */
describe('every rule has tests and docs', () => {
  it('every tester file belongs to a rule', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    const orphans = readdirSync(SOURCE)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -'.test.ts'.length))
      .filter((id) => !ids.has(id));
    assert.deepEqual(orphans, [], 'test/rules/ holds one file per rule id, named after it');
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    it(`${id}: test/rules/${id}.test.ts with ≥ 1 valid and ≥ 1 invalid case, every message id shown`, async () => {
      assert.ok(existsSync(path.join(SOURCE, `${id}.test.ts`)), `test/rules/${id}.test.ts is missing`);
      collectOnly.value = true;
      try {
        await import(pathToFileURL(path.join(COMPILED, `${id}.test.js`)).href);
      } finally {
        collectOnly.value = false;
      }
      const counts = REGISTERED.get(id);
      assert.ok(counts, `test/rules/${id}.test.ts does not call ruleTester('${id}', …)`);
      assert.ok(counts.valid >= 1, `${id}: no valid case`);
      assert.ok(counts.invalid >= 1, `${id}: no invalid case`);
      // Every message a user can get is shown by a case.
      const shown = new Set(counts.tests.invalid.flatMap((c) => c.findings.map((f) => f.messageId)));
      assert.deepEqual(
        Object.keys(rule.meta.messages).filter((m) => !shown.has(m)),
        [],
        `${id}: messages no invalid case of test/rules/${id}.test.ts shows`,
      );
    });

    it(`${id}: doc has every section`, () => {
      const doc = rule.meta.doc;
      for (const section of ['whatItPredicts', 'why', 'example', 'fix'] as const) assert.ok(doc[section].trim().length > 0, `${id}: doc.${section} is empty`);
      // A rule that predicts an outcome says where the prediction comes from.
      const predictsOutcome = rule.meta.predicts.exitCode !== null || rule.meta.predicts.reason !== null;
      if (predictsOutcome) assert.ok(doc.references.length > 0, `${id}: doc.references is empty`);
      assert.ok(rule.meta.title.trim().length > 0, `${id}: no title`);
    });
  }
});
