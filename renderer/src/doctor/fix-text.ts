/**
 * A fix step (src/diagnose/fixes.ts) as parts to render: plain words, inline code (quoted in
 * backticks), a command to copy, and https links. The fixes are prose with commands in them,
 * e.g. "Store it: berth login ghcr.io -u <user> --password-stdin", so a command is recognised
 * by how it starts, either at the start of the step or right after a "label: ".
 */
export type FixPart =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'command'; text: string }
  | { kind: 'link'; href: string };

/** The tools a fix step asks the user to run. Lowercase only: "Docker Hub needs…" is prose. */
// printf: a secret piped into `berth login --password-stdin` (src/diagnose/fixes.ts).
const COMMAND_START = /^(?:berth|aws|gcloud|az|docker|sudo|echo|printf) /;
const LABELLED_COMMAND = /^(.{1,160}?:)\s+(?=(?:berth|aws|gcloud|az|docker|sudo|echo|printf) )/;
const HTTPS_URL = /(https:\/\/[^\s<>"'`]+)/;

/** https URLs become links; trailing punctuation stays with the sentence. */
function linkify(text: string): FixPart[] {
  const parts: FixPart[] = [];
  text.split(HTTPS_URL).forEach((piece, index) => {
    if (index % 2 === 0) {
      if (piece) parts.push({ kind: 'text', text: piece });
      return;
    }
    const href = piece.replace(/[.,;:)\]]+$/, '');
    parts.push({ kind: 'link', href });
    const rest = piece.slice(href.length);
    if (rest) parts.push({ kind: 'text', text: rest });
  });
  return parts;
}

/**
 * A command runs to the end of the step, less a closing remark in parentheses and the full
 * stop: "berth login (or docker login)." copies as "berth login".
 */
function command(text: string): FixPart[] {
  const remark = text.indexOf(' (');
  const body = remark === -1 ? text : text.slice(0, remark);
  const cmd = body.replace(/\.$/, '').trimEnd();
  const tail = text.slice(cmd.length);
  return [{ kind: 'command', text: cmd }, ...(tail ? linkify(tail) : [])];
}

export function fixParts(step: string): FixPart[] {
  if (step.includes('`')) {
    return step
      .split(/`([^`]+)`/)
      .flatMap((piece, index): FixPart[] =>
        index % 2 === 1 ? [{ kind: 'code', text: piece }] : linkify(piece),
      );
  }
  if (COMMAND_START.test(step)) return command(step);
  const labelled = LABELLED_COMMAND.exec(step);
  if (labelled?.[1]) {
    return [...linkify(`${labelled[1]} `), ...command(step.slice(labelled[0].length))];
  }
  return linkify(step);
}

/** Documentation links are opened outside the app, so only https ones are shown. */
export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
