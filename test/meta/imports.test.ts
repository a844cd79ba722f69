import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from '../harness.js';

/*
 * The folders read as the pipeline (README, "Development"), and imports run one way: a layer
 * imports only the layers below it. `ts.preProcessFile` reads each file's imports (static,
 * type-only, re-exports and dynamic `import()`) the way the compiler does.
 */

/** The folders of src/ (and rules/) each may import, besides itself. */
const LAYERS: Readonly<Record<string, readonly string[]>> = {
  platform: [],
  parse: ['platform'],
  knowledge: [],
  discover: ['parse', 'platform'],
  config: ['discover', 'knowledge'],
  model: ['parse', 'knowledge'],
  predict: ['model', 'parse', 'knowledge'],
  engine: ['predict', 'model', 'parse', 'knowledge', 'config'],
  rules: ['engine', 'predict', 'model', 'parse', 'knowledge'],
  pipeline: ['engine', 'model', 'parse', 'knowledge', 'discover'],
  report: ['engine', 'discover', 'platform'],
  lint: ['pipeline', 'rules', 'engine', 'model', 'parse', 'knowledge', 'discover', 'config', 'platform'],
  why: ['lint', 'report', 'rules', 'engine', 'model', 'parse', 'knowledge', 'discover', 'config', 'platform'],
  '(entry)': ['why', 'lint', 'report', 'rules', 'engine', 'knowledge', 'discover', 'config', 'platform'],
  bin: ['(entry)', 'lint', 'platform'],
  action: ['(entry)', 'bin', 'report', 'knowledge', 'discover', 'platform'],
};

/** Inside src/model: helpers, the Dockerfile's stages, what runs as PID 1, the pod side; the files at its top join them. */
const MODEL_LAYERS: Readonly<Record<string, readonly string[]>> = {
  common: [],
  image: ['common'],
  process: ['image', 'common'],
  workload: ['process', 'common'],
  '(top)': ['workload', 'process', 'image', 'common'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Each source file (relative to the repository) and the source files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles(path.join(REPO_ROOT, 'src')), ...sourceFiles(path.join(REPO_ROOT, 'rules'))]) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((r) => r.fileName)
      .filter((name) => name.startsWith('.') && name.endsWith('.js'))
      .map((name) => path.relative(REPO_ROOT, path.resolve(path.dirname(file), name)).replace(/\.js$/, '.ts'));
    graph.set(path.relative(REPO_ROOT, file), targets);
  }
  return graph;
}

/** The layer of a file: its folder under src/ (`(entry)` for the files at src/'s top), or `rules`. */
function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'rules') return 'rules';
  return parts.length > 2 ? (parts[1] ?? '') : '(entry)';
}

function modelLayerOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts[1] !== 'model') return undefined;
  return parts.length > 3 ? (parts[2] ?? '') : '(top)';
}

/** Strongly connected components of more than one file (Tarjan): the import circles. */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports', () => {
  const graph = importGraph();

  it('the graph is read (a test that cannot fail is a defect)', () => {
    assert.ok(graph.size > 100);
    assert.ok(graph.get('src/model/join.ts')?.includes('src/model/workload/workload.ts'));
    assert.deepEqual(
      circles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', ['a']],
        ]),
      ),
      [['a', 'b']],
    );
  });

  it('no import circle among the files of src/ and rules/', () => {
    assert.deepEqual(circles(graph), []);
  });

  it('each folder imports only the layers below it', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      const allowed = LAYERS[from];
      assert.ok(allowed, `${file}: folder ${from} is not in LAYERS (say where it sits in the pipeline)`);
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) wrong.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('inside src/model: common ← image ← process ← workload ← the joins at the top', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = modelLayerOf(file);
      if (from === undefined) continue;
      const allowed = MODEL_LAYERS[from];
      assert.ok(allowed, `${file}: src/model/${from} is not in MODEL_LAYERS`);
      for (const target of targets) {
        const to = modelLayerOf(target);
        if (to !== undefined && to !== from && !allowed.includes(to)) wrong.push(`${file} → ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
