/**
 * Which credential Berth uses for an image, and why. The sources, in Berth's order:
 *   1. Berth's own credentials, by the most specific matching pattern (a tie is a conflict);
 *   2. BERTH_REGISTRY_AUTH, for headless use;
 *   3. what the docker CLI would use (credHelpers, credsStore, auths of ~/.docker/config.json);
 *   4. what podman would use (auth.json).
 * The same answer drives pulls, tag listing and the "Which credential?" explainer.
 */
import type { Candidate, Explanation } from '../shared/credentials';
import { toErrorShape } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import { parseNormalizedNamed } from '../shared/reference';
import type { CredentialStore } from './credential-store';
import type { CredentialLookup, RegistryCredential } from './env-credentials';
import type { ToolAnswer } from './docker-lookup';
import type { FoundCredential } from './found-credential';
import type { StoredCredential } from './metadata-file';
import { compilePattern, defaultPattern } from './patterns';

/** Docker's and podman's own lookups, for one image: each tool's verdict and credential. */
export interface ExternalLookups {
  docker(registry: string): Promise<ToolAnswer>;
  podman(image: string): Promise<ToolAnswer>;
  /** skopeo shares podman's library but not its choice of primary file; podman's when absent. */
  skopeo?(image: string): Promise<ToolAnswer>;
}

export interface Resolution {
  explanation: Explanation;
  /** Reads the chosen credential's secret: main process only, never over the contract. */
  credential(): Promise<RegistryCredential | null>;
}

interface BerthMatch {
  stored: StoredCredential;
  pattern: string;
  specificity: number;
}

function bestBerthMatches(
  credentials: StoredCredential[],
  image: string,
): {
  matches: BerthMatch[];
  notes: Map<string, string>;
} {
  const matches: BerthMatch[] = [];
  const notes = new Map<string, string>();
  for (const stored of credentials) {
    const patterns =
      stored.patterns.length > 0 ? stored.patterns : [defaultPattern(stored.registry)];
    let best: BerthMatch | null = null;
    for (const pattern of patterns) {
      const compiled = compilePattern(pattern);
      if (compiled.matches(image) && (!best || compiled.specificity > best.specificity)) {
        best = { stored, pattern: compiled.pattern, specificity: compiled.specificity };
      }
    }
    if (best) matches.push(best);
    else notes.set(stored.id, `No pattern covers ${image}: ${patterns.join(', ')}`);
  }
  matches.sort((a, b) => b.specificity - a.specificity);
  return { matches, notes };
}

function externalCandidate(found: FoundCredential, note: string): Candidate {
  return {
    source: found.source,
    sourceLabel: found.sourceLabel,
    registry: found.registry,
    username: found.username,
    pattern: null,
    specificity: null,
    credentialId: null,
    note,
    identityToken: found.identityToken,
  };
}

const unanswered = (why: string): ToolAnswer => ({
  verdict: { outcome: 'anonymous', username: null, identityToken: false, sourceLabel: null, why },
  found: null,
  problems: [],
});

/** The credential Berth sends when it uses what another tool found. */
const sent = (found: FoundCredential): RegistryCredential => ({
  username: found.username,
  secret: found.secret,
  source: found.sourceLabel,
  identityToken: found.identityToken,
});

export class CredentialResolver {
  constructor(
    private readonly store: CredentialStore,
    private readonly external: ExternalLookups,
    private readonly envLookup: CredentialLookup,
  ) {}

  /** For the registry client: the credential for a repository, or null for anonymous. */
  async credentialFor(repo: {
    registry: string;
    repository: string;
  }): Promise<RegistryCredential | null> {
    return (await this.resolve(`${repo.registry}/${repo.repository}`)).credential();
  }

  async explain(reference: string): Promise<Explanation> {
    return (await this.resolve(reference)).explanation;
  }

  async resolve(reference: string): Promise<Resolution> {
    const named = parseNormalizedNamed(reference);
    const registry = named.domain;
    const image = `${registry}/${named.path}`;
    const problems: ErrorShape[] = [];

    // The three sources are read at once (a pull waits on this before the engine is asked);
    // their problems are listed in the order the sources are, whichever answered first.
    const envProblems: ErrorShape[] = [];
    const toolProblems: ErrorShape[] = [];
    const [{ credentials }, fromEnv, tools] = await Promise.all([
      this.store.list(),
      this.envLookup({ registry, repository: named.path }).catch((error: unknown) => {
        envProblems.push(toErrorShape(error));
        return null;
      }),
      this.askTools(registry, image, toolProblems),
    ]);
    problems.push(...envProblems, ...toolProblems);
    const { matches, notes } = bestBerthMatches(credentials, image);
    const candidates = berthCandidates(credentials, matches, notes);
    const top = matches[0];
    const tied = top ? matches.filter((m) => m.specificity === top.specificity) : [];

    if (fromEnv) candidates.push(envCandidate(registry, fromEnv));
    const { docker, podman } = tools;
    if (docker.candidate) candidates.push(docker.candidate);
    if (podman.candidate) candidates.push(podman.candidate);

    const conflict =
      tied.length > 1
        ? tied
            .map((m) => candidates.find((c) => c.credentialId === m.stored.id))
            .filter((c): c is Candidate => c !== undefined)
        : [];
    const { chosen, reason, credential } = this.choose({
      image,
      registry,
      candidates,
      tied,
      fromEnv,
      tools,
    });
    return {
      credential,
      explanation: {
        image,
        registry,
        candidates,
        chosen,
        reason,
        conflict,
        otherTools: { docker: docker.candidate, podman: podman.candidate },
        tools: {
          docker: docker.answer.verdict,
          podman: podman.answer.verdict,
          skopeo: tools.skopeo.verdict,
        },
        problems,
      },
    };
  }

  /**
   * What docker, podman and skopeo would send; a lookup that fails is a problem and an
   * anonymous answer, and the tools' own problems are added once each.
   */
  private async askTools(registry: string, image: string, problems: ErrorShape[]) {
    const settle = async (tool: string, lookup: Promise<ToolAnswer>) =>
      lookup.catch((error: unknown) => {
        problems.push(toErrorShape(error));
        return unanswered(
          `Berth could not work out what ${tool} does: ${toErrorShape(error).message}`,
        );
      });
    const [dockerAnswer, podmanAnswer, skopeoAnswer] = await Promise.all([
      settle('docker', this.external.docker(registry)),
      settle('podman', this.external.podman(image)),
      settle('skopeo', (this.external.skopeo ?? this.external.podman)(image)),
    ]);
    for (const p of [
      ...dockerAnswer.problems,
      ...podmanAnswer.problems,
      ...skopeoAnswer.problems,
    ]) {
      if (!problems.some((q) => q.code === p.code && q.message === p.message)) {
        problems.push(p.toShape());
      }
    }
    const tool = (answer: ToolAnswer) => ({
      answer,
      candidate: answer.found ? externalCandidate(answer.found, answer.verdict.why) : null,
    });
    return { docker: tool(dockerAnswer), podman: tool(podmanAnswer), skopeo: skopeoAnswer };
  }

  /**
   * The credential sent: the Berth credential with the most specific pattern (on a tie, the
   * most recently verified), else BERTH_REGISTRY_AUTH, else what docker sends, else podman's.
   */
  private choose(found: {
    image: string;
    registry: string;
    candidates: Candidate[];
    tied: BerthMatch[];
    fromEnv: RegistryCredential | null;
    tools: Awaited<ReturnType<CredentialResolver['askTools']>>;
  }): { chosen: Candidate | null; reason: string; credential: Resolution['credential'] } {
    const { image, registry, candidates, tied, fromEnv } = found;
    const { docker, podman } = found.tools;
    const top = tied[0];
    if (top) {
      const pick =
        tied.sort((a, b) =>
          (b.stored.verification?.at ?? '').localeCompare(a.stored.verification?.at ?? ''),
        )[0] ?? top;
      return {
        chosen: candidates.find((c) => c.credentialId === pick.stored.id) ?? null,
        reason:
          tied.length > 1
            ? `${tied.length} Berth credentials match ${image} equally well: their patterns are as narrow as each other. Berth picked the most recently verified one; make one pattern narrower to settle it.`
            : `The Berth credential ${pick.stored.username}@${pick.stored.registry} has the most specific pattern that matches: ${pick.pattern}.`,
        credential: async () => ({
          username: pick.stored.username,
          secret: await this.store.secretOf(pick.stored),
          source: `berth:${pick.stored.id}`,
          identityToken: pick.stored.identityToken === true,
        }),
      };
    }
    if (fromEnv)
      return {
        chosen: candidates.find((c) => c.source === 'env') ?? null,
        reason: `No Berth credential matches ${image}; BERTH_REGISTRY_AUTH has one for ${registry}.`,
        credential: () => Promise.resolve(fromEnv),
      };
    const dockerFound = docker.answer.found;
    if (dockerFound && docker.candidate)
      return {
        chosen: docker.candidate,
        reason: `No Berth credential matches ${image}; Berth sends what the docker CLI sends: ${docker.answer.verdict.why}.`,
        credential: () => Promise.resolve(sent(dockerFound)),
      };
    const podmanFound = podman.answer.found;
    if (podmanFound && podman.candidate)
      return {
        chosen: podman.candidate,
        reason: `No Berth credential matches ${image} and docker sends none (${docker.answer.verdict.why}); Berth sends what podman sends: ${podman.answer.verdict.why}.`,
        credential: () => Promise.resolve(sent(podmanFound)),
      };
    return {
      chosen: null,
      reason: `No credential from any source applies to ${image}: Berth pulls it anonymously. docker: ${docker.answer.verdict.why} podman: ${podman.answer.verdict.why}`,
      credential: () => Promise.resolve(null),
    };
  }
}

/** Every stored credential as a candidate, with whether (and by which pattern) it covers the image. */
function berthCandidates(
  credentials: StoredCredential[],
  matches: BerthMatch[],
  notes: Map<string, string>,
): Candidate[] {
  return credentials.map((stored) => {
    const match = matches.find((m) => m.stored.id === stored.id);
    return {
      source: 'berth',
      sourceLabel: 'Berth (OS keychain)',
      registry: stored.registry,
      username: stored.username,
      pattern: match?.pattern ?? null,
      specificity: match?.specificity ?? null,
      credentialId: stored.id,
      identityToken: stored.identityToken === true,
      note: match
        ? `Pattern ${match.pattern} covers this image`
        : (notes.get(stored.id) ?? 'Does not match'),
    };
  });
}

function envCandidate(registry: string, fromEnv: RegistryCredential): Candidate {
  return {
    source: 'env',
    sourceLabel: 'BERTH_REGISTRY_AUTH',
    registry,
    username: fromEnv.username,
    pattern: null,
    specificity: null,
    credentialId: null,
    note: `BERTH_REGISTRY_AUTH has an entry for ${registry}`,
  };
}
