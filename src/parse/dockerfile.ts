import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { SourceRange } from '../model/location.js';

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
 * arguments call the raw ones and its flags): one image model asked for the same arguments
 * many times over. The tree is never changed after parsing, so each instruction keeps its
 * first answers. Arrays are handed out as copies (the library's own callers shift them), and
 * a call made while the first answer is being computed (getArguments → getFlags →
 * getArguments) is answered as the library answers it, without keeping it.
 */
const REMEMBERED = ['getRawArguments', 'getArguments', 'getArgumentsContent', 'getRawArgumentsContent', 'getKeyword'] as const;

function rememberArguments(instruction: Instruction): void {
  const methods = instruction as unknown as Record<string, (() => unknown) | undefined>;
  for (const name of REMEMBERED) {
    const compute = methods[name];
    if (typeof compute !== 'function') continue;
    let answer: { value: unknown } | undefined;
    let computing = false;
    methods[name] = () => {
      if (!answer) {
        if (computing) return compute.call(instruction);
        computing = true;
        try {
          answer = { value: compute.call(instruction) };
        } finally {
          computing = false;
        }
      }
      return Array.isArray(answer.value) ? answer.value.slice() : answer.value;
    };
  }
}

export function parseDockerfileText(text: string): ParsedDockerfile {
  const ast = DockerfileParser.parse(text);
  const diagnostics: DockerfileDiagnostic[] = [];
  const instructions = ast.getInstructions();
  instructions.forEach(rememberArguments);
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
