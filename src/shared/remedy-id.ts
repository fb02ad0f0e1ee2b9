/**
 * A remedy's id: `kind:arg:arg`, each argument URI-encoded (hosts carry ports, undo ids carry
 * paths), so applying one needs no state from the diagnosis that offered it. Shared: the Doctor
 * screen names the user of a login remedy whose registry did not say it.
 */
export function remedyId(kind: string, ...args: string[]): string {
  return [kind, ...args.map((a) => encodeURIComponent(a))].join(':');
}

export function parseRemedyId(id: string): { kind: string; args: string[] } {
  const [kind = '', ...rest] = id.split(':');
  return { kind, args: rest.map((a) => decodeURIComponent(a)) };
}
