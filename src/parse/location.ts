/** 1-based positions; `endColumn` is the column just after the last character (SARIF convention). */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Location extends SourceRange {
  /** Path relative to the working directory, forward slashes. */
  readonly file: string;
}

export const WHOLE_FILE: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function at(file: string, range: SourceRange): Location {
  return { file, line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** Maps character offsets of a text to 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
}
