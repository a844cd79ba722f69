import type { ExecProgram, JoinedImage } from '../model/join.js';
import type { ResolvedProgram } from '../model/image/lookup.js';

/**
 * Tools whose presence the base-image knowledge records for every image it lists, so a
 * listed image without them lacks them (knowledge/base-images.ts: "a program not listed is
 * treated as absent"). Other names stay unknown unless the image is empty.
 */
const RECORDED_TOOLS = new Set(['sleep', 'curl', 'wget', 'sh', 'bash', 'nc', 'tail', 'env']);

/** The image certainly has no such program: the kubelet's exec fails before anything runs. */
export function lacksProgram(joined: JoinedImage, exec: ExecProgram): boolean {
  return lacksResolved(joined, exec.program);
}

/** The image certainly has no file for this program name. */
export function lacksResolved(joined: JoinedImage, program: ResolvedProgram): boolean {
  const file = program.file;
  if (file.state === 'absent') return true;
  if (file.state !== 'unknown' || file.cause !== 'base' || joined.stage.baseState !== 'known') return false;
  const name = program.argv0.slice(program.argv0.lastIndexOf('/') + 1);
  return RECORDED_TOOLS.has(name) && !joined.stage.packages.has(name);
}

/** The image certainly has this program. */
export function hasResolved(program: ResolvedProgram): boolean {
  return program.file.state === 'file' && program.file.executable !== false;
}
