/**
 * A schema built on first use. Building every zod schema of the contract when a module loads
 * costs a one-job CLI command (`berth pull`) tens of milliseconds before the engine is asked
 * (issue 11), for channels it never calls. The schema behaves as the one `build` returns: any
 * property read, `instanceof` or `in` builds it once and goes to it.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  // zod reads and writes schemas only through properties, so forwarding those is enough; every
  // descriptor is reported configurable, as the empty target requires of a proxy.
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(real(), key),
    set: (_target, key, value) => Reflect.set(real(), key, value),
    has: (_target, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

/**
 * Builds lazy schemas once the current turn of the event loop is over: for those a job needs at
 * its end, built while it waits on something else (a pull on the engine) instead of after it,
 * when every millisecond adds to what the user waits.
 */
export function buildSoon(schemas: readonly object[]): void {
  const timer: unknown = setTimeout(() => {
    for (const schema of schemas) Reflect.has(schema, '_zod');
  }, 0);
  (timer as { unref?: () => void }).unref?.();
}
