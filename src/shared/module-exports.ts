/**
 * A CommonJS package's exports from import(): the namespace itself under Node, or only its
 * default export when a bundler split it into a chunk of its own (the CLI bundle,
 * scripts/cli-build.mjs). `is` checks for the exports the caller needs.
 */
export function moduleExports<T>(
  loaded: unknown,
  is: (value: unknown) => value is T,
  name: string,
): T {
  if (is(loaded)) return loaded;
  const fallback: unknown =
    typeof loaded === 'object' && loaded !== null && 'default' in loaded
      ? loaded.default
      : undefined;
  if (is(fallback)) return fallback;
  throw new Error(`${name} loaded without its exports`);
}

/** An object with a function under each of `names`. */
export function hasFunctions(value: unknown, ...names: string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((name) => typeof Reflect.get(value, name) === 'function')
  );
}
