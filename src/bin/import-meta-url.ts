import { pathToFileURL } from 'node:url';

/**
 * Injected into the CommonJS bundles of the bin (`npm run build:bin`) as the value of
 * `import.meta.url`, which CommonJS lacks: modules use it to find files beside them
 * (package.json, the WASM grammars, the worker script). `__filename` is the bundle's own
 * path, given by Node or by `loadCore`.
 */
export const importMetaUrl: string = pathToFileURL(__filename).href;
