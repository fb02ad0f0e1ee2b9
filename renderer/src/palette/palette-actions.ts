/**
 * What the command palette offers for what is typed (design/ui.md, "Shell"): pull it,
 * browse its tags, diagnose it, run a flow, or go to a screen. A leading verb the way the CLI
 * says it (`pull X`, `tags X`, `doctor X`, `run FLOW`) narrows the offer to that action, and
 * the references used lately are offered before anything is typed. Pure, so the choice is
 * tested on its own.
 */
import { referenceProblem } from '../state/doctor-input';

export type PaletteAction =
  | { kind: 'pull'; reference: string }
  | { kind: 'browse'; repository: string }
  | { kind: 'diagnose'; reference: string }
  | { kind: 'run'; flowId: string }
  | { kind: 'go'; screen: PaletteScreen };

/** What the palette knows besides the text: the open project's flows, recent references. */
export interface PaletteContext {
  flows?: readonly { id: string; name: string }[];
  /** Most recent first: pulled, browsed or diagnosed. */
  recent?: readonly string[];
}

/** The CLI's verbs (and the words people also type for them), mapped to palette actions. */
const VERBS: Record<string, 'pull' | 'browse' | 'diagnose' | 'run'> = {
  pull: 'pull',
  tags: 'browse',
  browse: 'browse',
  doctor: 'diagnose',
  diagnose: 'diagnose',
  run: 'run',
};

/** Recent references shown with an empty palette. */
export const RECENT_SHOWN = 5;

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

function referenceItems(typed: string): PaletteItem[] {
  if (!typed || referenceProblem(typed)) return [];
  const repository = repositoryOf(typed);
  return [
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
  ];
}

function verbItems(verb: string, argument: string, context: PaletteContext): PaletteItem[] {
  const action = VERBS[verb];
  if (action === 'run') {
    const needle = argument.toLowerCase();
    if (!context.flows?.length) {
      return [
        {
          id: 'go-runs',
          title: 'Open a project to run its flows',
          detail: 'No project is open yet',
          action: { kind: 'go', screen: 'runs' },
        },
      ];
    }
    return context.flows
      .filter((flow) => flow.name.toLowerCase().includes(needle))
      .map((flow) => ({
        id: `run-${flow.id}`,
        title: `Run ${flow.name}`,
        detail: 'Run this flow of the open project, in its image',
        action: { kind: 'run', flowId: flow.id },
      }));
  }
  const wanted = action === 'pull' ? 'pull' : action === 'browse' ? 'browse' : 'diagnose';
  return referenceItems(argument).filter((item) => item.id === wanted);
}

function recentItems(context: PaletteContext): PaletteItem[] {
  return (context.recent ?? []).slice(0, RECENT_SHOWN).map((reference) => ({
    id: `recent-${reference}`,
    title: reference,
    detail: 'Used lately: pull it again',
    action: { kind: 'pull', reference },
  }));
}

export function paletteItems(
  text: string,
  hasRuns: boolean,
  context: PaletteContext = {},
): PaletteItem[] {
  const typed = text.trim();
  const verb = /^(\w+)\s+(.+)$/.exec(typed);
  if (verb?.[1] && verb[2] && VERBS[verb[1].toLowerCase()]) {
    return verbItems(verb[1].toLowerCase(), verb[2].trim(), context);
  }
  const items = referenceItems(typed);
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
  if (!typed) return [...recentItems(context), ...screens];
  return bareWord ? [...screens, ...items] : [...items, ...screens];
}
