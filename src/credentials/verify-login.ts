/**
 * "Test login": the real handshake, step by step, so a failure says where it broke.
 *   ping          GET /v2/ without credentials
 *   challenge     the WWW-Authenticate answer: Basic, or Bearer with realm, service, scope
 *   token         Bearer only: a token from the realm, scoped to the sample image when given
 *   authenticate  GET /v2/ again with the credential (Basic) or the token (Bearer)
 *   pull-access   with a sample image: its manifest (or tag list) answers with that auth
 * Challenge parsing and the token flow are the registry client's; this only sequences them.
 */
import type { LoginReport, LoginStep } from '../shared/credentials';
import { BerthError, toErrorShape } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import { parseNormalizedNamed } from '../shared/reference';
import { exchange, parseChallenges, basicAuthorization, fetchToken, refusal } from '../registry';
import type { Credential, RegistryClient } from '../registry';

class StepFailure extends Error {
  constructor(readonly shape: ErrorShape) {
    super(shape.message);
  }
}

/** The image the pull-access step reads, on the registry tested. */
interface Sample {
  repository: string;
  reference: string;
  isTag: boolean;
}

/** One test's fixed facts, and the steps it has taken so far. */
interface Login {
  client: RegistryClient;
  registry: string;
  credential: Credential | null;
  base: string;
  limits: { timeoutMs: number; maxBytes: number };
  steps: LoginStep[];
}

type Challenge = ReturnType<typeof parseChallenges>[number];

/** Runs one step and records it; a failure is recorded, tagged with the step, and ends the test. */
async function step(login: Login, name: LoginStep['name'], run: () => Promise<string>) {
  const started = performance.now();
  try {
    const detail = await run();
    login.steps.push({ name, ok: true, ms: Math.round(performance.now() - started), detail });
  } catch (error) {
    const shape = error instanceof StepFailure ? error.shape : toErrorShape(error);
    login.steps.push({
      name,
      ok: false,
      ms: Math.round(performance.now() - started),
      detail: shape.message,
    });
    throw new StepFailure({ ...shape, details: { ...shape.details, step: name } });
  }
}

function fail(registry: string, code: string, message: string, hint?: string): never {
  throw new StepFailure(new BerthError(code, message, hint, { host: registry }).toShape());
}

export async function verifyLogin(
  client: RegistryClient,
  registry: string,
  credential: Credential | null,
  sampleImage?: string,
): Promise<LoginReport> {
  const login: Login = {
    client,
    registry,
    credential,
    base: client.baseUrl(registry),
    limits: { timeoutMs: client.timeoutMs, maxBytes: 256 * 1024 },
    steps: [],
  };
  const { steps } = login;
  let scheme: LoginReport['scheme'] = 'unknown';
  try {
    const sample = sampleImage ? sampleOf(registry, sampleImage) : null;
    const challenge = await ping(login);
    const challenges = parseChallenges(challenge);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    scheme = challenge === null ? 'none' : bearer ? 'bearer' : basic ? 'basic' : 'unknown';
    let authorization: string | undefined;
    if (scheme !== 'none') {
      await describeChallenge(login, challenge, bearer, basic);
      authorization = await authorize(login, scheme, bearer, sample);
      await authenticate(login, scheme, authorization, sample);
    }
    if (sample) await checkPullAccess(login, sample, authorization);
    return { registry, ok: true, scheme, steps, failedStep: null, error: null };
  } catch (error) {
    const shape = error instanceof StepFailure ? error.shape : toErrorShape(error);
    const failedStep = typeof shape.details?.step === 'string' ? shape.details.step : 'sample';
    return { registry, ok: false, scheme, steps, failedStep, error: shape };
  }
}

/** The sample image as repository and reference; it must be on the registry tested. */
function sampleOf(registry: string, sampleImage: string): Sample {
  const named = parseNormalizedNamed(sampleImage);
  if (named.domain !== registry) {
    fail(
      registry,
      'credentials.sample_elsewhere',
      `The sample image ${sampleImage} is on ${named.domain}, not ${registry}.`,
      `Give an image on ${registry}, e.g. ${registry}/team/app:latest.`,
    );
  }
  return {
    repository: named.path,
    reference: named.digest || named.tag || 'latest',
    isTag: !named.digest,
  };
}

/** GET /v2/ without credentials: the challenge it answers with; null when it asks for none. */
async function ping(login: Login): Promise<string | null> {
  const { client, registry, base, limits } = login;
  let challenge: string | null = null;
  await step(login, 'ping', async () => {
    const answer = await exchange(client.fetch, `${base}/v2/`, {
      ...limits,
      what: 'the /v2/ ping',
    });
    if (answer.status === 200)
      return `${base}/v2/ answered 200: the registry asks for no credentials`;
    if (answer.status !== 401) {
      return fail(
        registry,
        'registry.not_a_registry',
        `${base}/v2/ answered HTTP ${answer.status}, not 200 or 401: this is not a Docker registry API.`,
        'Check the host and port: the registry host is what you write in image names, e.g. ghcr.io.',
      );
    }
    challenge = answer.headers.get('www-authenticate');
    return `${base}/v2/ answered 401: credentials are required`;
  });
  return challenge;
}

/** The challenge step: what the registry asks for, or that Berth cannot use it. */
function describeChallenge(
  login: Login,
  challenge: string | null,
  bearer: Challenge | undefined,
  basic: Challenge | undefined,
) {
  return step(login, 'challenge', () => {
    if (bearer) {
      const p = bearer.params;
      return Promise.resolve(
        `Bearer realm=${p.realm ?? '(none)'} service=${p.service ?? '(none)'}${p.scope ? ` scope=${p.scope}` : ''}`,
      );
    }
    if (basic) return Promise.resolve(`Basic realm=${basic.params.realm ?? '(none)'}`);
    return fail(
      login.registry,
      'registry.bad_challenge',
      `The registry answered 401 with a challenge Berth cannot use: ${String(challenge).slice(0, 200)}`,
    );
  });
}

/**
 * The Authorization header to send: a token from the realm (Bearer, the token step), scoped to
 * the sample when given, or the credential itself (Basic).
 */
async function authorize(
  login: Login,
  scheme: LoginReport['scheme'],
  bearer: Challenge | undefined,
  sample: Sample | null,
): Promise<string | undefined> {
  const { client, registry, credential } = login;
  if (scheme === 'bearer' && bearer) {
    const scope = sample ? `repository:${sample.repository}:pull` : '';
    let authorization: string | undefined;
    await step(login, 'token', async () => {
      const issued = await fetchToken(client.fetch, registry, bearer, scope, credential, {
        timeoutMs: client.timeoutMs,
        insecure: client.isInsecure(registry),
      });
      authorization = `Bearer ${issued.token}`;
      const life = issued.expiresIn ? `, valid ${issued.expiresIn} s` : '';
      const who = credential ? `"${credential.username}"` : 'anonymous';
      return `The token service issued a ${who} token${scope ? ` for ${scope}` : ''}${life}`;
    });
    return authorization;
  }
  if (scheme !== 'basic') return undefined;
  if (credential) return basicAuthorization(credential);
  return step(login, 'authenticate', () =>
    fail(
      registry,
      'registry.unauthorized',
      `${registry} uses Basic auth and no credential was given.`,
      `Add a credential for ${registry}.`,
    ),
  ).then(() => undefined);
}

/** GET /v2/ again with the credential (Basic) or the token (Bearer). */
function authenticate(
  login: Login,
  scheme: LoginReport['scheme'],
  authorization: string | undefined,
  sample: Sample | null,
) {
  const { client, registry, credential, base, limits } = login;
  return step(login, 'authenticate', async () => {
    const answer = await exchange(client.fetch, `${base}/v2/`, {
      ...limits,
      what: 'the authenticated /v2/ ping',
      ...(authorization ? { authorization } : {}),
    });
    if (answer.status === 200)
      return `${base}/v2/ accepted the ${scheme === 'basic' ? 'credential' : 'token'}`;
    if (scheme === 'basic' && credential) {
      return fail(
        registry,
        'registry.unauthorized',
        `${registry} refused the username or password for "${credential.username}".`,
        'Check the username and secret: many registries want an access token, not the account password.',
      );
    }
    // Registries may refuse a scope-less token at /v2/ yet accept it for a repository.
    if (sample) return `${base}/v2/ answered ${answer.status} to the token; the pull check decides`;
    return fail(
      registry,
      'registry.unauthorized',
      `${registry} answered HTTP ${answer.status} to the token at /v2/.`,
      'Give a sample image so Berth can check pull access to a repository instead.',
    );
  });
}

/** HEAD the sample's manifest with that authorization: readable, or a missing tag, or refused. */
function checkPullAccess(login: Login, sample: Sample, authorization: string | undefined) {
  const { client, registry, credential, base, limits } = login;
  const { repository, reference, isTag } = sample;
  return step(login, 'pull-access', async () => {
    const path = `/v2/${repository}/manifests/${reference}`;
    const answer = await exchange(client.fetch, `${base}${path}`, {
      ...limits,
      method: 'HEAD',
      what: `the manifest of ${repository}:${reference}`,
      headers: {
        accept:
          'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
      },
      ...(authorization ? { authorization } : {}),
    });
    if (answer.status === 200) {
      const digest = answer.headers.get('docker-content-digest');
      return `${repository}:${reference} is readable${digest ? ` (${digest.slice(0, 19)}…)` : ''}`;
    }
    if (answer.status === 404 && isTag) {
      return `Access to ${repository} is granted; the tag ${reference} does not exist there`;
    }
    throw refusal(answer.status, answer.body, answer.headers, {
      host: registry,
      repository,
      what: `the manifest of ${repository}:${reference}`,
      hadCredential: credential !== null,
      ...(isTag ? { tag: reference } : {}),
    });
  });
}
