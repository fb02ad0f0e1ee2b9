/**
 * What a paste carries around the engine's words, taken away in one place so that every rule
 * reads the words as the engine printed them (test/unit/diagnose/wrapped-wordings.test.ts puts
 * each of these around every source wording):
 *  - terminal colours (ECMA-48 CSI sequences), and their visible remains once the ESC byte is
 *    lost in a copy ("[31m", "[0m", "[0K");
 *  - CI log prefixes: GitHub Actions' per-line timestamp and its "##[error]"-style workflow
 *    commands (actions/runner), GitLab's collapsible "section_start:…" markers (gitlab-runner
 *    helpers/trace);
 *  - a quote's "> " before every line (a paste copied from a Markdown reply);
 *  - a long line hard-wrapped by a terminal or console at its width, which a copy splits
 *    mid-word ("authenti\ncation"): rejoined without a space;
 *  - a message quoted as a JSON or klog string (`kubectl get -o json`, the kubelet's journal:
 *    `err="rpc error: … \"IMG\" …"`, with Go's \u003c, \u003e, \u0026): unescaped;
 *  - a message quoted as a YAML single-quoted scalar (`kubectl get -o yaml`: '' for ', folded
 *    across lines): unquoted;
 *  - docker-py's "500 Server Error[ for <engine URL>]: Internal Server Error ("<message>")"
 *    (docker/docker-py docker/errors.py, APIError.__str__): the engine's own 5xx, which moby
 *    answers for any error it has no type for (moby api/server/httpstatus/status.go), so it says
 *    nothing of the registry; the engine URL (which names the image) and the message stay. Its
 *    4xx stay too: moby's 404 is its errdefs.NotFound, evidence of a missing image.
 */

const ESC = String.fromCharCode(27);
// Built from a char code: a control character in a regex literal is a lint error.
const ANSI_ESCAPE = new RegExp(
  `${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}\\][^${ESC}\\u0007]*(?:\\u0007|${ESC}\\\\)`,
  'g',
);
/** A colour or erase-line sequence whose ESC byte a copy dropped: "[1m", "[31;1m", "[0K". */
const ANSI_REMAINS = /\[(?:\d{1,3};){0,4}\d{1,3}m|\[0?K/g;

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
const ENGINE_URL = /http\+docker:\/\/\S{1,2048}?(?=:? |$)/;

/** A Markdown quote's marker, when every line of the paste has one. */
const QUOTE_MARKER = /^[ \t]{0,3}>[ \t]?/;

export function unwrapPaste(text: string): string {
  const plain = text.replace(ANSI_ESCAPE, '').replace(ANSI_REMAINS, '');
  let lines = plain
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(CI_TIMESTAMP, '').replace(CI_MARKER, ''));
  if (lines.every((line) => line.trim() === '' || QUOTE_MARKER.test(line)))
    lines = lines.map((line) => line.replace(QUOTE_MARKER, ''));
  return unquoteYaml(unquoteStrings(rejoinWrapped(lines))).replace(
    ENGINE_5XX,
    (status) => `engine API ${ENGINE_URL.exec(status)?.[0] ?? ''} `,
  );
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

function unquoteStrings(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(
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
