#!/usr/bin/env node
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RULES } from '../rules/index.js';
import { rulePages } from './report/rule-pages.js';

/** `npm run docs`: writes docs/rules/ from the rule modules, removing pages of rules that no longer exist. */
const dir = path.resolve(process.argv[2] ?? path.join('docs', 'rules'));
await mkdir(dir, { recursive: true });
const pages = rulePages(RULES);
for (const name of await readdir(dir)) if (name.endsWith('.md') && !pages.has(name)) await rm(path.join(dir, name));
for (const [name, text] of pages) await writeFile(path.join(dir, name), text);
process.stdout.write(`wrote ${pages.size} pages to ${path.relative(process.cwd(), dir) || '.'}\n`);
