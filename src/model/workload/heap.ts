import type { YamlPath } from '../../parse/manifest.js';
import { isRecord } from '../common/values.js';
import type { ContainerModel } from './workload.js';

/** A heap setting found in a container's command line or environment. */
export interface HeapSetting {
  readonly runtime: 'jvm' | 'node';
  readonly flag: string;
  /** Bytes of heap, for -Xmx and --max-old-space-size. */
  readonly bytes: number | undefined;
  /** -XX:MaxRAMPercentage. */
  readonly percent: number | undefined;
  /** Where it is written: the `command`/`args` field or the env var's `value`. */
  readonly path: YamlPath;
  /** `JAVA_OPTS` is read by start scripts, not by the JVM: only a hint. */
  readonly viaScript: boolean;
  readonly source: string;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `-Xmx512m`: HotSpot's size syntax (bytes, or k/m/g/t, either case; arguments.cpp parse_memory_size). */
export function parseXmx(word: string): number | undefined {
  const match = /^-Xmx(\d+)([kKmMgGtT]?)$/.exec(word);
  return match ? Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? 1) : undefined;
}

function scan(words: readonly string[], path: YamlPath, source: string, viaScript: boolean): HeapSetting[] {
  const out: HeapSetting[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const xmx = parseXmx(word);
    if (xmx !== undefined) out.push({ runtime: 'jvm', flag: word, bytes: xmx, percent: undefined, path, viaScript, source });
    const pct = /^-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)$/.exec(word);
    if (pct) out.push({ runtime: 'jvm', flag: word, bytes: undefined, percent: Number(pct[1]), path, viaScript, source });
    // V8 reads --max-old-space-size=N and --max_old_space_size N, in MiB.
    const old = /^--max[-_]old[-_]space[-_]size(?:=(\d+))?$/.exec(word);
    if (old) {
      const value = old[1] ?? words[i + 1];
      if (value !== undefined && /^\d+$/.test(value))
        out.push({ runtime: 'node', flag: `--max-old-space-size=${value}`, bytes: Number(value) * 1024 ** 2, percent: undefined, path, viaScript, source });
    }
  }
  return out;
}

/**
 * The heap limits a container sets. The JVM reads JAVA_TOOL_OPTIONS before its command line
 * and _JAVA_OPTIONS after it (the last -Xmx wins); JAVA_OPTS only reaches java through start
 * scripts. Node reads NODE_OPTIONS and its own flags. `sh -c` strings are split on spaces.
 */
export function heapSettings(container: ContainerModel): HeapSetting[] {
  const env = new Map<string, { value: string; path: YamlPath }>();
  if (Array.isArray(container.spec.env))
    container.spec.env.forEach((e, i) => {
      if (isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string')
        env.set(e.name, { value: e.value, path: [...container.path, 'env', i, 'value'] });
    });
  const fromEnv = (name: string, viaScript = false): HeapSetting[] => {
    const e = env.get(name);
    return e ? scan(e.value.split(/\s+/), e.path, `env ${name}`, viaScript) : [];
  };
  const words = (field: 'command' | 'args'): HeapSetting[] => {
    const list = container[field];
    return list
      ? scan(
          list.flatMap((w) => w.split(/\s+/)),
          [...container.path, field],
          field,
          false,
        )
      : [];
  };
  return [
    ...fromEnv('JAVA_TOOL_OPTIONS'),
    ...fromEnv('JAVA_OPTS', true),
    ...words('command'),
    ...words('args'),
    ...fromEnv('_JAVA_OPTIONS'),
    ...fromEnv('NODE_OPTIONS'),
  ];
}
