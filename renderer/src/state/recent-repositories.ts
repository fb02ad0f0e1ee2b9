/** The last repositories browsed, most recent first, kept in localStorage. */
const KEY = 'berth.recentRepositories';
const MAX = 10;

export function loadRecent(storage: Storage | undefined = globalThis.localStorage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX)
      : [];
  } catch {
    return [];
  }
}

export function rememberRecent(
  repository: string,
  storage: Storage | undefined = globalThis.localStorage,
): string[] {
  const next = [repository, ...loadRecent(storage).filter((r) => r !== repository)].slice(0, MAX);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    /* storage full or disabled: the list just is not kept */
  }
  return next;
}
