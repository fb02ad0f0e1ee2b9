/**
 * A service built on its first use, from code loaded then: a command loads only what it calls
 * (issue 11, "a command loads only what it uses": `berth pull` never loads the Doctor, the flow
 * readers or the image inspector unless a pull fails or a run starts). A build that fails (its
 * code could not be read) is tried again at the next use rather than remembered.
 */
export interface Later<T> {
  (): Promise<T>;
  /** The service, if something has already built it (closing needs no loading). */
  built(): T | undefined;
}

export function later<T>(build: () => Promise<T>): Later<T> {
  let pending: Promise<T> | undefined;
  let value: T | undefined;
  const get = () =>
    (pending ??= build().then(
      (built) => (value = built),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    ));
  return Object.assign(get, { built: () => value });
}
