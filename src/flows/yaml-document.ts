/**
 * A YAML file read for its data and for the line of every node, so each problem can point
 * at the line that causes it. Aliases and `<<` merge keys resolve as Prefect's PyYAML does
 * (prefect.yaml's docs recommend a `definitions` section of anchors); a line found through an
 * alias is the line of the anchored value, where the text to fix is.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { FlowProblem } from '../shared/flows';

export type YamlPath = readonly (string | number)[];

export interface YamlFile {
  /** Relative to the project root. */
  file: string;
  data: unknown;
  /** The 1-based line of the node at `path`, or of its nearest ancestor that exists. */
  lineOf(path: YamlPath): number;
}

/** Aliases expanded past this many nodes are refused: a "billion laughs" file stays small. */
const MAX_ALIAS_COUNT = 1000;

export function readYaml(
  file: string,
  text: string,
): { yaml: YamlFile; problems: [] } | { yaml: null; problems: FlowProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      yaml: null,
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0];
        // yaml's messages end with a code frame after a blank line; the position says enough.
        const head = (error.message.split('\n\n')[0] ?? error.message).replace(/:$/, '');
        return {
          file,
          line: pos?.line ?? 0,
          message: `YAML syntax error: ${head}`,
          hint: 'Fix the YAML syntax; flows in this file are skipped until it parses.',
        };
      }),
    };
  }
  // yaml reports an alias without its anchor only when converting, and without a line.
  const aliasProblems: FlowProblem[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      aliasProblems.push({
        file,
        line: alias.range ? lineCounter.linePos(alias.range[0]).line : 0,
        message: `YAML alias *${alias.source} has no anchor &${alias.source} before it`,
        hint: 'Define the anchor (&name) above the first alias (*name) that uses it.',
      });
      return visit.BREAK;
    },
  });
  if (aliasProblems.length > 0) return { yaml: null, problems: aliasProblems };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return {
      yaml: null,
      problems: [
        {
          file,
          line: 0,
          message: `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`,
          hint: null,
        },
      ],
    };
  }
  return {
    yaml: {
      file,
      data,
      lineOf: (path) => {
        const node = nodeAt(doc, path);
        return node?.range ? lineCounter.linePos(node.range[0]).line : 1;
      },
    },
    problems: [],
  };
}

/** The deepest node along `path`, following aliases and `<<` merges. */
function nodeAt(doc: Document, path: YamlPath): Node | null {
  let node = resolve(doc, doc.contents);
  for (const segment of path) {
    const next = child(doc, node, segment);
    if (!next) break;
    node = next;
  }
  return node;
}

function resolve(doc: Document, node: unknown): Node | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 64; hops++) current = current.resolve(doc);
  return isMap(current) || isSeq(current) || isScalar(current) ? current : null;
}

function child(doc: Document, node: Node | null, segment: string | number): Node | null {
  if (isSeq(node) && typeof segment === 'number') return resolve(doc, node.items[segment]);
  if (!isMap(node)) return null;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === String(segment)) {
      return resolve(doc, pair.value) ?? (isScalar(pair.key) ? pair.key : null);
    }
  }
  // Not written here: look in the maps merged in with `<<: *anchor` (or a list of them).
  for (const pair of node.items) {
    if (!isScalar(pair.key) || pair.key.source !== '<<') continue;
    const merged = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of merged) {
      const found = child(doc, resolve(doc, source), segment);
      if (found) return found;
    }
  }
  return null;
}

/** A plain object, as YAML maps become. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
