import { buildStages, type ImageInput, type ImageStages } from './image/stages.js';
import { analyzeStartup, type Startup } from './process/startup.js';

/*
 * The image model: a Dockerfile's stages (`image/`) and how its final stage starts (`process/`).
 */

export interface ImageModel extends ImageStages {
  /** How the final stage starts (command, first program, shell-form shape). */
  readonly startup: Startup | undefined;
}

/** Builds the image model: stages, the settings of each, the files placed into them, and how the final stage starts. */
export async function buildImageModel(input: ImageInput): Promise<ImageModel> {
  const stages = await buildStages(input);
  const startup = stages.final ? await analyzeStartup(stages.final, input.fs) : undefined;
  return { ...stages, startup };
}

export type { ImageInput };
