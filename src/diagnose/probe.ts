/**
 * The live probe behind `berth doctor <image>` and the automatic diagnosis of a failed pull:
 * every step from parsing the reference to the manifest, timed, with its evidence, run from
 * Berth's side with the credential Berth (and so the engine) would use. Then one verdict.
 * Secrets never enter a step's detail: they live in `credential` only.
 */
import { isEcsTaskPull } from './extract';
import type { Diagnosis, ProbeStep } from '../shared/diagnosis';
import { toErrorShape } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import type { PullCause } from '../shared/pull-causes';
import { parseNormalizedNamed, registryApiHost } from '../shared/reference';
import { presetForRegistry } from '../shared/registry-presets';
import type { RegistryClient, RegistryConnection } from '../registry';
import type { CredentialResolver, CredentialStore, Resolution } from '../credentials';
import type { Explanation, LoginReport } from '../shared/credentials';
import { fixFor } from './fixes';
import type { FixContext } from './fixes';
import { classifyMessage } from './classify-message';
import { isPublicRegistryHost, readMessage } from './read-message';
import type { MessageContext } from './read-message';
import { remediesFor } from './remedies';
import type { EngineRegistryView } from '../engine';
import { engineViewSteps } from './engine-view';
import { networkSteps } from './probe-network';
import type { EngineProxyOrigin } from './engine-proxy';
import { registrySteps } from './probe-registry';
import { probeRecord } from './probe-steps';
import type { Facts, ProbeRecord } from './probe-steps';

export interface ProbeDeps {
  registry: RegistryClient;
  resolver: CredentialResolver;
  store: CredentialStore;
  /**
   * The engine's platform (linux/amd64) and whether it answers; null when unknown. With its
   * registry settings, the probe also says where the engine's view differs from Berth's.
   */
  engine: () => Promise<{
    up: boolean;
    platform: string | null;
    detail: string;
    registries?: EngineRegistryView | null;
    /** The local dockerd's proxy variables and where each is set, when Berth can read them. */
    proxyOrigin?: EngineProxyOrigin | null;
  }>;
  /** Berth's own proxy settings (HTTPS_PROXY, HTTP_PROXY); process.env when absent. */
  proxyEnv?: Record<string, string | undefined>;
  /** Budget of the network steps that can hang (DNS, TCP, TLS). */
  stepTimeoutMs?: number;
  /**
   * The CAs, client certificate and proxy registry HTTP uses for a registry: the probe says
   * which applied and connects with them. Absent: Node's roots, direct.
   */
  connection?: (registry: string) => Promise<RegistryConnection>;
}

export interface ProbeOptions {
  /** The engine's error text, when diagnosing a pull that failed. */
  message?: string;
  platform?: string;
}

export async function diagnoseLive(
  reference: string,
  deps: ProbeDeps,
  options: ProbeOptions = {},
): Promise<Diagnosis> {
  const probe = probeRecord(deps.stepTimeoutMs ?? 5000);
  const { steps, facts } = probe;

  // 1. The reference.
  let named: NamedReference;
  try {
    named = parseNormalizedNamed(reference);
  } catch (error) {
    return invalidReference(reference, toErrorShape(error), steps);
  }
  const registry = named.domain;
  const tag = named.digest || named.tag || 'latest';
  const image = `${registry}/${named.path}:${named.tag || 'latest'}${named.digest ? `@${named.digest}` : ''}`;
  steps.push({ name: 'reference', ok: true, ms: 0, detail: image });
  const apiHost = registryApiHost(registry);
  const base = new URL(deps.registry.baseUrl(registry));

  // 2. The engine, whose platform decides which image of an index is pulled.
  const engine = await engineStep(deps, probe);
  const wantedPlatform = options.platform ?? engine.platform;

  // 3. The credential, and where it comes from.
  const resolution = await deps.resolver.resolve(reference);
  const credential = await credentialStep(resolution, probe);

  // The transport: which CAs, client certificate and proxy apply (as a pull's registry calls).
  const connection = await connectionStep(deps, registry, probe);

  // 4-6. DNS, TCP, TLS.
  const addresses = await networkSteps({ base, apiHost, connection }, probe);

  // Also when DNS failed: the engine may still reach the registry another way (mirrors, a proxy).
  if (engine.registries) {
    engineViewStep(
      deps,
      engine.registries,
      { registry, base, apiHost, addresses, proxyOrigin: engine.proxyOrigin ?? null },
      probe,
    );
  }

  // 7-12. The registry API: login, manifest, platforms.
  if (!facts.dns && !facts.tcp && !facts.tls) {
    await registrySteps(
      {
        client: deps.registry,
        registry,
        repository: named.path,
        tag,
        sample: `${registry}/${named.path}${named.digest ? `@${named.digest}` : `:${tag}`}`,
        credential,
        wantedPlatform,
      },
      probe,
    );
  }

  // The verdict.
  const ctx = await liveFixContext(deps, resolution.explanation, facts, {
    registry,
    repository: named.path,
    reference: tag,
    wantedPlatform,
    hadCredential: Boolean(credential),
  });
  const { cause, alternatives, summary, healthy, fixHost } = verdict(
    facts,
    ctx,
    Boolean(credential),
    options.message,
  );
  const fixed = fixFor(cause, {
    ...ctx,
    ...(facts.unrouted ? { noRoute: facts.unrouted } : {}),
    ...(fixHost ? { registry: fixHost } : {}),
  });
  const aligned = healthy ? alignTools(resolution.explanation, ctx.registry) : null;
  const transport = connection?.view;
  return {
    image,
    cause,
    alternatives,
    summary: aligned ? `${summary} ${aligned.summary}` : summary,
    fix: healthy ? (aligned?.fix ?? []) : fixed.fix,
    steps,
    docs: healthy ? [] : fixed.docs,
    mode: 'live',
    ...(transport ? { transport } : {}),
    ...(healthy ? { healthy: true } : {}),
  };
}

type NamedReference = ReturnType<typeof parseNormalizedNamed>;
type EngineState = Awaited<ReturnType<ProbeDeps['engine']>>;

/** 2. Whether the engine answers, and its platform. */
async function engineStep(deps: ProbeDeps, probe: ProbeRecord): Promise<EngineState> {
  const engine: EngineState = await deps.engine().catch(() => ({
    up: false,
    platform: null,
    detail: 'The engine did not answer.',
    registries: null,
  }));
  probe.steps.push({ name: 'engine', ok: engine.up, ms: 0, detail: engine.detail });
  probe.facts.engineDown = !engine.up;
  return engine;
}

/** The CAs, client certificate and proxy registry HTTP uses here, when the host provides them. */
async function connectionStep(
  deps: ProbeDeps,
  registry: string,
  probe: ProbeRecord,
): Promise<RegistryConnection | undefined> {
  if (!deps.connection) return undefined;
  let connection: RegistryConnection | undefined;
  const made = await probe.step('connection', async () => {
    connection = await deps.connection?.(registry);
    return { ok: true, detail: connection?.view.summary ?? '' };
  });
  if (!made.ok) probe.facts.tls = made.detail;
  return connection;
}

/** Where the engine's own registry settings (mirrors, insecure, proxy) differ from Berth's. */
function engineViewStep(
  deps: ProbeDeps,
  registries: EngineRegistryView,
  at: {
    registry: string;
    base: URL;
    apiHost: string;
    addresses: Awaited<ReturnType<typeof networkSteps>>;
    proxyOrigin: EngineProxyOrigin | null;
  },
  probe: ProbeRecord,
): void {
  const { registry, base, apiHost, addresses, proxyOrigin } = at;
  const env = deps.proxyEnv ?? process.env;
  const plain = base.protocol === 'http:';
  const berthProxy = plain
    ? (env.HTTP_PROXY ?? env.http_proxy)
    : (env.HTTPS_PROXY ?? env.https_proxy);
  const view = engineViewSteps({
    view: registries,
    registry,
    hostname: base.hostname.replace(/^\[|\]$/g, ''),
    addresses,
    berthPlainHttp: plain,
    berthProxy: berthProxy || null,
    dockerHub: apiHost === 'registry-1.docker.io',
    proxyOrigin,
  });
  probe.steps.push(...view.steps);
  probe.facts.engineView = view.facts;
}

/** What the fixes need: the credential chosen, patterns that miss the image, token age. */
async function liveFixContext(
  deps: ProbeDeps,
  explanation: Explanation,
  facts: Facts,
  asked: {
    registry: string;
    repository: string;
    reference: string;
    wantedPlatform: string | null;
    hadCredential: boolean;
  },
): Promise<LiveFixContext> {
  const { registry, repository, reference, wantedPlatform, hadCredential } = asked;
  const stored = (await deps.store.list()).credentials;
  const chosenStored = stored.find((c) => c.id === explanation.chosen?.credentialId);
  return {
    registry,
    repository,
    reference,
    credentialSource: explanation.chosen?.sourceLabel ?? null,
    username: explanation.chosen?.username ?? null,
    uncoveredPatterns: explanation.chosen
      ? []
      : stored
          .filter((c) => c.registry === registry && c.patterns.length > 0)
          .flatMap((c) => c.patterns),
    tokenAgeHours: chosenStored
      ? (Date.now() - Date.parse(chosenStored.secretSetAt)) / 3_600_000
      : null,
    wantedPlatform,
    offeredPlatforms: facts.platforms ?? [],
    publicAnonymously: hadCredential && facts.anonymous?.ok === true,
    insecureRegistry: facts.engineView?.insecureMissing ? registry : null,
    engineProxy: facts.engineView?.engineOnlyProxy ?? null,
    berthOnlyProxy: facts.engineView?.shellOnlyProxy ?? null,
  };
}

/** A reference that does not parse: the probe ends at its first step. */
function invalidReference(reference: string, shape: ErrorShape, steps: ProbeStep[]): Diagnosis {
  steps.push({ name: 'reference', ok: false, ms: 0, detail: shape.message });
  return {
    image: reference,
    cause: 'unknown',
    alternatives: [],
    summary: `"${reference}" is not a valid image reference: ${shape.message}`,
    fix: [
      shape.hint ?? 'Write it as [registry/]repository[:tag][@digest], e.g. ghcr.io/org/app:1.2.',
    ],
    steps,
    docs: [],
    mode: 'live',
  };
}

/** 3. The credential Berth would send, and a broken credential helper if there is one. */
async function credentialStep(
  resolution: Resolution,
  probe: ProbeRecord,
): Promise<{ username: string; secret: string } | null> {
  const { explanation } = resolution;
  const helperProblem = explanation.problems.find((p) => p.code.startsWith('credentials.helper'));
  let credential: { username: string; secret: string } | null = null;
  const read = await probe.step('credential', async () => {
    credential = await resolution.credential();
    if (helperProblem) probe.facts.helperProblem = helperProblem;
    const chosen = explanation.chosen;
    return {
      ok: !helperProblem || chosen !== null,
      detail: chosen
        ? `${chosen.username} from ${chosen.sourceLabel}${helperProblem ? `; also: ${helperProblem.message}` : ''}`
        : helperProblem
          ? helperProblem.message
          : 'none: anonymous',
    };
  });
  if (!read.ok && 'error' in read && read.error.code.startsWith('keychain.'))
    probe.facts.keychain = read.error;
  return credential;
}

/** In the live probe the reference parsed, so host, repository and tag are all known. */
type LiveFixContext = FixContext & { registry: string; repository: string; reference: string };

interface Verdict {
  cause: PullCause;
  alternatives: PullCause[];
  summary: string;
  healthy?: boolean;
  /** The host the fix is about, when not the registry (its token service, its blob storage). */
  fixHost?: string;
}

function one(cause: PullCause, summary: string, alternatives: PullCause[] = []): Verdict {
  return { cause, summary, alternatives };
}

/**
 * The first failed step decides, in the order a pull meets them: the way to the registry, the
 * login, the manifest and the engine; then the pasted error, if the registry serves the image.
 */
function verdict(
  facts: Facts,
  ctx: LiveFixContext,
  hadCredential: boolean,
  message: string | undefined,
): Verdict {
  const image = `${ctx.registry}/${ctx.repository}:${ctx.reference}`;
  return (
    transportVerdict(facts, ctx, image) ??
    loginVerdict(facts, ctx, image, hadCredential) ??
    manifestVerdict(facts, ctx, image) ??
    (message
      ? (shellProxyVerdict(facts, ctx, message) ?? messageVerdict(message, ctx, image))
      : healthyVerdict(ctx, image))
  );
}

/** DNS, TCP, TLS, the API ping, the engine's transport settings, the rate limit. */
function transportVerdict(facts: Facts, ctx: LiveFixContext, image: string): Verdict | null {
  if (facts.dns === 'offline')
    return one(
      'offline',
      `The registry name of ${image} cannot be looked up: this machine has no route to its DNS servers, so it is not on any network.`,
      ['dns'],
    );
  if (facts.dns) return one('dns', `The registry name of ${image} does not resolve.`);
  // No route to the address: for a public registry, no network (read-message.ts's offlineSigns
  // reads Go's "network is unreachable" the same way); for a private one, its network (a VPN, an
  // office LAN) is not connected.
  if (facts.tcp === 'offline')
    return isPublicRegistryHost(ctx.registry)
      ? one(
          'offline',
          `This machine has no route to ${ctx.registry}'s address: it has no network (no default gateway).`,
          ['unreachable'],
        )
      : one(
          'unreachable',
          `This machine has no route to ${ctx.registry}'s address: the network it is on (a VPN, an office network) is not connected.`,
          ['offline'],
        );
  if (facts.tcp === 'refused') return one('unreachable', `${ctx.registry} refuses connections.`);
  if (facts.tcp === 'timeout')
    return one('timeout', `${ctx.registry} does not answer: the connection times out.`);
  if (facts.tcp) return one('unreachable', `${ctx.registry} cannot be reached.`);
  if (facts.tls) return one('tls', `The TLS connection to ${ctx.registry} fails: ${facts.tls}`);
  if (facts.ping)
    return one(facts.ping, `${ctx.registry} does not answer the registry API in time.`);
  if (facts.engineView?.insecureMissing)
    return one(
      'insecure_registry',
      `${ctx.registry} serves plain HTTP, but the engine is not configured to allow that (it is not among its insecure registries): the engine will insist on HTTPS.`,
    );
  if (facts.rateLimited)
    return one('rate_limited', `${ctx.registry} is rate-limiting pulls from here.`);
  return null;
}

/** The keychain, the credential helper, and the token/pull-access answers to the login. */
function loginVerdict(
  facts: Facts,
  ctx: LiveFixContext,
  image: string,
  hadCredential: boolean,
): Verdict | null {
  const kind = presetForRegistry(ctx.registry);
  const withCred = facts.withCredential;
  const anon = facts.anonymous;
  // The keychain would not give the stored secret: the pull goes without it.
  if (facts.keychain && !withCred?.ok)
    return one(
      'keychain_unavailable',
      `A credential for ${ctx.registry} is stored, but the OS keychain cannot give it now: ${facts.keychain.message}`,
      ['no_credentials'],
    );
  const elsewhere = otherHostFailure(withCred ?? anon, ctx.registry);
  if (elsewhere) return elsewhere;
  // An answer that is not about the credential: the registry slow, failing or unreadable.
  const failed = withCred && !withCred.ok ? registryFailure(withCred.error?.code ?? '') : null;
  if (failed)
    return one(
      failed,
      `${ctx.registry} did not give a usable answer at the ${withCred?.failedStep ?? 'login'} step: ${withCred?.error?.message ?? ''}`.trim(),
    );
  // A broken helper hides the credential docker would send: that is the cause, not its absence.
  if (facts.helperProblem && !hadCredential && !withCred?.ok) {
    return one('credential_helper', facts.helperProblem.message, ['no_credentials']);
  }
  if (withCred && !withCred.ok) {
    const code = withCred.error?.code ?? '';
    const step = withCred.failedStep;
    if (hadCredential && (step === 'token' || step === 'authenticate')) {
      const expired = kind === 'ecr' && ctx.tokenAgeHours !== null && ctx.tokenAgeHours > 12;
      const cause: PullCause = expired ? 'expired_credentials' : 'bad_credentials';
      if (anon?.ok) {
        return one(
          cause,
          `The stored credential (${ctx.credentialSource}) is refused, but ${image} is public and pulls anonymously: a stale login is breaking a public pull.`,
        );
      }
      return one(
        cause,
        `${ctx.registry} refuses the credential from ${ctx.credentialSource}${expired ? ` — the ECR token is ${ctx.tokenAgeHours?.toFixed(1)} h old` : ''}.`,
      );
    }
    if (step === 'pull-access') {
      if (anon?.ok) {
        return one(
          'bad_credentials',
          `The stored credential (${ctx.credentialSource}) may not pull ${ctx.repository}, yet the image is public: the stale login breaks the pull.`,
        );
      }
      if (code === 'registry.name_unknown')
        return one('repo_not_found', `${ctx.registry} has no repository ${ctx.repository}.`);
      if (code === 'registry.tag_unknown')
        return one('tag_not_found', `${ctx.repository} has no tag ${ctx.reference}.`);
      if (hadCredential) {
        return one(
          'insufficient_scope',
          `The credential from ${ctx.credentialSource} is valid but may not pull ${ctx.repository}.`,
          kind === 'dockerhub' ? ['repo_not_found'] : [],
        );
      }
      // Docker Hub (and others) answer "denied" both for a private repo and a missing one.
      return one(
        'no_credentials',
        `${ctx.registry} wants credentials for ${ctx.repository} and none apply.`,
        ['repo_not_found'],
      );
    }
    if (!hadCredential && step === 'authenticate')
      return one('no_credentials', `${ctx.registry} wants credentials and none apply to ${image}.`);
  }
  return null;
}

/** The manifest and platform, then what only the engine's side can break. */
function manifestVerdict(facts: Facts, ctx: LiveFixContext, image: string): Verdict | null {
  const withCred = facts.withCredential;
  if (facts.manifest === 'repo_not_found')
    return one('repo_not_found', `${ctx.registry} has no repository ${ctx.repository}.`);
  if (facts.manifest === 'tag_not_found')
    return one('tag_not_found', `${ctx.repository} exists but has no tag ${ctx.reference}.`);
  if (facts.manifest === 'failed') {
    const code = facts.manifestError?.code ?? '';
    const cause =
      code === 'registry.bad_response' || code === 'registry.digest_mismatch'
        ? 'invalid_manifest'
        : (registryFailure(code) ?? 'registry_error');
    return one(
      cause,
      `${ctx.registry} lets ${ctx.credentialSource ?? 'an anonymous client'} in, but its manifest for ${image} cannot be used: ${facts.manifestError?.message ?? 'it could not be read'}`,
    );
  }
  if (facts.platformMatch === false)
    return one('platform_mismatch', `${image} has no image for ${ctx.wantedPlatform}.`);
  if (facts.helperProblem && !withCred?.ok)
    return one('credential_helper', facts.helperProblem.message);
  if (facts.engineDown)
    return one(
      'daemon_down',
      'The registry serves the image, but the container engine is not running.',
    );
  if (facts.engineView?.engineOnlyProxy)
    return one(
      'proxy',
      `${ctx.registry} serves ${image} to Berth directly, but the engine goes through the proxy ${facts.engineView.engineOnlyProxy}.`,
    );
  return null;
}

/** Network failures the engine hits while Berth, through its proxy, gets through. */
const NETWORK_CAUSES = new Set(['timeout', 'unreachable', 'offline', 'dns', 'proxy']);

/**
 * The registry serves the image to Berth through Berth's proxy, the engine has none and its
 * pull failed on the network: the missing proxy is the cause.
 */
function shellProxyVerdict(facts: Facts, ctx: LiveFixContext, message: string): Verdict | null {
  const shell = facts.engineView?.shellOnlyProxy;
  if (!shell || !NETWORK_CAUSES.has(classifyMessage(message).cause)) return null;
  return one(
    'proxy',
    `${ctx.registry} answers Berth through the proxy ${shell}, but the engine has no proxy for it and connects directly, which fails.`,
  );
}

/** The registry serves the image: the pasted error is about the puller that failed. */
function messageVerdict(message: string, ctx: LiveFixContext, image: string): Verdict {
  const offline = classifyMessage(message);
  // The registry serves the image to Berth's login, and the pasted pull was refused access: that
  // pull went without this login (kubelet and docker read their own stores, not Berth's). Berth's
  // pull is healthy; what the other puller needs is said, not a cause the registry disproved.
  if (ctx.username && ACCESS_REFUSALS.has(offline.cause)) {
    return {
      ...one(
        'unknown',
        `Healthy: ${ctx.registry} serves ${image}, and Berth pulls it as ${ctx.username} (from ${ctx.credentialSource}). The pasted error came from a pull without this login: ${otherPullerStep(message, ctx.registry, image)}`,
      ),
      healthy: true,
    };
  }
  // Content trust's refusal is the docker CLI's own, before any engine was asked.
  const speaker =
    offline.cause === 'content_trust'
      ? "the docker CLI's content trust check"
      : "the engine's error";
  return one(
    offline.cause,
    `The registry serves ${image} to Berth; ${speaker} says: ${offline.evidence || message.slice(0, 200)}`,
    offline.alternatives,
  );
}

function healthyVerdict(ctx: LiveFixContext, image: string): Verdict {
  return {
    ...one(
      'unknown',
      `Healthy: ${ctx.registry} serves ${image}, and Berth pulls it ${ctx.username ? `as ${ctx.username} (from ${ctx.credentialSource})` : 'anonymously'}.`,
    ),
    healthy: true,
  };
}

/** Causes of a refused pull that a login the registry accepts disproves. */
const ACCESS_REFUSALS = new Set<PullCause>([
  'no_credentials',
  'bad_credentials',
  'expired_credentials',
  'insufficient_scope',
  'repo_not_found',
]);

/** What the puller of a pasted error needs, to send the login Berth's pull uses. */
function otherPullerStep(message: string, registry: string, image: string): string {
  if (/kubelet|ErrImagePull|ImagePullBackOff|Failed to pull image "/.test(message))
    return `kubelet does not read Berth's keychain; give the pod an imagePullSecret (berth creds export ${registry} -o pull-secret.yaml --image ${image}, kubectl apply -f pull-secret.yaml, then imagePullSecrets in the pod spec).`;
  return `a terminal docker pull sends what docker's own config holds; pull from Berth (berth pull ${image}) or log docker in too (docker login ${registry}).`;
}

/** How a connection to a host fails, from the socket's code (Node's errno and TLS codes). */
function connectionFailure(code: string): PullCause {
  if (/^(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/.test(code)) return 'dns';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (/CERT|^ERR_TLS|^ERR_SSL|^UNABLE_TO_/.test(code)) return 'tls';
  return 'unreachable';
}

/**
 * The registry answered, but a host it sent the client to did not: the token service its
 * challenge names (auth.docker.io for Docker Hub), or the storage a redirect points at. The
 * network steps passed for the registry's own name, so the cause is that host's, and its fix
 * must name it (a dns fix for the registry would say "check the spelling" of a name that works).
 */
function otherHostFailure(report: LoginReport | undefined, registry: string): Verdict | null {
  const error = report && !report.ok ? report.error : undefined;
  const host = typeof error?.details?.host === 'string' ? error.details.host : null;
  if (!error || !host || host === registryApiHost(registry) || host === registry) return null;
  const timedOut = error.code === 'registry.timeout';
  if (!timedOut && error.code !== 'registry.unreachable') return null;
  const code = typeof error.details?.cause === 'string' ? error.details.cause : '';
  const role = report?.failedStep === 'token' ? 'its token service' : 'a host it sent Berth to';
  return {
    cause: timedOut ? 'timeout' : connectionFailure(code),
    alternatives: [],
    summary: `${registry} answered, but ${role}, ${host}, did not: ${error.message}`,
    fixHost: host,
  };
}

/** A login-flow failure that is the registry's, not the credential's: the cause it shows. */
function registryFailure(code: string): PullCause | null {
  if (code.startsWith('keychain.')) return 'keychain_unavailable';
  switch (code) {
    case 'registry.timeout':
      return 'timeout';
    case 'registry.unreachable':
      return 'unreachable';
    case 'registry.rate_limited':
      return 'rate_limited';
    case 'registry.digest_mismatch':
      return 'invalid_manifest';
    case 'registry.unavailable':
    case 'registry.bad_response':
    case 'registry.body_too_large':
    case 'registry.too_many_redirects':
    case 'registry.not_a_registry':
    case 'registry.bad_challenge':
    case 'registry.insecure_realm': // a plain-HTTP token service: the registry's setup
      return 'registry_error';
    default:
      return null;
  }
}

/**
 * On a healthy image: whether a terminal `docker pull` or `podman pull` would send the same
 * credential (their own rules, from the explainer), and how to align them when not.
 */
function alignTools(
  explanation: Explanation,
  registry: string,
): { summary: string; fix: string[] } | null {
  const tools = explanation.tools;
  if (!tools) return null;
  const berthUser = explanation.chosen?.username ?? null;
  const differing = (['docker', 'podman'] as const).filter((name) => {
    const v = tools[name].newer ?? tools[name];
    return v.outcome === 'fails' || (v.outcome === 'credential' ? v.username : null) !== berthUser;
  });
  if (differing.length === 0)
    return { summary: 'docker and podman would send the same credential.', fix: [] };
  const said = differing.map((name) => {
    const v = tools[name].newer ?? tools[name];
    const what =
      v.outcome === 'fails'
        ? `fail before asking the registry (${v.why})`
        : v.outcome === 'anonymous'
          ? 'go anonymously'
          : `send ${v.username} (from ${v.sourceLabel})`;
    return `a terminal \`${name} pull\` would ${what}`;
  });
  if (!berthUser)
    return {
      summary: `But ${said.join(', and ')}: if that login is stale, the terminal pull fails where Berth's anonymous one works (\`${differing[0]} logout ${registry}\` aligns it).`,
      fix: [],
    };
  return {
    summary: `But ${said.join(', and ')}, so it may fail where Berth succeeds.`,
    fix: differing.map((name) => `${name} login ${registry} -u ${berthUser}`),
  };
}

/** The region in an AWS endpoint the message names (api.ecr.us-east-1.amazonaws.com). */
const AWS_REGION = /\.([a-z]{2}(?:-[a-z]+){1,2}-\d)\.amazonaws\.com\b/;

/** The address in Go's "dial tcp <address>:<port>: connect: network is unreachable". */
const UNROUTED_DIAL =
  /dial tcp \[?([\da-f.:]{2,45}?)\]?:\d{1,5}: (?:connect: )?network is unreachable/i;

function offlineContext(reading: {
  host: string | null;
  reference: { repository: string | null; tag: string | null; digest: string | null } | null;
  platform?: string | null;
  ruleId?: string | null;
  message?: string;
  /** Who spoke, as extraction read it (`kubelet`, `docker`, …). */
  engine?: string | null;
}): FixContext {
  const ref = reading.reference;
  // Only an address: `ip route get` takes no name.
  const unrouted =
    reading.ruleId === 'network-unreachable'
      ? UNROUTED_DIAL.exec(reading.message ?? '')?.[1]
      : undefined;
  return {
    ...(reading.ruleId === 'google-front-end-refusal' ? { frontEndRefusal: true } : {}),
    ...(reading.ruleId === 'content-trust-server-unreachable' ||
    reading.ruleId === 'content-trust-server-unauthorized'
      ? { notaryServerFailed: true }
      : {}),
    ...(reading.ruleId === 'gitlab-job-token-refused' ? { gitlabJobToken: true } : {}),
    ...(reading.ruleId === 'engine-no-such-image' ? { notOnEngine: true } : {}),
    ...(unrouted ? { noRoute: unrouted } : {}),
    ...(reading.message && isEcsTaskPull(reading.message)
      ? { ecsTask: { region: AWS_REGION.exec(reading.message)?.[1] ?? null } }
      : {}),
    ...(reading.engine === 'kubelet' ? { kubelet: true } : {}),
    registry: reading.host,
    repository: ref && ref.repository ? ref.repository : null,
    reference: ref ? (ref.digest ?? ref.tag) : null,
    credentialSource: null,
    username: null,
    uncoveredPatterns: [],
    tokenAgeHours: null,
    wantedPlatform: reading.platform ?? null,
    offeredPlatforms: [],
  };
}

/** A cause known without a message (the engine down, a registry that never answered). */
export function diagnoseCause(cause: PullCause, image: string, summary: string): Diagnosis {
  const reading = readMessage('', { image });
  const { fix, docs } = fixFor(cause, offlineContext(reading));
  return { image, cause, alternatives: [], summary, fix, steps: [], docs, mode: 'offline' };
}

/**
 * Offline: the error text alone (plus, when the host knows it, whether a credential is stored
 * for the registry). What the text names goes into the verdict, the fixes and `extracted`.
 */
export function diagnoseMessage(
  message: string,
  image = '',
  context: Omit<MessageContext, 'image'> = {},
): Diagnosis {
  const reading = readMessage(message, { ...context, ...(image ? { image } : {}) });
  const c = reading.classification;
  const ctx = offlineContext({
    ...reading,
    platform: reading.extracted.platform,
    ruleId: reading.classification.ruleId,
    message,
    engine: reading.extracted.engine,
  });
  const { fix, docs } = fixFor(reading.cause, ctx);
  const { located: _located, ...extracted } = reading.extracted;
  const named = reading.reference?.image ?? (image || '');
  return {
    image: named,
    cause: reading.cause,
    alternatives: reading.alternatives,
    summary: c.ruleId
      ? `Recognised (${c.ruleId}): ${c.evidence}${reading.tieBreak ? ` — ${reading.tieBreak}` : ''}`
      : 'No known pattern in this message.',
    fix,
    steps: [
      {
        name: 'classify',
        ok: c.ruleId !== null,
        ms: 0,
        detail: c.ruleId
          ? `rule ${c.ruleId}${reading.host ? `, registry ${reading.host}` : c.registry ? `, registry ${c.registry}` : ''}`
          : 'no rule matched',
      },
    ],
    docs,
    mode: 'offline',
    extracted,
    remedies: remediesFor(reading.cause, {
      host: reading.host,
      image: reading.reference?.image ?? null,
      username: null,
      message,
    }),
  };
}
