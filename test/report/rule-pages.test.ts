import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules/index.js';
import { ruleHelpUri, ruleText } from '../../src/report/rule-doc.js';
import { formatSarif } from '../../src/report/sarif.js';
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

  it('--explain, the SARIF help and the pages cite public sources and lab cases, never the team-internal ../shared/ notes', () => {
    // `../shared/…` or a path starting at `shared/` (not one that merely contains it, as HotSpot's gc/shared/).
    const internal = /\.\.\/shared\/|(?<![\w/])shared\/|FACTS\.md/;
    for (const rule of RULES) assert.doesNotMatch(ruleText(rule.meta), internal, `lint-k8s --explain ${rule.meta.id}`);
    const sarif = JSON.parse(formatSarif([], RULES, { name: 'lint-k8s', version: '0.0.0', informationUri: 'https://example.com' })) as {
      runs: { tool: { driver: { rules: { id: string; help?: { text?: string; markdown?: string } }[] } } }[];
    };
    const descriptors = sarif.runs[0]?.tool.driver.rules ?? [];
    assert.equal(descriptors.length, RULES.length);
    for (const d of descriptors) {
      assert.ok(d.help?.text && d.help.markdown, `${d.id}: SARIF help`);
      assert.doesNotMatch(`${d.help.text}\n${d.help.markdown}`, internal, `SARIF help of ${d.id}`);
    }
    for (const [name, text] of rulePages(RULES)) assert.doesNotMatch(text, internal, `docs/rules/${name}`);
  });
});
