import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonWithItems, writeReport } from '../../src/report/write.js';
import { CLI, REPO_ROOT, fixture, scratchDir } from '../harness.js';

/** Values whose JSON has every shape the layout must survive: nesting, empty containers, escapes, text outside Latin-1. */
const ITEMS: unknown[] = [
  { ruleId: 'a', line: 1, related: [], nested: { deeper: [1, [2, { x: null }]], empty: {} } },
  { message: 'line one\nline two\ttab "quoted" \\ back', sep: '\u2028\u2029', lone: '\ud800 alone', wide: 'müssen — 日本 🚀' },
  'a plain string item',
  42,
  [],
];

describe('reports written piece by piece', () => {
  it('jsonWithItems gives the bytes of JSON.stringify(…, null, 2) for an array at any depth', () => {
    const shapes = [
      (items: unknown[]): unknown => ({ tool: { name: 't' }, findings: items, summary: { files: 1 } }),
      (items: unknown[]): unknown => ({
        version: '2.1.0',
        runs: [{ tool: { driver: { rules: [{ id: 'r' }] } }, results: items, columnKind: 'utf16CodeUnits' }],
      }),
    ];
    const key = ['findings', 'results'];
    shapes.forEach((shape, i) => {
      for (const items of [[], ITEMS.slice(0, 1), ITEMS]) {
        const expected = JSON.stringify(shape(items), null, 2);
        const pieces = [...jsonWithItems(JSON.stringify(shape([]), null, 2), key[i] as string, items)];
        assert.equal(pieces.join(''), expected);
        assert.ok(pieces.length >= items.length, 'one piece per item at least: the items are not joined into one string first');
      }
    });
  });

  it('jsonWithItems refuses an envelope without exactly one empty array at the key', () => {
    assert.throws(() => [...jsonWithItems(JSON.stringify({ results: [1] }, null, 2), 'results', [])]);
    assert.throws(() => [...jsonWithItems(JSON.stringify({ a: { results: [] }, b: { results: [] } }, null, 2), 'results', [])]);
  });

  it('writeReport writes every piece to the file, replacing what was there', async () => {
    const dir = scratchDir('write');
    const file = path.join(dir, 'report.txt');
    writeFileSync(file, 'x'.repeat(500_000));
    // Well over one batch, with characters of 1 to 4 UTF-8 bytes throughout.
    const pieces = Array.from({ length: 20_000 }, (_, i) => `${i}: a é — 🚀\n`);
    await writeReport(pieces, file);
    assert.equal(readFileSync(file, 'utf8'), pieces.join(''));
  });

  it('the CLI writes the same report to standard output (a pipe) as to --output', () => {
    const dir = scratchDir('write');
    for (const format of ['sarif', 'stylish']) {
      const file = path.join(dir, `report.${format}`);
      const args = [CLI, fixture('demo'), '--format', format, '--fail-on', 'none'];
      const piped = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
      const written = spawnSync(process.execPath, [...args, '--output', file], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(piped.status, 0, piped.stderr);
      assert.equal(written.status, 0, written.stderr);
      assert.ok(piped.stdout.length > 0);
      assert.equal(readFileSync(file, 'utf8'), piped.stdout, format);
    }
  });

  it('a standard output its opener made non-blocking (write fails with EAGAIN) still gets the whole report', async () => {
    const dir = scratchDir('write-nonblocking');
    const fifo = path.join(dir, 'stdout.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    const args = [CLI, fixture('demo'), '--format', 'sarif', '--fail-on', 'none'];
    // Node's spawn hands a child blocking standard streams; perl (in every Debian) sets O_NONBLOCK and runs the CLI.
    const nonBlocking = 'use Fcntl; fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die $!; exec @ARGV or die $!';
    const child = spawn('perl', ['-e', nonBlocking, '--', process.execPath, ...args], { cwd: REPO_ROOT, stdio: ['ignore', writer, 'pipe'] });
    const exited = once(child, 'exit');
    closeSync(writer);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Nothing is read for a while: the demo's SARIF (≈ 125 KB) fills the FIFO's 64 KB and the CLI's write(2) fails with EAGAIN.
    await sleep(1500);
    const chunks: Buffer[] = [];
    const socket = new Socket({ fd: reader, readable: true, writable: false });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const [[status]] = (await Promise.all([exited, once(socket, 'close')])) as [[number | null], unknown];
    assert.equal(stderr, '');
    assert.equal(status, 0);
    const file = path.join(dir, 'report.sarif');
    assert.equal(spawnSync(process.execPath, [...args, '--output', file], { cwd: REPO_ROOT }).status, 0);
    assert.equal(Buffer.concat(chunks).toString('utf8'), readFileSync(file, 'utf8'));
  });

  it('colours the terminal report only when standard output is a terminal, and never with NO_COLOR', () => {
    const args = [CLI, fixture('demo'), '--fail-on', 'none'];
    const ESC = '\u001b[';
    const piped = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(piped.status, 0, piped.stderr);
    assert.ok(piped.stdout.includes('exit 137 on stop') && !piped.stdout.includes(ESC), 'a pipe gets no colour');
    // script(1) (util-linux, in every Debian) runs the CLI on a pseudo-terminal.
    const command = [process.execPath, ...args].map((a) => `'${a}'`).join(' ');
    for (const [env, coloured] of [
      [{}, true],
      [{ NO_COLOR: '1' }, false],
    ] as const) {
      const onTerminal = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
      assert.equal(onTerminal.status, 0, onTerminal.stderr);
      assert.ok(onTerminal.stdout.includes('exit 137 on stop'), onTerminal.stdout);
      assert.equal(onTerminal.stdout.includes(ESC), coloured, JSON.stringify(env));
    }
  });

  it('a reader that stops early (| head) ends the report quietly, with the exit status of the run', async () => {
    // The demo's SARIF (rule help included) is larger than a pipe's buffer, so the CLI is still writing when the reader leaves.
    const child = spawn(process.execPath, [CLI, fixture('demo'), '--format', 'sarif', '--fail-on', 'none'], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [status] = (await once(child, 'exit')) as [number | null];
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });
});
