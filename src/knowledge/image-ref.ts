/** An image reference split the way the kubelet and docker do (distribution/reference grammar). */
export interface ImageRef {
  /** As written. */
  readonly raw: string;
  /** Repository normalised for lookups: `docker.io/library/` removed (`python`, `gcr.io/distroless/static`). */
  readonly repository: string;
  /** Tag, `latest` when neither tag nor digest is given; `undefined` with a digest only. */
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** Grammar from github.com/distribution/reference regexp.go (lower-case path components, tag [\w][\w.-]{0,127}). */
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:localhost|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; error: string };

export function parseImageRef(raw: string): ImageRefResult {
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, error: `invalid digest "${digest}"` };
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, error: `invalid tag "${tag}"` };
  }
  if (rest === '') return { ok: false, error: 'empty repository name' };
  const parts = rest.split('/');
  let domain: string | undefined;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    parts.shift();
    if (!DOMAIN.test(domain)) return { ok: false, error: `invalid registry "${domain}"` };
  }
  for (const part of parts) {
    if (!COMPONENT.test(part)) {
      return {
        ok: false,
        error: part !== part.toLowerCase() ? `repository name must be lowercase ("${part}")` : `invalid repository path component "${part}"`,
      };
    }
  }
  let repository = parts.join('/');
  if (domain === undefined || domain === 'docker.io' || domain === 'index.docker.io') {
    if (repository.startsWith('library/')) repository = repository.slice('library/'.length);
  } else {
    repository = `${domain}/${repository}`;
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { ok: true, ref: { raw, repository, tag, digest } };
}
