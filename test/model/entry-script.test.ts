import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitStatusOf } from '../../src/knowledge/exit-status.js';
import { analyzeScriptText } from '../../src/model/process/entry-script.js';

describe('entry-script model', () => {
  it('finds exec "$@" inside a function, traps, literal exits, and CRLF #! lines', async () => {
    const text = '#!/bin/sh\r\nset -e\r\n_main() {\r\n  trap \'exit 3.5\' TERM INT\r\n  exec gosu app "$@"\r\n}\r\n_main "$@"\r\nexit 300\r\n';
    const content = await analyzeScriptText(text, 'entry.sh', 0);
    assert.equal(content.kind, 'script');
    if (content.kind !== 'script') return;
    assert.deepEqual(content.shebang && { interpreter: content.shebang.interpreter, crlf: content.shebang.crlf }, { interpreter: '/bin/sh\r', crlf: true });
    assert.deepEqual(
      content.body.execs.map((e) => [e.runsArguments, e.at.line]),
      [[true, 5]],
    );
    assert.deepEqual(
      content.body.traps.map((t) => [t.signals, t.installsHandler]),
      [[['SIGTERM', 'SIGINT'], true]],
    );
    assert.deepEqual(
      content.body.exits.map((e) => [e.argument, exitStatusOf('dash', e.argument), e.at.line]),
      [['300', 44, 8]],
    );
    assert.equal(content.body.last?.words?.[0]?.literal, 'exit');
  });

  it('a here-document keeps its Dockerfile line numbers', async () => {
    const content = await analyzeScriptText('#!/bin/sh\nnode server.js\n', 'Dockerfile', 3);
    assert.equal(content.kind === 'script' ? content.body.last?.at.line : undefined, 5);
    assert.equal(content.kind === 'script' ? content.body.execs.length : -1, 0);
  });
});
