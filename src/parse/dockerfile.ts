import * as dockerfileAst from 'dockerfile-ast';
import { DockerfileParser, Instruction, type Dockerfile } from 'dockerfile-ast';
import type { SourceRange } from './location.js';

export interface DockerfileDiagnostic {
  readonly message: string;
  readonly range: SourceRange;
}

export interface ParsedDockerfile {
  readonly text: string;
  readonly ast: Dockerfile;
  readonly escape: string;
  readonly diagnostics: DockerfileDiagnostic[];
}

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** dockerfile-ast ranges are 0-based (LSP); ours are 1-based with an exclusive end column. */
export function fromLsp(range: LspRange): SourceRange {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** The instruction keyword and its arguments on the first line: where a reader looks. */
export function instructionRange(instruction: Instruction): SourceRange {
  return fromLsp(instruction.getRange());
}

/**
 * dockerfile-ast scans an instruction's text again on every call of its argument accessors,
 * and they call one another (the content calls the arguments and their ranges, a COPY's
 * arguments call the raw ones and its flags). Its own parser does it too: a JSON-form
 * instruction's constructor asks for its arguments three times, each asking twice more
 * through the flags. An instruction's answers depend only on what its constructor set (the
 * text, its range, the escape character; heredocs are read after it, without changing it),
 * and lint-k8s never edits the tree, so each instruction keeps its first answers, from its
 * constructor on.
 *
 * The accessors of each class that defines them (Instruction, and ModifiableInstruction,
 * whose `getArguments` calls Instruction's through `super`) are wrapped once, each with its
 * own answers, so a subclass's answer and the one its `super` call gets stay apart. Arrays
 * are handed out as copies (the library's own callers shift them), and a call made while the
 * first answer is being computed (getArguments -> getFlags -> getArguments), or while the flags
 * are being found (see SETTLING), is answered as the library answers it, without keeping it.
 */
const REMEMBERED = ['getRawArguments', 'getArguments', 'getArgumentsContent', 'getRawArgumentsContent', 'getKeyword'] as const;

/** An instruction's kept answers, under a symbol: one slot per wrapped accessor. */
const ANSWERS = Symbol('lint-k8s: remembered answers');
interface Answers {
  readonly values: unknown[];
  readonly known: boolean[];
  readonly computing: boolean[];
  /** Calls of a SETTLING accessor under way: answers given meanwhile are not kept. */
  unsettled: number;
}

/**
 * Accessors during which an instruction's answers are not final: ModifiableInstruction's
 * `getFlags` fills its flags while asking for the arguments, which leave the flags out, so the
 * arguments it is given (every flag still in) are not the instruction's arguments.
 */
const SETTLING = ['getFlags'] as const;
const newAnswers = (): Answers => ({ values: [], known: [], computing: [], unsettled: 0 });
let wrapped = 0;

/** Marks a wrapper, so that a second copy of this module in the process does not wrap it again. */
const WRAPPER = Symbol.for('lint-k8s: remembering accessor');

type Accessor = (this: { [ANSWERS]?: Answers }) => unknown;

/** Replaces the accessors a class defines itself (not inherited, not wrapped already) by `wrap(original)`. */
function wrapOwn(prototype: object, names: readonly string[], wrap: (compute: Accessor) => Accessor): void {
  const methods = prototype as Record<string, unknown>;
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(prototype, name) || (methods[name] as Record<symbol, unknown>)[WRAPPER] === true) continue;
    const wrapper = wrap(methods[name] as Accessor);
    (wrapper as unknown as Record<symbol, unknown>)[WRAPPER] = true;
    methods[name] = wrapper;
  }
}

function rememberAnswers(prototype: object): void {
  wrapOwn(prototype, REMEMBERED, (compute) => {
    const slot = wrapped++;
    return function remembered(this: { [ANSWERS]?: Answers }): unknown {
      const answers = (this[ANSWERS] ??= newAnswers());
      if (answers.known[slot] !== true) {
        if (answers.computing[slot] === true || answers.unsettled > 0) return compute.call(this);
        answers.computing[slot] = true;
        try {
          answers.values[slot] = compute.call(this);
          answers.known[slot] = true;
        } finally {
          answers.computing[slot] = false;
        }
      }
      const value = answers.values[slot];
      return Array.isArray(value) ? value.slice() : value;
    };
  });
  wrapOwn(
    prototype,
    SETTLING,
    (compute) =>
      function settling(this: { [ANSWERS]?: Answers }): unknown {
        const answers = (this[ANSWERS] ??= newAnswers());
        answers.unsettled++;
        try {
          return compute.call(this);
        } finally {
          answers.unsettled--;
        }
      },
  );
}

/** Every instruction class of the library, each wrapped once. */
for (const exported of Object.values(dockerfileAst)) {
  if (typeof exported === 'function' && (exported === Instruction || exported.prototype instanceof Instruction)) rememberAnswers(exported.prototype);
}

export function parseDockerfileText(text: string): ParsedDockerfile {
  const ast = DockerfileParser.parse(text);
  const diagnostics: DockerfileDiagnostic[] = [];
  const instructions = ast.getInstructions();
  const firstReal = instructions.find((i) => i.getKeyword() !== 'ARG');
  if (!firstReal || firstReal.getKeyword() !== 'FROM') {
    const where = firstReal ?? instructions[0];
    diagnostics.push({
      message: firstReal ? `the first instruction must be FROM (after global ARGs), found ${firstReal.getKeyword()}` : 'no FROM instruction',
      range: where ? instructionRange(where) : { line: 1, column: 1, endLine: 1, endColumn: 1 },
    });
  }
  return { text, ast, escape: ast.getEscapeCharacter(), diagnostics };
}
