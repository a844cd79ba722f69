import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { walkedKind } from '../src/discover/discover.js';

/**
 * The floor lint-k8s is measured against: walk the same trees, read every file lint-k8s reads
 * and parse it with the same libraries (`yaml` for every document, `dockerfile-ast` for every
 * Dockerfile), and nothing else. Prints what it parsed as JSON. Reads are synchronous, as
 * lint-k8s's are: one promise per file kept the floor waiting on Node's thread pool for a
 * third of its time.
 */
function walk(dir: string, visit: (file: string) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, visit);
    else if (entry.isFile()) visit(p);
  }
}

let documents = 0;
let dockerfiles = 0;
for (const root of process.argv.slice(2)) {
  walk(root, (file) => {
    const kind = walkedKind(path.basename(file));
    if (kind === undefined) return;
    const text = readFileSync(file, 'utf8');
    if (kind === 'dockerfile') {
      DockerfileParser.parse(text).getInstructions();
      dockerfiles++;
    } else {
      documents += parseAllDocuments(text, { uniqueKeys: true, strict: false }).length;
    }
  });
}
process.stdout.write(`${JSON.stringify({ documents, dockerfiles })}\n`);
