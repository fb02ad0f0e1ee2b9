/**
 * A `berth …` step shown in the app, read as the in-app action that does the same thing
 * (issue 15: "every suggestion is an action"). Pure, so the reading is tested on its own;
 * a command with no in-app twin stays a command to copy.
 */
export type CommandAction =
  | { kind: 'login'; registry: string }
  | { kind: 'pull'; reference: string }
  | { kind: 'browse'; repository: string }
  | { kind: 'diagnose'; reference: string }
  | { kind: 'explain'; reference: string }
  | { kind: 'import' }
  | { kind: 'runs' };

/** Placeholders such as <user> or USER are not arguments the app can act on. */
const PLACEHOLDER = /^<.*>$|^[A-Z_]+$|\.\.\.|…/;

/** The words of a command line, without its options and their values. */
function argumentsOf(words: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word.startsWith('-')) {
      // `-u alice`, `--platform linux/amd64`: the option's value is not an argument.
      if (
        !word.includes('=') &&
        /^-(u|p|o)$|^--(platform|password|username|sample|from|pattern|output)$/.test(word)
      )
        i++;
      continue;
    }
    args.push(word);
  }
  return args;
}

export function commandAction(command: string): CommandAction | undefined {
  // `printf '%s' "$TOKEN" | berth login …`: the app's own form takes the secret, so the
  // berth stage of a pipeline is the action.
  const stage = command.includes('|') ? (command.split('|').at(-1) ?? '') : command;
  const words = stage.trim().split(/\s+/);
  if (words[0] !== 'berth') return undefined;
  const [verb, ...rest] = argumentsOf(words.slice(1));
  const target = rest[0];
  const usable = target !== undefined && !PLACEHOLDER.test(target);
  switch (verb) {
    case 'login':
      return usable ? { kind: 'login', registry: target } : undefined;
    case 'pull':
      return usable ? { kind: 'pull', reference: target } : undefined;
    case 'tags':
      return usable ? { kind: 'browse', repository: target } : undefined;
    case 'doctor':
      return usable ? { kind: 'diagnose', reference: target } : undefined;
    case 'creds':
      if (target === 'explain' && rest[1] && !PLACEHOLDER.test(rest[1])) {
        return { kind: 'explain', reference: rest[1] };
      }
      return target === 'import' ? { kind: 'import' } : undefined;
    case 'run':
    case 'flows':
      return { kind: 'runs' };
    default:
      return undefined;
  }
}

/** The button's words: what the click does, in the user's terms. */
export function commandActionLabel(action: CommandAction): string {
  switch (action.kind) {
    case 'login':
      return `Add a credential for ${action.registry}`;
    case 'pull':
      return `Pull ${action.reference}`;
    case 'browse':
      return `Browse the tags of ${action.repository}`;
    case 'diagnose':
      return `Diagnose ${action.reference}`;
    case 'explain':
      return `Which credential serves ${action.reference}?`;
    case 'import':
      return 'Import credentials from docker or podman';
    case 'runs':
      return 'Open the Runs screen';
  }
}
