import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findBaseImage } from '../../src/knowledge/base-images.js';
import { daemonizingCommand, nginxDaemonOff, supervisordNodaemon } from '../../src/knowledge/daemons.js';
import { entrypointArgumentCheck, programByName, PYTHON_LAUNCHERS } from '../../src/knowledge/programs.js';
import { evidenceOfPackageManager, evidenceOfTag } from '../../src/knowledge/shell-evidence.js';
import { SHELLS } from '../../src/knowledge/shells.js';
import { sourceText } from '../../src/knowledge/sources.js';

describe('RHEL-family bases: /bin/sh is bash', () => {
  for (const reference of [
    'amazonlinux:2023',
    'amazonlinux:2',
    'fedora:40',
    'registry.fedoraproject.org/fedora:41',
    'rockylinux:9',
    'rockylinux/rockylinux:9.4-minimal',
    'almalinux:9',
    'oraclelinux:9-slim',
    'registry.access.redhat.com/ubi9/ubi:9.4',
    'registry.access.redhat.com/ubi8/ubi-minimal:8.10',
    'registry.access.redhat.com/ubi9:latest',
    'redhat/ubi9-minimal:latest',
    'amazoncorretto:21',
    'amazoncorretto:17-al2023-jdk',
  ]) {
    it(reference, () => {
      const facts = findBaseImage(reference);
      assert.equal(facts?.binSh, 'bash', reference);
      assert.equal(facts?.bash, true);
      assert.match(facts?.source ?? '', /bash\.spec/);
    });
  }
  it('amazoncorretto alpine tags are not taken for Amazon Linux', () => {
    assert.equal(findBaseImage('amazoncorretto:21-alpine'), undefined);
    assert.ok(findBaseImage('amazoncorretto:21')?.binaries.includes('/usr/bin/java'));
  });
});

describe('shell evidence for unknown bases', () => {
  it('package managers name one family each', () => {
    assert.deepEqual(
      ['apt-get', '/usr/bin/apt', 'apk', 'dnf', 'microdnf', 'yum', 'pip'].map((p) => evidenceOfPackageManager(p)?.binSh),
      ['dash', 'dash', 'busybox', 'bash', 'bash', 'bash', undefined],
    );
  });
  it('tags: a release word settles it, two families or none do not', () => {
    assert.deepEqual(
      ['3.12-bookworm', '21-jre-alpine', '22.04-jammy', 'ubi9-minimal', '1.2.3', 'alpine-bookworm'].map((t) => evidenceOfTag(t)?.binSh),
      ['dash', 'busybox', 'dash', 'bash', undefined, undefined],
    );
  });
});

describe('shells: loops, traps and script files keep every shell PID 1 (lab verified)', () => {
  for (const shell of Object.values(SHELLS)) {
    it(shell.name, () => {
      assert.equal(shell.execsLastCommand.inLoop, false);
      assert.equal(shell.execsLastCommand.afterTrap, false);
      assert.equal(shell.runsScriptArgument, true);
      assert.match(shell.source, /inLoop\|afterTrap/);
    });
  }
});

describe('programs', () => {
  it('npm, yarn and pnpm forward SIGTERM to their script shell and exit 1 (lab)', () => {
    for (const name of ['npm', 'yarn', 'pnpm']) {
      const reaction = programByName(name)?.asPid1.SIGTERM;
      assert.deepEqual(reaction?.kind === 'forwards-to-script-shell' ? reaction.exitCode : undefined, 1, name);
      assert.match(reaction?.source ?? '', /^lab/, name);
    }
  });
  it('uWSGI reloads on SIGTERM unless die-on-term', () => {
    const uwsgi = programByName('/usr/local/bin/uwsgi');
    assert.equal(uwsgi?.asPid1.SIGTERM?.kind, 'reloads');
    assert.deepEqual(
      uwsgi?.reactionSwitches?.map((s) => [s.options, s.env, s.configKey]),
      [[['--die-on-term'], ['UWSGI_DIE_ON_TERM'], 'die-on-term']],
    );
  });
  it('postgres refuses root, and its entrypoint steps down only for `postgres` or an option', () => {
    assert.equal(programByName('postgres')?.refusesRoot?.exitCode, 1);
    const check = entrypointArgumentCheck('postgres', '/usr/local/bin/docker-entrypoint.sh');
    assert.deepEqual(check?.setupFor, { programs: ['postgres'], options: true });
    assert.equal(entrypointArgumentCheck('redis', '/usr/local/bin/docker-entrypoint.sh'), undefined);
    assert.match(sourceText(check?.source ?? {}), /docker-library\/postgres docker-entrypoint\.sh/);
  });
  it('Python launchers: Flask only with its reloader, Django unless --noreload', () => {
    const flask = PYTHON_LAUNCHERS.find((l) => l.id === 'flask-run');
    const django = PYTHON_LAUNCHERS.find((l) => l.id === 'django-runserver');
    assert.deepEqual([flask?.handler.byDefault, flask?.withHandler.kind, flask?.withoutHandler.kind], [false, 'exits', 'ignored-as-pid1']);
    assert.deepEqual([django?.handler.byDefault, django?.handler.offWith], [true, ['--noreload']]);
  });
});

describe('daemonizing commands', () => {
  const id = (argv: string[]): string | undefined => daemonizingCommand(argv)?.command.id;
  it('gunicorn --daemon/-D, mongod --fork, sshd without -D, supervisord (config decides)', () => {
    assert.deepEqual(
      [
        id(['gunicorn', '-D', 'app:app']),
        id(['gunicorn', 'app:app']),
        id(['mongod', '--fork']),
        id(['mongod']),
        id(['/usr/sbin/sshd']),
        id(['/usr/sbin/sshd', '-D', '-e']),
        id(['supervisord']),
        id(['supervisord', '--nodaemon']),
      ],
      ['gunicorn-daemon', undefined, 'mongod-fork', undefined, 'sshd', undefined, 'supervisord', undefined],
    );
    assert.equal(daemonizingCommand(['supervisord'])?.verdict, 'config');
  });
  it('configuration parsers', () => {
    assert.equal(supervisordNodaemon('[supervisord]\nnodaemon = true ; keep\n[program:x]\ncommand=y\n'), true);
    assert.equal(supervisordNodaemon('[program:x]\nnodaemon=true\n'), false);
    assert.equal(nginxDaemonOff('daemon off; # foreground\n'), true);
    assert.equal(nginxDaemonOff('# daemon off;\n'), false);
  });
});
