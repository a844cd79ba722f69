import type { ExecProgram, JoinedImage } from '../model/join.js';
import type { ResolvedProgram } from '../model/image/lookup.js';

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
  // Only what the base-image record states absent (BaseImageFacts.lacks); any other name stays unknown.
  return (joined.stage.base?.lacks.includes(name) ?? false) && !joined.stage.packages.has(name);
}

/** The image certainly has this program. */
export function hasResolved(program: ResolvedProgram): boolean {
  return program.file.state === 'file' && program.file.executable !== false;
}
