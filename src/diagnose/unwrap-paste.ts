/**
 * What a paste carries around the engine's words, taken away in one place so that every rule
 * reads the words as the engine printed them (test/unit/diagnose/wrapped-wordings.test.ts puts
 * each of these around every source wording):
 *  - terminal colours (ECMA-48 CSI sequences), and their visible remains once the ESC byte is
 *    lost in a copy ("[31m", "[0m", "[0K");
 *  - a diagnostic box's ruler before each line (Terraform's "╷", "│ ", "╵":
 *    hashicorp/terraform internal/command/format/diagnostic.go);
 *  - CI log prefixes: GitHub Actions' per-line timestamp and its "##[error]"-style workflow
 *    commands (actions/runner), GitLab's collapsible job-log "section_start:…" markers;
 *  - a quote's "> " before every line (a paste copied from a Markdown reply);
 *  - a long line hard-wrapped by a terminal or console at its width, which a copy splits
 *    mid-word ("authenti\ncation"): rejoined without a space;
 *  - a message quoted as a JSON or klog string (`kubectl get -o json`, the kubelet's journal:
 *    `err="rpc error: … \"IMG\" …"`, with Go's \u003c, \u003e, \u0026): unescaped;
 *  - a message shown as a Python bytes repr (b'…' or b"…": a program's captured stderr, as
 *    subprocess.CalledProcessError's stderr prints): unescaped;
 *  - a message quoted as a YAML single-quoted scalar (`kubectl get -o yaml`: '' for ', folded
 *    across lines): unquoted;
 *  - a registry's JSON error body ({"errors":[{"code":…,"message":…}]}, distribution's
 *    registry/api/errcode), pasted from curl, a debug log or a registry's own log: followed by
 *    the line an engine prints for it (errcode.Error.Error(): the code's registered name, lower
 *    case with spaces, or "unknown" for a code distribution does not register, such as Harbor's
 *    NOT_FOUND or Quay's TAG_EXPIRED; then ": " and the message), so the rules written against
 *    what engines print read the body the same way;
 *  - docker-py's "500 Server Error[ for <engine URL>]: Internal Server Error ("<message>")"
 *    (docker/docker-py docker/errors.py, APIError.__str__) and go-dockerclient's "API error
 *    (500): <message>" (fsouza/go-dockerclient client.go, Error.Error; Nomad's docker driver
 *    until it moved to moby's client), and docker-modem's "(HTTP code 500) server error - <body> "
 *    (apocas/docker-modem lib/modem.js, Modem.prototype.buildPayload: the status, the caller's
 *    word for it or "unexpected", then the engine's body; older versions the raw JSON
 *    {"message":"…"}: dockerode, so Kitematic and Portainer): the engine's own 5xx, which moby
 *    answers for any error it has no type for (moby api/server/httpstatus/status.go), so it says
 *    nothing of the registry; the engine URL (which names the image) and the message stay. Their
 *    4xx stay too: moby's 404 is its errdefs.NotFound, evidence of a missing image.
 */

const ESC = String.fromCharCode(27);
// Built from a char code: a control character in a regex literal is a lint error.
const ANSI_ESCAPE = new RegExp(
  `${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}\\][^${ESC}\\u0007]*(?:\\u0007|${ESC}\\\\)`,
  'g',
);
/** A colour or erase-line sequence whose ESC byte a copy dropped: "[1m", "[31;1m", "[0K". */
const ANSI_REMAINS = /\[(?:\d{1,3};){0,4}\d{1,3}m|\[0K|\[K(?!\w)/g;

/** actions/runner's raw-log timestamp ("2024-05-01T10:00:00.1234567Z ") at a line's start. */
const CI_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z ?/;
/** actions/runner's workflow commands, and gitlab-runner's section markers, at a line's start. */
const CI_MARKER =
  /^(?:##\[(?:error|warning|notice|debug|group|endgroup|section|command)\]|section_(?:start|end):\d{1,20}:[\w.-]{1,200}(?:\[[^\]\n]{0,200}\])?)/;

/**
 * Widths terminals and consoles are commonly set to. A line exactly this long, at the paste's
 * widest, is a wrapped one unless the paste says otherwise.
 */
const COMMON_WIDTHS = new Set([80, 100, 120, 132, 150, 160, 180, 200, 240]);
const MIN_WRAP_WIDTH = 60;

/** A JSON member or a klog key="value" pair whose value is a quoted string. */
const QUOTED_VALUE =
  /"([\w.-]{1,64})":[ \t]{0,4}"((?:[^"\\\n]|\\.){0,65536})"|\b([\w.-]{1,64})="((?:[^"\\\n]|\\.){0,65536})"/g;

/** A YAML single-quoted scalar value, possibly folded over several lines. */
const YAML_SINGLE_QUOTED = /^([ \t]{0,40}(?:- )?[\w.-]{1,64}): '((?:[^']|''){0,65536}?)'[ \t]*$/gm;

/** docker-py's status words for an engine 5xx, up to the quoted message. */
const ENGINE_5XX =
  /\b5\d\d Server Error(?:(?::| for(?: url:)?) (?:http\+docker:\/\/\S{1,2048}?|[A-Z][A-Za-z -]{0,40}?))*:? (?=\(")/g;
/** go-dockerclient's status for an engine 5xx, and docker-modem's (dockerode's). */
const ENGINE_CLIENT_5XX = /\bAPI error \(5\d\d\): |\(HTTP code 5\d\d\) [\w ]{1,40}? - /g;
const ENGINE_URL = /http\+docker:\/\/\S{1,2048}?(?=:? |$)/;

/** A diagnostic box's ruler at a line's start (Terraform's). */
const BOX_RULER = /^[ \t]{0,4}(?:[│┃][ \t]?|[╷╵][ \t]*$)/;

/** A Markdown quote's marker, when every line of the paste has one. */
const QUOTE_MARKER = /^[ \t]{0,3}>[ \t]?/;

export function unwrapPaste(text: string): string {
  const plain = text.replace(ANSI_ESCAPE, '').replace(ANSI_REMAINS, '');
  let lines = plain
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(CI_TIMESTAMP, '').replace(CI_MARKER, '').replace(BOX_RULER, ''));
  if (lines.every((line) => line.trim() === '' || QUOTE_MARKER.test(line)))
    lines = lines.map((line) => line.replace(QUOTE_MARKER, ''));
  return withEnginePrint(unquoteYaml(unquoteStrings(rejoinWrapped(lines))))
    .replace(ENGINE_5XX, (status) => `engine API ${ENGINE_URL.exec(status)?.[0] ?? ''} `)
    .replace(ENGINE_CLIENT_5XX, 'engine API: ');
}

/**
 * What begins a line of its own rather than the rest of a cut word: a capitalised word or an
 * upper-case tag (a sentence, "ERROR:", "Back-off …"), a separator or list marker, a log prefix.
 */
const LINE_START =
  /^(?:[A-Z][a-z]|[A-Z]{2,}\b|[-=#*~]{2}|[-+*>] |\d{4}-\d\d-\d\d|time=|https?:\/\/)/;

/**
 * Joins lines a terminal cut at its width. The width is the paste's longest line; it counts as a
 * wrap when two or more lines reach it exactly or it is a common terminal width. A line that
 * reaches it is joined to the next without a space, unless the next begins a line of its own
 * after a finished word (a natural break that happens to fall at the width). A cut before a
 * space leaves the space at a line's end or start, which the whitespace collapse keeps as one.
 */
function rejoinWrapped(lines: string[]): string {
  const width = Math.max(0, ...lines.map((l) => l.length));
  const atWidth = lines.filter((l) => l.length === width).length;
  if (width < MIN_WRAP_WIDTH || (atWidth < 2 && !COMMON_WIDTHS.has(width))) return lines.join('\n');
  let out = '';
  lines.forEach((line, i) => {
    out += line;
    const next = lines[i + 1];
    if (next === undefined) return;
    const cut =
      line.length === width && !(/[a-z\d.,;:?!)"'\]]$/.test(line) && LINE_START.test(next));
    out += cut ? '' : '\n';
  });
  return out;
}

/** A Python bytes literal, as repr() writes it. */
const PY_BYTES = /\bb(['"])((?:(?!\1)[^\\\n]|\\.){0,65536})\1/g;

function unquoteStrings(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(PY_BYTES, (match: string, _q: string, body: string) =>
      body.includes('\\') ? `\n${unescape(body)}\n` : match,
    )
    .replace(
      QUOTED_VALUE,
      (
        match: string,
        jsonKey: string | undefined,
        jsonValue: string | undefined,
        key: string | undefined,
        value: string | undefined,
      ) => {
        const quoted = jsonValue ?? value ?? '';
        // Only a value with escapes in it is a message quoted whole (a header's realm="…" is not).
        if (!quoted.includes('\\')) return match;
        return `\n${jsonKey ?? key ?? ''}: ${unescape(quoted)}\n`;
      },
    );
}

/** JSON's (and Go's strconv.Quote's) escapes: the quoted message as it was printed. */
function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e.startsWith('x') && e.length === 3) return `\\${e}`;
    if (e === 'n' || e === 'r' || e === 't') return ' ';
    return e;
  });
}

function unquoteYaml(text: string): string {
  if (!text.includes(": '")) return text;
  return text.replace(
    YAML_SINGLE_QUOTED,
    (_m, key: string, value: string) => `${key}: ${value.replace(/''/g, "'")}`,
  );
}

/**
 * The codes distribution registers (registry/api/errcode/register.go, registry/api/v2/errors.go);
 * engines print any other code as "unknown".
 */
const REGISTERED_CODES = new Set([
  'UNKNOWN',
  'UNSUPPORTED',
  'UNAUTHORIZED',
  'DENIED',
  'UNAVAILABLE',
  'TOOMANYREQUESTS',
  'DIGEST_INVALID',
  'SIZE_INVALID',
  'NAME_INVALID',
  'TAG_INVALID',
  'NAME_UNKNOWN',
  'MANIFEST_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNVERIFIED',
  'MANIFEST_BLOB_UNKNOWN',
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'PAGINATION_NUMBER_INVALID',
  'RANGE_INVALID',
]);
const ERRORS_BODY = /\{\s{0,4}"errors"\s{0,4}:\s{0,4}\[/g;
const MAX_BODY_CHARS = 16 * 1024;

/** Each registry error body in the text, followed by the line an engine prints for it. */
function withEnginePrint(text: string): string {
  if (!text.includes('"errors"')) return text;
  let out = '';
  let from = 0;
  for (const m of text.matchAll(ERRORS_BODY)) {
    if (m.index < from) continue;
    const end = closingBrace(text, m.index);
    if (end < 0) continue;
    const printed = enginePrint(text.slice(m.index, end + 1));
    if (printed === null) continue;
    out += `${text.slice(from, end + 1)}\n${printed}\n`;
    from = end + 1;
  }
  return out + text.slice(from);
}

/** The index of the brace closing the object opened at start, or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, start + MAX_BODY_CHARS);
  for (let i = start; i < limit; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

function enginePrint(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const errors = (parsed as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return null;
  const lines = errors.flatMap((e: unknown) => {
    const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code !== 'string') return [];
    const name = REGISTERED_CODES.has(code) ? code.toLowerCase().replace(/_/g, ' ') : 'unknown';
    return [typeof message === 'string' && message !== '' ? `${name}: ${message}` : name];
  });
  return lines.length > 0 ? lines.join('\n') : null;
}
