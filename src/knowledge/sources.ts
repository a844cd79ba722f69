import type { SourceRef } from './types.js';

/** `lab case "x"; code path; docs` — a SourceRef as one line for messages and rule docs. */
export function sourceText(ref: SourceRef): string {
  const parts = [...(ref.lab ?? []).map((name) => (name.startsWith('lab:') ? name : `lab case "${name}"`)), ...(ref.code ?? []), ...(ref.docs ?? [])];
  return parts.join('; ');
}
