import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT_CODES, exitCodeMeaning, REASONS, signalOf, sourceText, type PublicSource } from '../../src/knowledge/exit-codes.js';

const texts = (s: PublicSource): string => sourceText(s, true);

describe('knowledge: exit codes and reasons', () => {
  it('every entry has a public source and every check names the field that settles it', () => {
    for (const e of [...EXIT_CODES, ...REASONS]) {
      const id = 'code' in e ? `exit ${e.code}` : e.reason;
      assert.ok(e.sources.length > 0, `${id}: a source`);
      for (const s of e.sources) assert.doesNotMatch(texts(s), /FACTS\.md|\.\.\/shared/, `${id}: public sources only`);
      for (const c of e.checks) assert.match(c.field, /\w/, `${id}: "${c.step}" names a field`);
      assert.doesNotMatch(e.meaning, /FACTS\.md|\.\.\/shared/);
    }
  });

  it('each seed exit code has its own entry; codes above 128 name their signal', () => {
    assert.deepEqual(
      EXIT_CODES.map((e) => e.code),
      [0, 1, 2, 125, 126, 127, 128, 134, 137, 139, 143, 255],
    );
    assert.deepEqual(signalOf(137), { number: 9, name: 'SIGKILL' });
    assert.deepEqual(signalOf(143), { number: 15, name: 'SIGTERM' });
    assert.equal(signalOf(128), undefined);
    assert.equal(signalOf(160), undefined);
    assert.equal(exitCodeMeaning(130).meaning, 'the process was killed by SIGINT');
    assert.match(exitCodeMeaning(42).meaning, /the program’s own exit status 42/);
  });

  it('a source reads as repository and path, a document as title and address', () => {
    const helpers = EXIT_CODES.find((e) => e.code === 128)?.sources[0];
    assert.ok(helpers);
    assert.equal(sourceText(helpers), 'containerd/containerd internal/cri/server/helpers.go');
    assert.match(texts(helpers), /errorStartExitCode 128/);
  });
});
