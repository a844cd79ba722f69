import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { ruleHelpUri } from '../../src/report/rule-doc.js';
import { rulePages } from '../../src/report/rule-pages.js';
import { REPO_ROOT } from '../harness.js';

const DOCS = path.join(REPO_ROOT, 'docs', 'rules');

describe('rule pages (docs/rules)', () => {
  it('are exactly what `npm run docs` generates from the rule modules', () => {
    const pages = rulePages(RULES);
    assert.deepEqual(readdirSync(DOCS).sort(), [...pages.keys()].sort(), 'docs/rules is stale: run `npm run docs`');
    for (const [name, text] of pages) assert.equal(readFileSync(path.join(DOCS, name), 'utf8'), text, `docs/rules/${name} is stale: run \`npm run docs\``);
  });

  it('the SARIF helpUri of every rule names its page', () => {
    for (const rule of RULES) assert.ok(ruleHelpUri(rule.meta.id).endsWith(`/docs/rules/${rule.meta.id}.md`));
  });
});
