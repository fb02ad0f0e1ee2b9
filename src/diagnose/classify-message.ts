/**
 * Offline classification of a failed pull's error text (pasted by a user or returned by the
 * engine) into one PullCause, with the rule and the excerpt that decided it.
 */
import type { PullCause } from '../shared/pull-causes';
import { readGenericEvidence } from './generic-evidence';
import { MESSAGE_RULES } from './message-rules';
import type { MessageRule, RegistryKind } from './message-rules';
import { unwrapPaste } from './unwrap-paste';

export interface MessageClassification {
  cause: PullCause;
  /** Other causes the same text is known to mean; empty when the text is unambiguous. */
  alternatives: PullCause[];
  ruleId: string | null;
  /** The registry the text is about, when it names one (or its wording is unmistakable). */
  registry: RegistryKind | null;
  /** The excerpt the rule matched, from the whitespace-collapsed text. */
  evidence: string;
}

/** Pasted logs can be huge; the error sits at one end (a transcript's end, a report's start). */
export const MAX_INPUT_CHARS = 64 * 1024;
const MAX_EVIDENCE_CHARS = 500;

/**
 * The first rule that matches decides. A text no rule knows, or one whose only match says no
 * more than that a pull failed (the kubelet's bare ErrImagePull status), is read for the generic
 * evidence every engine keeps (generic-evidence.ts) rather than called unknown.
 */
export function classifyMessage(text: string): MessageClassification {
  const normalized = normalize(text);
  for (const rule of MESSAGE_RULES) {
    const match = rule.pattern.exec(normalized);
    if (match && rule.cause === 'unknown')
      return (
        generic(rule.decisive ? normalized.replace(match[0], ' ') : normalized) ??
        ruleClassification(normalized, rule, match)
      );
    if (match) return ruleClassification(normalized, rule, match);
  }
  return (
    generic(normalized) ?? {
      cause: 'unknown',
      alternatives: [],
      ruleId: null,
      registry: detectRegistry(normalized, 0, null),
      evidence: '',
    }
  );
}

function ruleClassification(
  normalized: string,
  rule: MessageRule,
  match: RegExpExecArray,
): MessageClassification {
  return {
    cause: rule.cause,
    alternatives: [...(rule.alternatives ?? [])],
    ruleId: rule.id,
    registry: detectRegistry(normalized, match.index, rule),
    evidence: match[0].slice(0, MAX_EVIDENCE_CHARS),
  };
}

function generic(normalized: string): MessageClassification | null {
  const reading = readGenericEvidence(normalized);
  if (!reading) return null;
  const at = normalized.indexOf(reading.evidence);
  return {
    ...reading,
    registry: detectRegistry(normalized, Math.max(at, 0), null),
    evidence: reading.evidence.slice(0, MAX_EVIDENCE_CHARS),
  };
}

/**
 * Keeps the head and the tail of an over-long input, takes away what the paste wrapped the
 * engine's words in (unwrap-paste.ts: colours, CI log prefixes, a terminal's hard wrap, JSON and
 * YAML quoting) and collapses all whitespace (line breaks included) to single spaces, so every
 * paste matches the same patterns as the engine's one-line message.
 */
export function normalize(text: string): string {
  const half = MAX_INPUT_CHARS / 2;
  const bounded =
    text.length > MAX_INPUT_CHARS ? `${text.slice(0, half)}\n${text.slice(-half)}` : text;
  return unwrapPaste(bounded).replace(/\s+/g, ' ').trim();
}

const REGISTRY_HOSTS: readonly { registry: RegistryKind; pattern: RegExp }[] = [
  {
    registry: 'ecr',
    pattern:
      /\b[\w<>-]{1,64}\.dkr\.ecr(?:-fips)?\.[\w<>-]{1,64}\.amazonaws\.com(?:\.cn)?\b|\bpublic\.ecr\.aws\b/gi,
  },
  { registry: 'acr', pattern: /\b[a-z0-9-]{1,64}\.azurecr\.(?:io|cn|us)\b/gi },
  {
    registry: 'gar',
    pattern: /\b[a-z0-9-]{1,64}-docker\.pkg\.dev\b|\b(?:[a-z0-9-]{1,32}\.)?gcr\.io\b/gi,
  },
  { registry: 'ghcr', pattern: /\bghcr\.io\b|\bdocker\.pkg\.github\.com\b/gi },
  { registry: 'quay', pattern: /\bquay\.io\b/gi },
  { registry: 'jfrog', pattern: /\b[a-z0-9-]{1,64}\.jfrog\.io\b/gi },
  {
    registry: 'dockerhub',
    pattern:
      /\bdocker\.io\b|\b(?:www|docs|hub|registry\.hub|production\.cloudflare)\.docker\.com\b/gi,
  },
];

/** Phrasings that quote the image reference; a reference without a host means Docker Hub. */
const REFERENCE_PHRASES: readonly RegExp[] = [
  /pull access denied for ([^\s,]{1,512})/gi,
  /manifest for (\S{1,512}?) not found/gi,
  /repository (\S{1,512}?) not found/gi,
  /Unable to find image '([^'\s]{1,512})' locally/gi,
  /Failed to pull image "([^"\s]{1,512})"/gi,
  /\b(?:docker|podman) (?:image )?pull ([a-z0-9][^\s'"]{0,511})/gi,
];

/**
 * The registry the failing pull talked to. A known host nearest the matched excerpt wins (Podman
 * lists every registry it tried); else a quoted reference decides (no host → Docker Hub, another
 * host → not one we know); else, with no reference at all, the rule's own wording decides.
 */
export function detectRegistry(
  text: string,
  at: number,
  rule: MessageRule | null,
): RegistryKind | null {
  const host = nearest(
    REGISTRY_HOSTS.flatMap(({ registry, pattern }) =>
      [...text.matchAll(pattern)].map((m) => ({ value: registry, index: m.index })),
    ),
    at,
  );
  if (host) return host;

  const reference = nearest(
    REFERENCE_PHRASES.flatMap((pattern) =>
      [...text.matchAll(pattern)]
        // A redaction (***, <image>, {NAME}) names no registry.
        .filter((m) => !/[*<>{}]/.test(m[1] ?? ''))
        .map((m) => ({ value: m[1] ?? '', index: m.index })),
    ),
    at,
  );
  if (reference !== null) return isDockerHubShortName(reference) ? 'dockerhub' : null;

  return rule?.registry && rule.registry !== 'any' ? rule.registry : null;
}

function nearest<T>(candidates: { value: T; index: number }[], at: number): T | null {
  let best: { value: T; distance: number } | null = null;
  for (const { value, index } of candidates) {
    const distance = Math.abs(index - at);
    if (!best || distance < best.distance) best = { value, distance };
  }
  return best ? best.value : null;
}

/** Docker's rule: the first path component is a registry host only if it has a dot or port. */
function isDockerHubShortName(reference: string): boolean {
  const slash = reference.indexOf('/');
  if (slash < 0) return true;
  const first = reference.slice(0, slash);
  return !first.includes('.') && !first.includes(':') && first !== 'localhost';
}
