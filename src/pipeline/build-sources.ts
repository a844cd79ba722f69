import path from 'node:path';
import { readSourceTextSync, type ReadResult, type SourceFile } from '../discover/source-file.js';
import { parseImageRef, type ImageRef } from '../knowledge/image-ref.js';
import { interpolate, parseDotEnv, UNKNOWN } from '../parse/compose-interpolation.js';
import { parseManifestText, type ManifestDocument, type YamlPath } from '../parse/manifest.js';
import { at } from '../parse/location.js';
import type { InputProblem } from '../model/common/problem.js';
import { isRecord } from '../model/common/values.js';
import type { BuildSource } from '../model/join.js';

const COMPOSE_FILE = /^(?:docker-)?compose(?:\.[\w-]+)?\.ya?ml$/;

/** Skaffold configs are recognised by `apiVersion: skaffold/…`; compose files by their conventional names. */
export function buildFileKind(file: SourceFile, doc: ManifestDocument): 'skaffold' | 'compose' | undefined {
  const value = doc.value;
  if (!isRecord(value)) return undefined;
  if (typeof value.apiVersion === 'string' && value.apiVersion.startsWith('skaffold/')) return 'skaffold';
  if (COMPOSE_FILE.test(path.basename(file.absPath)) && isRecord(value.services)) return 'compose';
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads skaffold (`build.artifacts[].image/context/docker.dockerfile/docker.target`, profiles too)
 * and Docker Compose (`services.*.image` + `build`, a context string or `{context, dockerfile, target}`)
 * files. Dockerfile paths are relative to the context, contexts to the file (skaffold and compose docs).
 */
export function buildSourcesOf(file: SourceFile, read: ReadResult): { sources: BuildSource[]; problems: InputProblem[] } {
  const sources: BuildSource[] = [];
  const problems: InputProblem[] = [];
  if (!read.ok) return { sources, problems };
  const parsed = parseManifestText(read.text);
  const dir = path.dirname(file.absPath);
  let env: Map<string, string> | undefined;
  for (const doc of parsed.documents) {
    const kind = buildFileKind(file, doc);
    if (!kind) continue;
    // Compose interpolates every string of the file with the project's .env (the compose file's directory).
    const interpolated = (v: unknown): string | undefined => {
      const text = str(v);
      if (text === undefined || kind !== 'compose' || !text.includes('$')) return text;
      if (!env) {
        const dotEnv = readSourceTextSync(path.join(dir, '.env'), 1024 * 1024);
        env = dotEnv.ok ? parseDotEnv(dotEnv.text) : new Map();
      }
      return interpolate(text, env).text;
    };
    const add = (image: unknown, context: unknown, dockerfile: unknown, target: unknown, where: YamlPath): void => {
      const name = interpolated(image);
      if (!name) return;
      const ref = name.includes(UNKNOWN) ? repositoryOf(name) : parseImageRef(name);
      // A variable with no value in the repository part: the image is not known, nothing to say.
      if (ref === undefined) return;
      if (!ref.ok) {
        problems.push({
          at: at(file.displayPath, doc.locate(where)),
          message: `${kind}: image "${name}" is not a valid reference (${ref.error})`,
          phase: 'build',
          severity: 'warning',
        });
        return;
      }
      const contextDir = path.resolve(dir, interpolated(context) ?? '.');
      const dockerfilePath = interpolated(dockerfile);
      if (contextDir.includes(UNKNOWN) || dockerfilePath?.includes(UNKNOWN)) return;
      sources.push({
        repository: ref.ref.repository,
        dockerfile: path.resolve(contextDir, dockerfilePath ?? 'Dockerfile'),
        target: interpolated(target),
        origin: kind,
        at: at(file.displayPath, doc.locate(where)),
        shown: file.displayPath,
      });
    };
    const value = doc.value as Record<string, unknown>;
    if (kind === 'skaffold') {
      const builds: [unknown, YamlPath][] = [[value.build, ['build']]];
      if (Array.isArray(value.profiles)) value.profiles.forEach((p, i) => isRecord(p) && builds.push([p.build, ['profiles', i, 'build']]));
      for (const [build, buildPath] of builds) {
        if (!isRecord(build) || !Array.isArray(build.artifacts)) continue;
        build.artifacts.forEach((artifact, i) => {
          if (!isRecord(artifact)) return;
          const docker = isRecord(artifact.docker) ? artifact.docker : {};
          add(artifact.image, artifact.context, docker.dockerfile, docker.target, [...buildPath, 'artifacts', i, 'image']);
        });
      }
    } else {
      for (const [name, service] of Object.entries(value.services as Record<string, unknown>)) {
        if (!isRecord(service) || service.build === undefined) continue;
        const build = service.build;
        if (typeof build === 'string') add(service.image, build, undefined, undefined, ['services', name, 'image']);
        else if (isRecord(build)) add(service.image, build.context, build.dockerfile, build.target, ['services', name, 'image']);
      }
    }
  }
  return { sources, problems };
}

/**
 * An image reference with unknown values (`ghcr.io/acme/api:${TAG}`): its repository when
 * the unknown part is only in the tag or digest, else `undefined` (not known).
 */
function repositoryOf(name: string): { ok: true; ref: ImageRef } | { ok: false; error: string } | undefined {
  const at = name.indexOf('@');
  const slash = name.lastIndexOf('/', at >= 0 ? at : undefined);
  const colon = name.indexOf(':', slash + 1);
  const end = at >= 0 ? (colon >= 0 && colon < at ? colon : at) : colon >= 0 ? colon : name.length;
  const repository = name.slice(0, end);
  if (repository.includes(UNKNOWN) || repository === '') return undefined;
  return parseImageRef(repository);
}
