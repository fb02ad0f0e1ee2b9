/**
 * The engine's environment as systemd gives it from unit drop-ins, read and written the way
 * systemd does (Docker's docs, "Configure the daemon to use a proxy": a [Service] drop-in
 * with Environment= lines, then systemctl daemon-reload && systemctl restart docker).
 *
 * systemd.unit(5): drop-ins are <unit>.service.d/*.conf in /etc/systemd/system,
 * /run/systemd/system and /usr/lib/systemd/system (user units: ~/.config/systemd/user, …);
 * a file in /etc masks one of the same name further down; all are applied in the lexical
 * order of their file names, whatever their folder.
 * systemd.exec(5), Environment=: "a space-separated list of variable assignments … If the same
 * variable is set twice, the later setting will override the earlier setting. If the empty
 * string is assigned to this option, the list of environment variables is reset … Variable
 * expansion is not performed inside the strings, however, specifier expansion is possible. The
 * "$" character has no special meaning. If you need to assign a value containing spaces or the
 * equals sign to a variable, put quotes around the whole assignment." Quoting and C escapes
 * are systemd.syntax(7)'s; "%%" is a literal "%" (systemd.unit(5), Specifiers).
 */

/**
 * One line's effect, as systemd applies it: an assignment, an empty Environment= (reset), or
 * UnsetEnvironment= names, which systemd.exec(5) applies "as last step when the final
 * environment variable list is compiled", whatever file or line set them.
 */
export type EnvironmentAssignment =
  { name: string; value: string } | { reset: true } | { unset: string[] };

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
};

/**
 * systemd's extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE: words split on
 * whitespace, quotes (single or double) group, a word may join quoted and bare parts, and
 * C escapes are decoded inside and outside quotes.
 */
export function splitSystemdWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i += 1;
    if (i >= text.length) break;
    let word = '';
    let quote: string | null = null;
    for (; i < text.length; i += 1) {
      const c = text[i] ?? '';
      if (c === '\\' && i + 1 < text.length) {
        const next = text[i + 1] ?? '';
        const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(i + 1));
        if (hex) {
          word += String.fromCharCode(parseInt(hex[1] ?? '0', 16));
          i += 3;
        } else {
          word += C_ESCAPES[next] ?? next;
          i += 1;
        }
        continue;
      }
      if (quote) {
        if (c === quote) quote = null;
        else word += c;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        continue;
      }
      if (/\s/.test(c)) break;
      word += c;
    }
    words.push(word);
  }
  return words;
}

/** Only "%%" is resolved here; a unit's other specifiers (%h, %n…) need the unit itself. */
const unSpecify = (text: string) => text.replace(/%%/g, '%');

/** env_assignment_is_valid: a name of letters, digits and underscores, not starting with a digit. */
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The Environment= assignments of a unit file's [Service] section, in order. */
export function parseEnvironmentLines(unitText: string): EnvironmentAssignment[] {
  const out: EnvironmentAssignment[] = [];
  let section = '';
  // A line ending in a backslash continues on the next (systemd.syntax(7)).
  const lines = unitText.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1] ?? '';
      continue;
    }
    if (section !== 'Service') continue;
    const unset = /^UnsetEnvironment\s*=\s*(.*)$/.exec(line);
    if (unset) {
      out.push({ unset: splitSystemdWords(unSpecify(unset[1] ?? '')) });
      continue;
    }
    const m = /^Environment\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[1] ?? '';
    if (value === '') {
      out.push({ reset: true });
      continue;
    }
    for (const word of splitSystemdWords(unSpecify(value))) {
      const eq = word.indexOf('=');
      const name = eq > 0 ? word.slice(0, eq) : '';
      // An invalid assignment is ignored with a warning; the rest of the line still applies.
      if (VALID_NAME.test(name)) out.push({ name, value: word.slice(eq + 1) });
    }
  }
  return out;
}

/** One drop-in file as read: where it is and its text. */
export interface DropIn {
  path: string;
  name: string;
  text: string;
}

/** Which drop-in (by path) last set or unset each variable, and the resulting values. */
export interface DropInEnvironment {
  values: Record<string, string>;
  setBy: Record<string, string>;
}

/**
 * The environment the drop-ins give the unit: files in lexical order of their names (a name
 * in an earlier folder masks the same name in a later one), each applied as systemd does.
 */
export function dropInEnvironment(dropIns: DropIn[]): DropInEnvironment {
  const byName = new Map<string, DropIn>();
  for (const d of dropIns) if (!byName.has(d.name)) byName.set(d.name, d);
  const ordered = [...byName.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const values = new Map<string, string>();
  const setBy = new Map<string, string>();
  const unset = new Map<string, string>();
  for (const d of ordered) {
    for (const a of parseEnvironmentLines(d.text)) {
      if ('reset' in a) {
        values.clear();
        setBy.clear();
      } else if ('unset' in a) {
        for (const word of a.unset) unset.set(word, d.path);
      } else {
        values.set(a.name, a.value);
        setBy.set(a.name, d.path);
      }
    }
  }
  // "VAR" unsets any value; "VAR=value" only that exact assignment.
  for (const [word, path] of unset) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (values.has(name) && (eq < 0 || values.get(name) === word.slice(eq + 1))) {
      values.delete(name);
      setBy.set(name, path);
    }
  }
  return { values: Object.fromEntries(values), setBy: Object.fromEntries(setBy) };
}

/** A value written so that systemd reads it back unchanged: quoted, escaped, "%" doubled. */
export function quoteAssignment(name: string, value: string): string {
  if (!VALID_NAME.test(name)) throw new Error(`Not an environment variable name: ${name}`);
  const escaped = `${name}=${value}`
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/%/g, '%%');
  return `"${escaped}"`;
}

/** What Berth's drop-in holds: variables it sets, and variables it takes away. */
export interface DropInContent {
  set: [string, string][];
  unset: string[];
}

/** The whole drop-in Berth writes: one Environment= line per variable, then its unsets. */
export function renderDropIn(content: DropInContent, comment: string): string {
  for (const name of content.unset) {
    if (!VALID_NAME.test(name)) throw new Error(`Not an environment variable name: ${name}`);
  }
  return [
    ...comment.split('\n').map((l) => `# ${l}`),
    '[Service]',
    ...content.set.map(([name, value]) => `Environment=${quoteAssignment(name, value)}`),
    ...(content.unset.length ? [`UnsetEnvironment=${content.unset.join(' ')}`] : []),
    '',
  ].join('\n');
}

/** Reads back what renderDropIn wrote (for a second edit of Berth's own drop-in). */
export function dropInContent(text: string): DropInContent {
  const set = new Map<string, string>();
  const unset: string[] = [];
  for (const a of parseEnvironmentLines(text)) {
    if ('reset' in a) set.clear();
    else if ('unset' in a) unset.push(...a.unset);
    else set.set(a.name, a.value);
  }
  return { set: [...set.entries()], unset };
}

/** Folders holding a unit's drop-ins, most important first (systemd.unit(5), unit load path). */
export function dropInFolders(unit: string, rootless: boolean, home: string): string[] {
  const d = `${unit}.service.d`;
  return rootless
    ? [`${home}/.config/systemd/user/${d}`, `/etc/systemd/user/${d}`, `/usr/lib/systemd/user/${d}`]
    : [`/etc/systemd/system/${d}`, `/run/systemd/system/${d}`, `/usr/lib/systemd/system/${d}`];
}
