/**
 * The engines' own wordings (test/fixtures/diagnose/source-wordings.tsv): every error text on the
 * pull path that moby, containerd, containers/image (Podman, Buildah, Skopeo), BuildKit, the
 * kubelet, distribution's error codes, go-containerregistry, the credential helpers and Go's
 * net/http, net, crypto/tls and crypto/x509 can print — and the clients other tools use (urllib3
 * and glibc's texts through Python, Node, curl, OpenSSL, Java) — filled in as a user would paste
 * it, each with the line of source that prints it. Unlike the corpus (what was seen), this is what can be
 * seen: a rule grown from one example that misses its engine's other wordings fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseMessage } from '../../../src/diagnose/probe';
import { PullCause } from '../../../src/shared/pull-causes';
import { everyText, placeholderIn } from './placeholder';

interface Wording {
  cause: PullCause;
  /** Whether a credential for the host is stored; undefined: the text alone decides. */
  stored: boolean | undefined;
  text: string;
  source: string;
  note: string;
}

const FILE = join(__dirname, '..', '..', 'fixtures', 'diagnose', 'source-wordings.tsv');

function loadWordings(): Wording[] {
  const lines = readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const [header, ...rows] = lines;
  if (header !== 'cause\tcontext\ttext\tsource\tnote') throw new Error(`bad header: ${header}`);
  return rows.map((row, i) => {
    const [cause, context, text, source, note] = row.split('\t');
    if (!text || !source) throw new Error(`source-wordings row ${i + 1} lacks text or source`);
    if (context !== '-' && !/^stored=(?:true|false)$/.test(context ?? '')) {
      throw new Error(`source-wordings row ${i + 1}: unknown context ${context}`);
    }
    return {
      cause: PullCause.parse(cause),
      stored: context === '-' ? undefined : context === 'stored=true',
      text,
      source,
      note: note ?? '',
    };
  });
}

const wordings = loadWordings();

function diagnose(w: Wording) {
  const stored = w.stored;
  return diagnoseMessage(
    w.text,
    '',
    stored === undefined ? {} : { credentialStored: () => stored },
  );
}

describe('the engines’ own wordings', () => {
  it('cites, for each, the source that prints it', () => {
    expect(wordings.length).toBeGreaterThanOrEqual(100);
    for (const w of wordings) {
      expect(w.source, w.text).toMatch(
        /^[\w.-]+\/[\w.-]+@[0-9a-f]{12,40}:\S+:(?:\d+|\S.*)$|^observed: [\w.-]+\/[\w.-]+#\d+/,
      );
    }
    // From each of the sources the brief names, not one engine's.
    const repos = new Set(wordings.map((w) => /^([\w.-]+\/[\w.-]+)@/.exec(w.source)?.[1]));
    for (const repo of [
      'moby/moby',
      'containerd/containerd',
      'containers/image',
      'containers/podman',
      'distribution/distribution',
      'google/go-containerregistry',
      'docker/docker-credential-helpers',
      'moby/buildkit',
      'kubernetes/kubernetes',
      'golang/go',
      // The wrappers orchestrators put around the engine (issue 13: Prefect, Airflow, Dagster all
      // pull through docker-py).
      'docker/docker-py',
      'apache/airflow',
      'PrefectHQ/prefect',
      'containerd/nerdctl',
      'cri-o/cri-o',
    ])
      expect(repos, repo).toContain(repo);
  });

  it.each(wordings.map((w) => [w.cause, w.text, w] as const))(
    '%s first: %s',
    (_cause, _text, w) => {
      expect(diagnose(w).cause, `${w.source}${w.note ? ` (${w.note})` : ''}`).toBe(w.cause);
    },
  );

  it('tests the tie-breaks: one wording, the cause the host or the store decides', () => {
    const byText = new Map<string, Set<PullCause>>();
    for (const w of wordings) byText.set(w.text, (byText.get(w.text) ?? new Set()).add(w.cause));
    const tied = [...byText.values()].filter((causes) => causes.size > 1);
    expect(tied.length).toBeGreaterThanOrEqual(2);
  });

  it('gives fix steps that can be run as written for every wording', () => {
    for (const w of wordings) {
      for (const text of everyText(diagnose(w))) expect(placeholderIn(text), text).toBeNull();
    }
  });
});
