/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`). Escaping as the
 * runner reads them back (actions/runner src/Runner.Common/ActionCommand.cs, mirrored by
 * actions/toolkit packages/core/src/command.ts): in the message `%`, CR and LF; in
 * property values also `:` and `,`, which separate the properties.
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  readonly file?: string;
  readonly line?: number;
  readonly endLine?: number;
  readonly col?: number;
  readonly endColumn?: number;
  readonly title?: string;
}

export function workflowCommand(command: AnnotationLevel, properties: AnnotationProperties, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * GitHub shows at most 10 error and 10 warning annotations per step (and 10 notices); the
 * rest are dropped silently, so lint-k8s stops at that many of each and says how many more
 * there are (community discussion #68471; docs "Workflow commands for GitHub Actions").
 */
export const ANNOTATIONS_PER_LEVEL = 10;
