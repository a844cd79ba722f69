import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { classify } from '../src/discover/discover.js';

/**
 * The floor lint-k8s is measured against: walk the same trees, read every file and parse it
 * with the same libraries (`yaml` for every document, `dockerfile-ast` for every Dockerfile),
 * and nothing else. Prints what it parsed as JSON.
 */
async function walk(dir: string, visit: (file: string) => Promise<void>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(p, visit);
    else if (entry.isFile()) await visit(p);
  }
}

let documents = 0;
let dockerfiles = 0;
for (const root of process.argv.slice(2)) {
  await walk(root, async (file) => {
    const kind = classify(file);
    if (kind === undefined) return;
    const text = await readFile(file, 'utf8');
    if (kind === 'dockerfile') {
      DockerfileParser.parse(text).getInstructions();
      dockerfiles++;
    } else {
      documents += parseAllDocuments(text, { uniqueKeys: true, strict: false }).length;
    }
  });
}
process.stdout.write(`${JSON.stringify({ documents, dockerfiles })}\n`);
