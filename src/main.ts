import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import { RULES, findRule } from '../rules/index.js';
import { ConfigError, loadConfig, type LintConfig, type RuleSetting } from './config/config.js';
import { MissingPathError, displayPathOf } from './discover/discover.js';
import { SEVERITY_RANK, active, type Finding } from './engine/finding.js';
import type { Severity } from './engine/rule.js';
import { UNUSED_SUPPRESSION } from './engine/suppress.js';
import { RUNTIMES, type RuntimeName } from './knowledge/types.js';
import { lint } from './lint/lint.js';
import { DEFAULT_MAX_FILE_SIZE, statIfAny } from './discover/source-file.js';
import { applyBaseline, baselineOf, readBaseline, writeBaseline, type Baseline } from './report/baseline.js';
import { checkstyleReport } from './report/checkstyle.js';
import { githubReport } from './report/github.js';
import { gitlabReport } from './report/gitlab.js';
import { jsonReport } from './report/json.js';
import { junitReport } from './report/junit.js';
import { ruleText } from './report/rule-doc.js';
import { ruleList } from './report/rule-list.js';
import { sarifReport } from './report/sarif.js';
import { stylishReport } from './report/stylish.js';
import { summarize, type Summary } from './report/summary.js';
import { OutputError, describeFileError, prepareOutputFile, stdoutIsTerminal, writeReport, writeStdoutSync } from './report/write.js';
import { INFORMATION_URI, TOOL_NAME, toolVersion } from './platform/version.js';

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'checkstyle', 'gitlab'] as const;
/** Formats of `--list-rules` only. */
const LIST_FORMATS = ['json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];
type FailOn = Severity | 'none';

/** One report of the run: a format and where it goes (standard output when `file` is undefined). */
interface Output {
  format: Format | 'markdown' | undefined;
  file: string | undefined;
}

interface CliOptions {
  failOn: FailOn;
  runtime: RuntimeName;
  listRules?: boolean;
  explain?: string;
  stdinFilename: string;
  maxFileSize: number;
  config?: string;
  printConfig?: boolean;
  baseline?: string;
  values: string[];
  writeBaseline?: boolean;
  jobs: number | 'auto';
  disable: string[];
  enable: string[];
  error: string[];
  warning: string[];
  info: string[];
  exclude: string[];
  ignorePragmas: boolean;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  maxWarnings?: number;
}

/** Exit statuses: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage error found after the command line was parsed: one line on stderr, exit 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number of bytes');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more)');
  return n;
}

function jobCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected auto or a positive whole number of threads');
  return n;
}

/** A repeatable option whose values may also be comma-separated (`--disable a,b --disable c`). */
function list(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Runs the command line and returns the exit status. Nothing escapes as an exception: a
 * usage, configuration or output problem is one line on stderr and exit 2 (a stack trace is
 * printed only with LINT_K8S_DEBUG=1).
 */
export async function main(argv: readonly string[], io: { readonly stderr?: (line: string) => void } = {}): Promise<number> {
  const say = io.stderr ?? ((line: string) => void process.stderr.write(`${line}\n`));
  try {
    return await run(argv, say);
  } catch (error) {
    const known = error instanceof UsageError || error instanceof ConfigError || error instanceof OutputError || error instanceof MissingPathError;
    const text = known ? (error as Error).message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    say(`${TOOL_NAME}: ${text.split('\n')[0]}`);
    if (!known && process.env.LINT_K8S_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT_USAGE;
  }
}

async function run(argv: readonly string[], say: (line: string) => void): Promise<number> {
  // `lint-k8s why …` explains a pod status from the repository's findings (src/why/).
  if (argv[0] === 'why') return (await import('./why/command.js')).whyMain(argv.slice(1));
  const version = toolVersion();
  // -f and -o pair up in the order given: each --output names the file of the --format before it
  // (or after it, for `-o FILE -f FORMAT`); a format without a file goes to standard output.
  const outputs: Output[] = [];
  const addFormat = (value: string): string => {
    if (!(FORMATS as readonly string[]).includes(value) && value !== 'markdown')
      throw new InvalidArgumentError(`Allowed choices are ${FORMATS.join(', ')} (and, with --list-rules, ${LIST_FORMATS.join(', ')}).`);
    const format = value as Output['format'];
    const waiting = outputs.find((o) => o.format === undefined);
    if (waiting) waiting.format = format;
    else outputs.push({ format, file: undefined });
    return value;
  };
  const addOutput = (value: string): string => {
    const last = outputs.at(-1);
    if (last && last.file === undefined && last.format !== undefined) last.file = value;
    else outputs.push({ format: undefined, file: value });
    return value;
  };
  const program = new Command()
    .name(TOOL_NAME)
    .description('Predicts how containers will fail — exit code and Kubernetes reason — from Dockerfiles and Kubernetes manifests.')
    .argument('[paths...]', 'files, directories or globs to lint; - reads one document from standard input', ['.'])
    .option('-f, --format <format>', `output format: ${FORMATS.join(', ')} (repeatable, each with its own -o; default stylish)`, addFormat)
    .option('-o, --output <file>', 'write the report of the --format before it to a file instead of standard output', addOutput)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity').choices(['error', 'warning', 'info', 'none']).default('error'))
    .option('--max-warnings <n>', 'also exit 1 when there are more than n warnings', count)
    .option('-q, --quiet', 'report errors only')
    .option('--verbose', 'the whole explanation of each finding in stylish output')
    .option('--color', 'colour stylish output even when it is not a terminal')
    .option('--no-color', 'never colour (as NO_COLOR)')
    .option('--disable <rule>', 'turn a rule off (repeatable, or comma-separated)', list, [] as string[])
    .option('--enable <rule>', 'turn on a rule the configuration turns off', list, [] as string[])
    .option('--error <rule>', 'report a rule as an error', list, [] as string[])
    .option('--warning <rule>', 'report a rule as a warning', list, [] as string[])
    .option('--info <rule>', 'report a rule as info', list, [] as string[])
    .option('--exclude <glob>', 'leave out matching paths (.gitignore syntax, relative to the working directory; repeatable)', list, [] as string[])
    .option('--no-ignore-pragmas', 'report findings silenced by lint-k8s ignore comments and annotations')
    .addOption(new Option('--runtime <runtime>', 'container runtime the predictions assume').choices([...RUNTIMES]).default('containerd'))
    .option('--stdin-filename <name>', 'name of the document read from standard input', 'stdin.yaml')
    .option('--max-file-size <bytes>', 'skip (and report) files larger than this', positiveInteger, DEFAULT_MAX_FILE_SIZE)
    .option('-j, --jobs <n>', 'threads to lint with (auto: every core once the input is large; the report is the same)', jobCount, 'auto' as const)
    .option('-c, --config <file>', 'configuration file (default: the nearest .lint-k8s.yaml from the scanned root up to the repository root)')
    .option('--print-config', 'print the configuration in effect (file, rules with command-line overrides) as JSON and exit')
    .option(
      '--values <file>',
      "values file for helm template, given to every chart rendered after the config's charts: values (repeatable; a later file wins)",
      (v: string, values: string[]) => [...values, v],
      [] as string[],
    )
    .option('--baseline <file>', 'report only findings not recorded in this baseline file')
    .option('--write-baseline', 'record the current findings in the --baseline file (they are then reported as suppressed)')
    .option('--list-rules', 'list the rules and exit (--format json or markdown for a machine-readable list)')
    .option('--explain <rule>', 'show the documentation of a rule and exit')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => writeStdoutSync(s) });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      say(`${TOOL_NAME}: ${error.message.replace(/^error: /, '').split('\n')[0]}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
  const paths = program.processedArgs[0] as string[];

  if (options.listRules) {
    const format = outputs[0]?.format;
    if (outputs.length > 1 || (format !== undefined && format !== 'json' && format !== 'markdown'))
      throw new UsageError(`--list-rules takes --format ${LIST_FORMATS.join(' or ')} (or none)`);
    const text = ruleList(RULES, format ?? 'text');
    const file = outputs[0]?.file;
    if (file !== undefined) await writeReport([text], file);
    else writeStdoutSync(text);
    return EXIT_OK;
  }
  if (options.explain !== undefined) {
    const rule = findRule(options.explain);
    if (!rule) throw new UsageError(`unknown rule "${options.explain}" (see --list-rules)`);
    writeStdoutSync(ruleText(rule.meta));
    return EXIT_OK;
  }
  if (outputs.length === 0) outputs.push({ format: 'stylish', file: undefined });
  for (const o of outputs) {
    o.format ??= 'stylish';
    if (o.format === 'markdown')
      throw new UsageError('--format markdown is for --list-rules; reports are stylish, json, sarif, github, junit, checkstyle or gitlab');
  }
  if (outputs.filter((o) => o.file === undefined).length > 1)
    throw new UsageError('more than one --format writes to standard output: give each but one an --output FILE');
  const files = outputs.flatMap((o) => (o.file === undefined ? [] : [path.resolve(o.file)]));
  if (new Set(files).size < files.length) throw new UsageError('two --format options write to the same --output file');

  const loaded = loadConfig({ cwd: process.cwd(), paths, configFile: options.config, knownRules: new Set(RULES.map((r) => r.meta.id)) });
  const config = withRuleFlags(loaded, options);
  // Flags given on the command line win over the file.
  const fromCli = (name: string): boolean => program.getOptionValueSource(name) === 'cli';
  const runtime = fromCli('runtime') ? options.runtime : (config.runtime ?? options.runtime);
  const failOn = fromCli('failOn') ? options.failOn : (config.failOn ?? options.failOn);
  if (options.printConfig) {
    writeStdoutSync(printedConfig(config, { runtime, failOn, exclude: options.exclude }));
    return EXIT_OK;
  }
  if (options.writeBaseline && options.baseline === undefined) throw new UsageError('--write-baseline needs --baseline FILE');
  const baseline = options.baseline !== undefined && !options.writeBaseline ? readBaselineOrError(options.baseline) : undefined;
  if (baseline instanceof Error) throw new UsageError(baseline.message);
  // A report or baseline that cannot be written is said before the run, not after it.
  for (const o of outputs) if (o.file !== undefined) prepareOutputFile(o.file, 'the report');
  if (options.writeBaseline && options.baseline !== undefined) prepareOutputFile(options.baseline, 'the baseline');

  // helm would fail on each chart with the same error: said once, before the run.
  for (const v of options.values) if (!statIfAny(v)?.isFile()) throw new UsageError(`--values ${v}: no such file`);
  const stdin = paths.includes('-') ? { text: await readStdin(), filename: options.stdinFilename } : undefined;
  const {
    findings: linted,
    fileCount,
    rendering,
  } = await lint(paths, {
    cwd: process.cwd(),
    runtime,
    rules: RULES,
    maxFileSize: options.maxFileSize,
    stdin,
    config,
    helmValues: options.values,
    jobs: options.jobs,
    exclude: options.exclude,
  });
  const unsilenced = options.ignorePragmas ? linted : withoutPragmas(linted);
  if (options.writeBaseline && options.baseline !== undefined) {
    try {
      writeBaseline(options.baseline, unsilenced);
    } catch (error) {
      throw new OutputError(`cannot write the baseline to ${options.baseline}: ${describeFileError(error)}`);
    }
  }
  const baselined = options.baseline !== undefined ? applyBaseline(unsilenced, baseline ?? baselineOf(unsilenced), options.baseline) : unsilenced;
  const findings = options.quiet ? baselined.filter((f) => f.severity === 'error') : baselined;
  const summary = summarize(findings, fileCount, rendering);
  for (const o of outputs) {
    const style = { color: colorFor(options.color, o.file !== undefined), verbose: options.verbose ?? false, width: terminalWidth(o.file === undefined) };
    await writeReport(report(o.format as Format, findings, summary, style), o.file);
  }

  let status = EXIT_OK;
  if (failOn !== 'none') {
    const threshold = SEVERITY_RANK[failOn];
    if (active(findings).some((f) => SEVERITY_RANK[f.severity] >= threshold)) status = EXIT_FINDINGS;
  }
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    say(`${TOOL_NAME}: ${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}`);
    status = EXIT_FINDINGS;
  }
  return status;
}

function report(
  format: Format,
  findings: readonly Finding[],
  summary: Summary,
  style: { color: boolean; verbose: boolean; width: number | undefined },
): Iterable<string> {
  const tool = { name: TOOL_NAME, version: toolVersion(), informationUri: INFORMATION_URI };
  switch (format) {
    case 'json':
      return jsonReport(findings, summary, tool);
    case 'sarif':
      return sarifReport(findings, RULES, tool);
    case 'github':
      return githubReport(findings);
    case 'junit':
      return junitReport(findings);
    case 'checkstyle':
      return checkstyleReport(findings);
    case 'gitlab':
      return gitlabReport(findings);
    case 'stylish':
      return stylishReport(findings, summary, { ...style, titles: RULE_TITLES });
  }
}

const RULE_TITLES: ReadonlyMap<string, string> = new Map(RULES.map((r) => [r.meta.id, r.meta.title]));

/** Columns stylish output is wrapped to: `COLUMNS`, else the terminal's when standard output is one (else the default). */
function terminalWidth(toStdout: boolean): number | undefined {
  const columns = Number(process.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return toStdout && stdoutIsTerminal() ? process.stdout.columns : undefined;
}

/**
 * Colour: `--color`/`--no-color` win; a report written to a file has none; then FORCE_COLOR
 * (any value but 0/false turns it on, as in Node and chalk), NO_COLOR (no-color.org), and
 * whether standard output is a terminal.
 */
function colorFor(flag: boolean | undefined, toFile: boolean): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (process.env.NO_COLOR) return false;
  return stdoutIsTerminal();
}

/**
 * `--disable`, `--enable`, `--error`, `--warning` and `--info` on top of the config's `rules:`
 * (the command line wins; `--disable` over everything else). Unknown ids are usage errors.
 */
function withRuleFlags(config: LintConfig, options: CliOptions): LintConfig {
  const known = new Set(RULES.map((r) => r.meta.id));
  const rules: Record<string, RuleSetting> = { ...config.rules };
  const check = (flag: string, ids: readonly string[]): readonly string[] => {
    const unknown = ids.find((id) => !known.has(id));
    if (unknown !== undefined) throw new UsageError(`--${flag} ${unknown}: unknown rule (see --list-rules)`);
    return ids;
  };
  for (const id of check('enable', options.enable)) if (rules[id] === 'off') delete rules[id];
  for (const severity of ['error', 'warning', 'info'] as const) for (const id of check(severity, options[severity])) rules[id] = severity;
  for (const id of check('disable', options.disable)) rules[id] = 'off';
  return { ...config, rules };
}

/** `--no-ignore-pragmas`: in-source suppressions (comments, annotations) silence nothing, and so none is unused. The baseline still applies. */
function withoutPragmas(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId !== UNUSED_SUPPRESSION).map((f) => (f.suppression?.kind === 'inSource' ? { ...f, suppression: undefined } : f));
}

/** `--print-config`: the file that was read and every setting in effect, paths relative to the working directory. */
function printedConfig(config: LintConfig, effective: { runtime: RuntimeName; failOn: FailOn; exclude: readonly string[] }): string {
  const cwd = process.cwd();
  const shown = {
    file: config.file === undefined ? null : displayPathOf(config.file, cwd),
    images: Object.fromEntries(config.images.map((m) => [m.repository, displayPathOf(m.dockerfile, cwd)])),
    charts: config.charts.map((c) => ({
      chart: displayPathOf(c.dir, cwd),
      values: c.values.map((v) => displayPathOf(v, cwd)),
      release: c.release ?? null,
      namespace: c.namespace ?? null,
    })),
    rules: Object.fromEntries(
      RULES.map((r) => r.meta.id)
        .sort()
        .map((id) => [id, config.rules[id] ?? (findRule(id)?.meta.severity as string)]),
    ),
    ignore: config.ignore,
    ignoreRoot: displayPathOf(config.root, cwd),
    exclude: effective.exclude,
    runtime: effective.runtime,
    failOn: effective.failOn,
    kubernetesVersion: config.kubernetesVersion === undefined ? null : `${config.kubernetesVersion.major}.${config.kubernetesVersion.minor}`,
    referencesCheck: config.referencesCheck,
  };
  return `${JSON.stringify(shown, null, 2)}\n`;
}

function readBaselineOrError(file: string): Baseline | Error {
  try {
    return readBaseline(file);
  } catch (error) {
    return error as Error;
  }
}
