import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RULES, findRule } from '../rules/index.js';
import { ConfigError, loadConfig, type LintConfig } from './config/config.js';
import { SEVERITY_RANK, active } from './engine/finding.js';
import type { Severity } from './engine/rule.js';
import { RUNTIMES, type RuntimeName } from './knowledge/types.js';
import { lint } from './lint.js';
import { DEFAULT_MAX_FILE_SIZE } from './discover/source-file.js';
import { applyBaseline, baselineOf, readBaseline, writeBaseline, type Baseline } from './report/baseline.js';
import { jsonReport } from './report/json.js';
import { ruleText } from './report/rule-doc.js';
import { sarifReport } from './report/sarif.js';
import { stylishReport } from './report/stylish.js';
import { summarize } from './report/summary.js';
import { stdoutIsTerminal, writeReport } from './report/write.js';
import { INFORMATION_URI, TOOL_NAME, toolVersion } from './version.js';

type Format = 'stylish' | 'json' | 'sarif';
type FailOn = Severity | 'none';

interface CliOptions {
  format: Format;
  output?: string;
  failOn: FailOn;
  runtime: RuntimeName;
  listRules?: boolean;
  explain?: string;
  stdinFilename: string;
  maxFileSize: number;
  config?: string;
  baseline?: string;
  values: string[];
  writeBaseline?: boolean;
  jobs: number | 'auto';
}

/** Exit statuses: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number of bytes');
  return n;
}

function jobCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected auto or a positive whole number of threads');
  return n;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function main(argv: readonly string[]): Promise<number> {
  // `lint-k8s why …` explains a pod status from the repository's findings (src/why/).
  if (argv[0] === 'why') return (await import('./why/command.js')).whyMain(argv.slice(1));
  const version = toolVersion();
  const program = new Command()
    .name(TOOL_NAME)
    .description('Predicts how containers will fail — exit code and Kubernetes reason — from Dockerfiles and Kubernetes manifests.')
    .argument('[paths...]', 'files or directories to lint; - reads one document from standard input', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'sarif']).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity').choices(['error', 'warning', 'info', 'none']).default('error'))
    .addOption(new Option('--runtime <runtime>', 'container runtime the predictions assume').choices([...RUNTIMES]).default('containerd'))
    .option('--stdin-filename <name>', 'name of the document read from standard input', 'stdin.yaml')
    .option('--max-file-size <bytes>', 'skip (and report) files larger than this', positiveInteger, DEFAULT_MAX_FILE_SIZE)
    .option('-j, --jobs <n>', 'threads to lint with (auto: every core once the input is large; the report is the same)', jobCount, 'auto' as const)
    .option('-c, --config <file>', 'configuration file (default: .lint-k8s.yaml at the scanned root)')
    .option(
      '--values <file>',
      'values file for helm template when a chart is rendered (repeatable)',
      (v: string, list: string[]) => [...list, v],
      [] as string[],
    )
    .option('--baseline <file>', 'report only findings not recorded in this baseline file')
    .option('--write-baseline', 'record the current findings in the --baseline file (they are then reported as suppressed)')
    .option('--list-rules', 'list the rules and exit')
    .option('--explain <rule>', 'show the documentation of a rule and exit')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      process.stderr.write(`${TOOL_NAME}: ${error.message.replace(/^error: /, '').split('\n')[0]}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
  const paths = program.processedArgs[0] as string[];

  if (options.listRules) {
    for (const rule of RULES) process.stdout.write(`${rule.meta.id.padEnd(28)} ${rule.meta.severity.padEnd(8)} ${rule.meta.title}\n`);
    return EXIT_OK;
  }
  if (options.explain !== undefined) {
    const rule = findRule(options.explain);
    if (!rule) {
      process.stderr.write(`${TOOL_NAME}: unknown rule "${options.explain}" (see --list-rules)\n`);
      return EXIT_USAGE;
    }
    process.stdout.write(ruleText(rule.meta));
    return EXIT_OK;
  }

  {
    let config: LintConfig;
    try {
      config = loadConfig({ cwd: process.cwd(), paths, configFile: options.config, knownRules: new Set(RULES.map((r) => r.meta.id)) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${TOOL_NAME}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // Flags given on the command line win over the file.
    const fromCli = (name: string): boolean => program.getOptionValueSource(name) === 'cli';
    const runtime = fromCli('runtime') ? options.runtime : (config.runtime ?? options.runtime);
    const failOn = fromCli('failOn') ? options.failOn : (config.failOn ?? options.failOn);
    const stdin = paths.includes('-') ? { text: await readStdin(), filename: options.stdinFilename } : undefined;
    if (options.writeBaseline && options.baseline === undefined) {
      process.stderr.write(`${TOOL_NAME}: --write-baseline needs --baseline FILE\n`);
      return EXIT_USAGE;
    }
    const baseline = options.baseline !== undefined && !options.writeBaseline ? readBaselineOrError(options.baseline) : undefined;
    if (baseline instanceof Error) {
      process.stderr.write(`${TOOL_NAME}: ${baseline.message}\n`);
      return EXIT_USAGE;
    }
    const { findings: linted, fileCount } = await lint(paths, {
      cwd: process.cwd(),
      runtime,
      rules: RULES,
      maxFileSize: options.maxFileSize,
      stdin,
      config,
      helmValues: options.values,
      jobs: options.jobs,
    });
    if (options.writeBaseline && options.baseline !== undefined) writeBaseline(options.baseline, linted);
    const findings = options.baseline !== undefined ? applyBaseline(linted, baseline ?? baselineOf(linted), options.baseline) : linted;
    const summary = summarize(findings, fileCount);
    const tool = { name: TOOL_NAME, version, informationUri: INFORMATION_URI };
    const toFile = options.output !== undefined;
    const color = !toFile && !(process.env.NO_COLOR ?? '') && stdoutIsTerminal();
    const report =
      options.format === 'json'
        ? jsonReport(findings, summary, tool)
        : options.format === 'sarif'
          ? sarifReport(findings, RULES, tool)
          : stylishReport(findings, summary, { color });
    await writeReport(report, options.output);
    if (failOn === 'none') return EXIT_OK;
    const threshold = SEVERITY_RANK[failOn];
    return active(findings).some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
  }
}

function readBaselineOrError(file: string): Baseline | Error {
  try {
    return readBaseline(file);
  } catch (error) {
    return error as Error;
  }
}
