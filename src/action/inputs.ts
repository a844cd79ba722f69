/** Action inputs reach the process as `INPUT_<NAME>` (upper-cased, spaces as `_`, hyphens kept): the runner's convention, read by @actions/core `getInput`. */
export function input(env: NodeJS.ProcessEnv, name: string, fallback = ''): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

/** YAML 1.2 core booleans, as @actions/core `getBooleanInput` accepts them. */
export function booleanInput(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = input(env, name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new Error(`input ${name} must be true or false, found "${value}"`);
}

/** A list input: one path per line, or separated by spaces. */
export function listInput(env: NodeJS.ProcessEnv, name: string, fallback: readonly string[]): string[] {
  const value = input(env, name);
  const items = value.split(/\s+/).filter((s) => s !== '');
  return items.length > 0 ? items : [...fallback];
}
