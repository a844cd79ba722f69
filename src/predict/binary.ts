import type { ImageFileSystem } from '../model/image-fs.js';
import type { Stage } from '../model/image.js';
import { resolveProgram, type ResolvedProgram } from '../model/startup.js';
import { fileVerdict } from './start.js';

export interface BinaryInImage {
  /** `absent` only when lint-k8s knows every place the name could be (scratch, distroless, a known missing shell). */
  readonly verdict: 'present' | 'absent' | 'unknown';
  readonly program: ResolvedProgram;
}

/**
 * "A binary must exist in the image", written once: the entrypoint, an exec probe and a
 * preStop exec hook all resolve their argv[0] the way runc does (exec.LookPath along the
 * image's PATH; FACTS.md §1). Async because it may read the build context: call it while
 * building models, then predict from the result.
 */
export async function binaryInImage(stage: Stage, fs: ImageFileSystem, name: string): Promise<BinaryInImage> {
  const program = await resolveProgram(stage, name, fs);
  return { verdict: program.skippedNonExecutable ? 'absent' : fileVerdict(program.file), program };
}
