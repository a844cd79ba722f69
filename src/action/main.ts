import { appendFile, readFile } from 'node:fs/promises';
import type { Log, Result } from 'sarif';
import { main } from '../main.js';
import type { Phase } from '../knowledge/types.js';
import { changedFiles, touchesChange } from './changed.js';
import { booleanInput, input, listInput } from './inputs.js';
import { jobSummary, outcomeOf, type ActionFinding } from './job-summary.js';
import { ANNOTATIONS_PER_LEVEL, workflowCommand, type AnnotationLevel } from '../report/workflow-commands.js';

const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];
const RANK = { note: 1, warning: 2, error: 3 } as const;
const THRESHOLD: Readonly<Record<Exclude<FailOn, 'none'>, number>> = { info: 1, warning: 2, error: 3 };
const ANNOTATION: Readonly<Record<ActionFinding['level'], AnnotationLevel>> = { error: 'error', warning: 'warning', note: 'notice' };

export interface ActionIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Where workflow commands go: the step's standard output. */
  readonly log: (line: string) => void;
}

function toFinding(result: Result): ActionFinding {
  const physical = result.locations?.[0]?.physicalLocation;
  const region = physical?.region ?? {};
  const props = (result.properties ?? {}) as { exitCode?: number | null; reason?: string | null; phase?: Phase };
  const decode = (uri: string | undefined): string => (uri ?? '.').split('/').map(decodeURIComponent).join('/');
  return {
    ruleId: result.ruleId ?? 'unknown',
    level: result.level === 'error' || result.level === 'warning' ? result.level : 'note',
    message: result.message.text ?? '',
    file: decode(physical?.artifactLocation?.uri),
    line: region.startLine ?? 1,
    column: region.startColumn ?? 1,
    endLine: region.endLine ?? region.startLine ?? 1,
    endColumn: region.endColumn ?? region.startColumn ?? 1,
    exitCode: props.exitCode ?? null,
    reason: props.reason ?? null,
    phase: props.phase ?? 'run',
    related: (result.relatedLocations ?? []).map((r) => decode(r.physicalLocation?.artifactLocation?.uri)),
    suppressed: (result.suppressions ?? []).length > 0,
  };
}

/**
 * The GitHub Action: runs the lint-k8s CLI to write the SARIF file (so `config` and every
 * option behave as on the command line), then reads it back for annotations, the job
 * summary and the outputs. Returns the step's exit status.
 */
export async function runAction(io: ActionIo): Promise<number> {
  const { env, log } = io;
  let options;
  try {
    const failOn = input(env, 'fail-on', 'error');
    if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new Error(`input fail-on must be one of ${FAIL_ON.join(', ')}, found "${failOn}"`);
    options = {
      paths: listInput(env, 'paths', ['.']),
      config: input(env, 'config'),
      failOn: failOn as FailOn,
      runtime: input(env, 'runtime'),
      sarifFile: input(env, 'sarif-file', 'lint-k8s.sarif'),
      annotations: booleanInput(env, 'annotations', true),
      changedOnly: booleanInput(env, 'changed-only', false),
      exclude: listInput(env, 'exclude', []),
      disable: listInput(env, 'disable', []),
      ignorePragmas: booleanInput(env, 'ignore-pragmas', true),
    };
  } catch (error) {
    log(workflowCommand('error', { title: 'lint-k8s' }, (error as Error).message));
    return 2;
  }

  const args = [...options.paths, '--format', 'sarif', '--output', options.sarifFile, '--fail-on', 'none'];
  if (options.runtime) args.push('--runtime', options.runtime);
  if (options.config) args.push('--config', options.config);
  for (const glob of options.exclude) args.push('--exclude', glob);
  if (options.disable.length > 0) args.push('--disable', options.disable.join(','));
  if (!options.ignorePragmas) args.push('--no-ignore-pragmas');
  // The CLI's one-line error becomes the step's one error annotation (no second "exited 2" on top of it).
  const problems: string[] = [];
  const status = await main(args, { stderr: (line) => problems.push(line) });
  if (status !== 0) {
    const said = problems.map((p) => p.replace(/^lint-k8s: /, '')).join('; ');
    log(workflowCommand('error', { title: 'lint-k8s' }, said === '' ? `lint-k8s ${args.join(' ')} exited ${status}` : said));
    return status;
  }

  const sarif = JSON.parse(await readFile(options.sarifFile, 'utf8')) as Log;
  const all = (sarif.runs[0]?.results ?? []).map(toFinding);
  let findings = all.filter((f) => !f.suppressed);
  let changedOnly: string | undefined;
  if (options.changedOnly) {
    const changed = await changedFiles(env, io.cwd);
    if (changed.ok) {
      changedOnly = changed.base;
      findings = findings.filter((f) => touchesChange(f.file, f.related, changed.files));
    } else {
      log(workflowCommand('warning', { title: 'lint-k8s' }, `${changed.problem}; reporting findings in every file`));
    }
  }
  findings.sort((a, b) => RANK[b.level] - RANK[a.level]);
  const suppressed = all.length - all.filter((f) => !f.suppressed).length;

  if (options.annotations) {
    for (const level of ['error', 'warning', 'note'] as const) {
      const ofLevel = findings.filter((f) => f.level === level);
      for (const f of ofLevel.slice(0, ANNOTATIONS_PER_LEVEL))
        log(
          workflowCommand(
            ANNOTATION[level],
            { file: f.file, line: f.line, endLine: f.endLine, col: f.column, endColumn: f.endLine === f.line ? f.endColumn : undefined, title: `lint-k8s ${f.ruleId}: ${outcomeOf(f)}` },
            f.message,
          ),
        );
      if (ofLevel.length > ANNOTATIONS_PER_LEVEL)
        log(workflowCommand('notice', { title: 'lint-k8s' }, `${ofLevel.length - ANNOTATIONS_PER_LEVEL} more ${level === 'note' ? 'info' : level} findings are not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level): see the job summary and ${options.sarifFile}`));
    }
  }

  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  if (env.GITHUB_STEP_SUMMARY) {
    const blobBase = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}` : undefined;
    await appendFile(env.GITHUB_STEP_SUMMARY, jobSummary({ findings, suppressed, changedOnly, blobBase }));
  }
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `sarif-file=${options.sarifFile}\nerrors=${errors}\nwarnings=${warnings}\n`);

  if (options.failOn === 'none') return 0;
  const threshold = THRESHOLD[options.failOn];
  const failing = findings.filter((f) => RANK[f.level] >= threshold).length;
  if (failing === 0) return 0;
  log(workflowCommand('error', { title: 'lint-k8s' }, `${failing} predicted failure${failing === 1 ? '' : 's'} at or above fail-on: ${options.failOn}`));
  return 1;
}
