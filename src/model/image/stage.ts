import type { BaseImageFacts } from '../../knowledge/types.js';
import type { PackageManager } from '../../knowledge/packages.js';
import type { Location } from '../../parse/location.js';
import type { ShellScript } from '../../parse/shell.js';

/*
 * The image model's data: a Dockerfile's stages, their settings and the file system
 * operations that build them. Built by `stages.ts`, read by every layer above.
 */

/** ENTRYPOINT or CMD as written. */
export type CommandSpec =
  | { readonly form: 'exec'; readonly argv: readonly string[]; readonly at: Location }
  | {
      readonly form: 'shell';
      readonly script: string;
      readonly at: Location;
      readonly shell: readonly string[];
      /** Written like exec form (`[…`) but not a JSON array of strings, so Docker runs it as shell form. */
      readonly brokenExecForm?: boolean;
    };

/** Where a setting of the final image comes from: an instruction, or the base image's config. */
export interface Setting<T> {
  readonly value: T;
  /** The instruction that set it; `undefined` when inherited from a base image. */
  readonly at: Location | undefined;
}

export interface Stage {
  readonly index: number;
  readonly name: string | undefined;
  readonly at: Location;
  /** The image named in FROM after ARG expansion; `undefined` when a build argument leaves it open. */
  readonly from: string | undefined;
  readonly fromRaw: string;
  /** The earlier stage this one builds on (`FROM build`). */
  readonly parent: Stage | undefined;
  /** Facts about the base image when it is a known one (following `FROM stage` to its root). */
  readonly base: BaseImageFacts | undefined;
  /** The root is `scratch`, an unknown image, or an open build argument. */
  readonly baseState: 'known' | 'unknown' | 'scratch';
  /**
   * The root image is not known, so neither is the ENTRYPOINT (or CMD) it sets: `entrypoint`
   * and `cmd` being `undefined` then means "not set in the Dockerfile", not "none".
   */
  readonly baseConfigUnknown: boolean;
  readonly entrypoint: Setting<CommandSpec | null> | undefined;
  readonly cmd: Setting<CommandSpec | null> | undefined;
  readonly shell: Setting<readonly string[]>;
  readonly user: Setting<string> | undefined;
  readonly stopSignal: Setting<string> | undefined;
  readonly workdir: string;
  readonly env: ReadonlyMap<string, string | undefined>;
  /** File system operations in order: COPY/ADD placements, chmods, RUNs that could not be followed. */
  readonly fsOps: readonly FsOp[];
  /** Packages installed by RUN (apt-get, apk, dnf, yum, microdnf, pip, npm -g). */
  readonly packages: ReadonlySet<string>;
  readonly runs: readonly RunStep[];
}

export interface RunStep {
  readonly at: Location;
  readonly script: string | undefined;
  readonly shell: ShellScript | undefined;
}

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

export type FsModeChange = { readonly kind: 'absolute'; readonly mode: number } | { readonly kind: 'symbolic'; readonly exec: 'set' | 'clear' | 'unchanged' };

export type CopySource =
  | { readonly kind: 'context'; readonly contextRoot: string; readonly relPath: string }
  | { readonly kind: 'stage'; readonly stage: Stage; readonly path: string }
  | { readonly kind: 'heredoc'; readonly content: InlineContent | undefined }
  /** A URL, an archive ADD unpacks, or another image: contents not known. */
  | { readonly kind: 'external' };

export type FsOp =
  | {
      readonly kind: 'place';
      readonly at: Location;
      readonly instruction: 'COPY' | 'ADD';
      readonly dest: string;
      readonly destIsDir: boolean;
      readonly sources: readonly CopySource[];
      readonly chmod: FsModeChange | undefined;
    }
  | { readonly kind: 'chmod'; readonly at: Location; readonly targets: readonly string[]; readonly change: FsModeChange; readonly recursive: boolean }
  /** Packages installed by a RUN: the programs the knowledge base knows they install. */
  | { readonly kind: 'install'; readonly at: Location; readonly manager: PackageManager; readonly packages: readonly string[] }
  /** A RUN step that may change these paths in ways not followed. */
  | { readonly kind: 'opaque'; readonly at: Location; readonly paths: readonly string[] | 'all' };

/** A file's text written in the Dockerfile itself (`COPY <<EOF`), with where its first line is. */
export interface InlineContent {
  readonly text: string;
  /** The Dockerfile's display path. */
  readonly file: string;
  /** 1-based line of the Dockerfile where the content starts. */
  readonly line: number;
}

/** The image's USER as the kubelet reads it: `uid` when numeric, else `name` (GetUidAndGroup splits on ':'). */
export function imageUser(user: string | undefined): { uid: number | undefined; name: string } {
  const name = (user ?? '').split(':')[0] ?? '';
  if (name === '') return { uid: 0, name: '' };
  return /^\d+$/.test(name) ? { uid: Number(name), name } : { uid: undefined, name };
}
