/**
 * The images a Dockerfile pulls: each stage's FROM and each `COPY --from=` that names an image
 * rather than a stage. Their registries are the only ones whose credentials a build is given.
 * Variables are expanded as the classic builder does for FROM: from the ARGs declared before
 * the first FROM, their defaults overridden by the build args (moby builder/dockerfile
 * dispatchers.go, dispatchFrom: "the base name may contain ARG references"; shell-word
 * expansion $VAR, ${VAR}, ${VAR:-word}, ${VAR:+word} per moby/buildkit frontend/dockerfile/shell).
 */
import { dockerfileInstructions } from './build-failure';

/** Expands $VAR, ${VAR}, ${VAR:-word} and ${VAR:+word}; an unknown variable is empty. */
export function expandArgs(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      _match,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const value = vars.get(braced ?? bare ?? '') ?? '';
      if (op === '-') return value === '' ? (word ?? '') : value;
      if (op === '+') return value === '' ? '' : (word ?? '');
      return value;
    },
  );
}

/** `ARG name[=default]` (several may share one line). */
function declaredArgs(text: string): [string, string | undefined][] {
  return text
    .split(/\s+/)
    .slice(1)
    .filter(Boolean)
    .map((word) => {
      const eq = word.indexOf('=');
      if (eq < 0) return [word, undefined];
      return [word.slice(0, eq), word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2')];
    });
}

/** The words after the keyword, options (`--x=y`) left out. */
function operands(text: string): string[] {
  return text
    .split(/\s+/)
    .slice(1)
    .filter((word) => word !== '' && !word.startsWith('--'));
}

/** The images the build pulls, in order, each once; stage names and `scratch` are not images. */
export function pulledImages(dockerfile: string, buildArgs: Record<string, string>): string[] {
  const vars = new Map<string, string>();
  const stages = new Set<string>();
  const images: string[] = [];
  const add = (image: string) => {
    if (image === '' || image.toLowerCase() === 'scratch' || stages.has(image.toLowerCase())) {
      return;
    }
    if (!images.includes(image)) images.push(image);
  };
  let seenFrom = false;
  for (const instruction of dockerfileInstructions(dockerfile)) {
    if (instruction.keyword === 'ARG' && !seenFrom) {
      for (const [name, value] of declaredArgs(instruction.text)) {
        const given = Object.hasOwn(buildArgs, name) ? buildArgs[name] : value;
        if (given !== undefined) vars.set(name, expandArgs(given, vars));
      }
    } else if (instruction.keyword === 'FROM') {
      seenFrom = true;
      const [image = '', as, name] = operands(instruction.text);
      add(expandArgs(image, vars));
      if (as?.toLowerCase() === 'as' && name) stages.add(name.toLowerCase());
    } else if (instruction.keyword === 'COPY') {
      const from = /(?:^|\s)--from=(\S+)/.exec(instruction.text)?.[1];
      // A number is a stage's index; a stage's name was added above.
      if (from && !/^\d+$/.test(from)) add(from);
    }
  }
  return images;
}
