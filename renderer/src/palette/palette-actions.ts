/**
 * What the command palette offers for what is typed (design/ui.md, "Shell"): pull it,
 * browse its tags, diagnose it, or go to a screen. Pure, so the choice is tested on its own.
 */
import { referenceProblem } from '../doctor/doctor-input';

export type PaletteAction =
  | { kind: 'pull'; reference: string }
  | { kind: 'browse'; repository: string }
  | { kind: 'diagnose'; reference: string }
  | { kind: 'go'; screen: PaletteScreen };

/** The screens the palette can open; Runs is where a flow is run. */
export type PaletteScreen =
  'engine' | 'images' | 'tags' | 'registries' | 'pulls' | 'doctor' | 'runs';

export interface PaletteItem {
  id: string;
  title: string;
  detail: string;
  action: PaletteAction;
}

const SCREENS: readonly { screen: PaletteScreen; title: string; detail: string; words: string }[] =
  [
    {
      screen: 'runs',
      title: 'Run a flow',
      detail: 'Open a project and run one of its flows',
      words: 'run flow prefect valohai project runs',
    },
    {
      screen: 'pulls',
      title: 'Pulls and the ledger',
      detail: 'Every pull, with its digest',
      words: 'pulls ledger history digest',
    },
    { screen: 'images', title: 'Images', detail: 'What is on the engine', words: 'images local' },
    {
      screen: 'tags',
      title: 'Tags',
      detail: 'Browse the tags of a repository',
      words: 'tags browse registry',
    },
    {
      screen: 'registries',
      title: 'Registries',
      detail: 'Credentials and login tests',
      words: 'registries credentials login keychain',
    },
    {
      screen: 'doctor',
      title: 'Doctor',
      detail: 'Why does a pull fail?',
      words: 'doctor diagnose error why',
    },
    {
      screen: 'engine',
      title: 'Engine',
      detail: 'Which engine, and is it up',
      words: 'engine docker podman context',
    },
  ];

/** The repository part of a reference, for browsing its tags: no tag, no digest. */
export function repositoryOf(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

export function paletteItems(text: string, hasRuns: boolean): PaletteItem[] {
  const typed = text.trim();
  const items: PaletteItem[] = [];
  if (typed && !referenceProblem(typed)) {
    const repository = repositoryOf(typed);
    items.push(
      {
        id: 'pull',
        title: `Pull ${typed}`,
        detail: 'Pull it with live progress; a failure is diagnosed',
        action: { kind: 'pull', reference: typed },
      },
      {
        id: 'browse',
        title: `Browse the tags of ${repository}`,
        detail: 'Every tag, with platforms, size and age',
        action: { kind: 'browse', repository },
      },
      {
        id: 'diagnose',
        title: `Diagnose ${typed}`,
        detail: 'Walk every step of a pull and say which one breaks',
        action: { kind: 'diagnose', reference: typed },
      },
    );
  }
  const needle = typed.toLowerCase();
  const screens: PaletteItem[] = [];
  for (const s of SCREENS) {
    if (s.screen === 'runs' && !hasRuns) continue;
    const matches = !needle || s.words.includes(needle) || s.title.toLowerCase().includes(needle);
    if (matches)
      screens.push({
        id: `go-${s.screen}`,
        title: s.title,
        detail: s.detail,
        action: { kind: 'go', screen: s.screen },
      });
  }
  // A bare word ("ledger") is more likely a screen than Docker Hub's library/ledger image.
  const bareWord = !/[/:.@]/.test(typed);
  return bareWord ? [...screens, ...items] : [...items, ...screens];
}
