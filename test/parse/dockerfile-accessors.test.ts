import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDockerfileText } from '../../src/parse/dockerfile.js';
import { REPO_ROOT } from '../harness.js';

/**
 * src/parse/dockerfile.ts keeps dockerfile-ast's argument answers per instruction. Every
 * answer must be the one the library gives without it: the same texts are parsed here (kept
 * answers, each accessor asked twice, its array shifted in between) and in a child process
 * that loads dockerfile-ast alone.
 */
const SHAPES = [
  'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG A=1 B\nENV X=1 Y="two words" \\\n    Z=3\n',
  'FROM debian:12\nCOPY --chown=app:app --chmod=755 a.sh b.sh /usr/local/bin/\nADD --link https://example.com/x /x\nRUN --mount=type=cache,target=/root/.cache pip install x\n',
  'FROM alpine\nRUN <<EOF\nset -e\necho hi\nEOF\nCOPY <<-EOT /etc/x\n\tline\nEOT\nCMD ["sh", "-c", "echo \\"$X\\""]\nENTRYPOINT []\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN echo a `\n  && echo b\nWORKDIR C:\\app\n',
  'FROM node:20\nONBUILD COPY --from=x . /app\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\nSHELL ["/bin/bash", "-c"]\nUSER 1000:1000\nSTOPSIGNAL SIGTERM\nEXPOSE 80/tcp 443\nVOLUME ["/data"]\nLABEL a=b "c d"=e\n',
  'FROM scratch\nCMD\nRUN\nCOPY --chmod=\nENV\n',
];

function fixtureDockerfiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) fixtureDockerfiles(p, out);
    else if (entry.name === 'Dockerfile' || entry.name.startsWith('Dockerfile.')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

/** The answers of one parse, as JSON; `ast` is dockerfile-ast's Dockerfile. The same function runs in the child (as source text). */
function answersOf(ast: { getInstructions(): unknown[] }, flagsFirst: boolean): unknown {
  type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
  type Arg = { getValue(): string; getRange(): Range };
  type Ins = Record<string, (() => unknown) | undefined>;
  const args = (list: unknown): unknown => (Array.isArray(list) ? (list as Arg[]).map((a) => [a.getValue(), a.getRange()]) : list);
  return ast.getInstructions().map((instruction) => {
    const i = instruction as Ins;
    const ask = (name: string): unknown => {
      const first = i[name]?.call(i);
      if (Array.isArray(first)) first.shift();
      return args(i[name]?.call(i));
    };
    const flagsOf = (): unknown => {
      const flags = i.getFlags?.call(i);
      return Array.isArray(flags) ? (flags as { getName(): string; getValue(): string | null }[]).map((f) => [f.getName(), f.getValue()]) : null;
    };
    // A COPY's flags asked before its arguments take another path through the library than after them.
    const early = flagsFirst ? flagsOf() : undefined;
    return {
      keyword: ask('getKeyword'),
      arguments: ask('getArguments'),
      raw: ask('getRawArguments'),
      content: ask('getArgumentsContent'),
      rawContent: ask('getRawArgumentsContent'),
      flags: flagsFirst ? early : flagsOf(),
    };
  });
}

describe('dockerfile-ast answers kept per instruction', () => {
  it('are the answers dockerfile-ast gives on its own, asked twice, arrays shifted in between', () => {
    const texts = [...SHAPES, ...fixtureDockerfiles(path.join(REPO_ROOT, 'fixtures'))];
    assert.ok(texts.length > 30, `${texts.length} Dockerfiles`);
    const ours = [true, false].flatMap((flagsFirst) =>
      texts.map((text) => answersOf(parseDockerfileText(text).ast as unknown as { getInstructions(): unknown[] }, flagsFirst)),
    );
    const script = `
      const { DockerfileParser } = require('dockerfile-ast');
      const answersOf = ${answersOf.toString()};
      const texts = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
      process.stdout.write(JSON.stringify([true, false].flatMap((first) => texts.map((t) => answersOf(DockerfileParser.parse(t), first)))));
    `;
    const theirs = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, input: JSON.stringify(texts), maxBuffer: 1 << 28, encoding: 'utf8' }),
    ) as unknown[];
    assert.equal(theirs.length, 2 * texts.length);
    ours.forEach((answers, n) => assert.deepEqual(JSON.parse(JSON.stringify(answers)), theirs[n], texts[n % texts.length]));
  });
});
