/**
 * A fake typed client for component tests: canned handlers per channel, a log of every call,
 * and emit() to push events the way the host does. Real transports are tested on their own.
 */
import type { BerthClient } from '../../src/shared/client';
import type {
  ChannelName,
  EventName,
  EventPayload,
  Request,
  Response,
} from '../../src/shared/contract';
import type {
  Candidate,
  CredentialView,
  Explanation,
  ImportEntry,
  LoginReport,
  LoginStep,
} from '../../src/shared/credentials';
import type { Diagnosis, ProbeStep } from '../../src/shared/diagnosis';
import { BerthError } from '../../src/shared/errors';
import type { KubeletMatch } from '../../src/shared/kube-pull-secret';
import type { ErrorShape } from '../../src/shared/errors';
import { presetById, presetForRegistry } from '../../src/shared/registry-presets';
import type { PresetId } from '../../src/shared/registry-presets';

export type FakeHandlers = {
  [C in ChannelName]?: (request: Request<C>) => Response<C> | Promise<Response<C>>;
};

export interface FakeCall {
  channel: ChannelName;
  request: unknown;
}

/** What went back to the renderer, to assert what never crosses the contract (a secret). */
export interface FakeReply {
  channel: ChannelName;
  response: unknown;
}

export interface FakeClient {
  client: BerthClient;
  calls: FakeCall[];
  replies: FakeReply[];
  handlers: FakeHandlers;
  callsTo(channel: ChannelName): unknown[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createFakeClient(handlers: FakeHandlers = {}): FakeClient {
  const calls: FakeCall[] = [];
  const replies: FakeReply[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const client: BerthClient = {
    async invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>> {
      calls.push({ channel, request });
      const handler = handlers[channel] as
        ((request: Request<C>) => Response<C> | Promise<Response<C>>) | undefined;
      if (!handler) throw new BerthError('test.unhandled', `No fake handler for ${channel}`);
      const response = await handler(request);
      replies.push({ channel, response });
      return response;
    },
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const listener = (payload: unknown) => handler(payload as EventPayload<E>);
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  return {
    client,
    calls,
    replies,
    handlers,
    callsTo: (channel) =>
      calls.filter((call) => call.channel === channel).map((call) => call.request),
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
  };
}

/** A promise you settle from the test, to hold a call in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A stored credential as registries.list shows it: never a secret, only that one is stored,
 * its length and when it was set.
 */
export function fakeCredential(
  overrides: Partial<CredentialView> & { id: string },
): CredentialView {
  return {
    registry: 'ghcr.io',
    username: 'octocat',
    patterns: [],
    preset: 'ghcr',
    createdAt: '2025-05-01T10:00:00.000Z',
    updatedAt: '2025-05-01T10:00:00.000Z',
    secret: { stored: true, length: 40, setAt: '2025-05-01T10:00:00.000Z' },
    verification: { at: '2025-05-01T10:00:00.000Z', ok: true },
    expiresAt: null,
    importedFrom: null,
    ...overrides,
  };
}

const LOGIN_ORDER: readonly LoginStep['name'][] = [
  'ping',
  'challenge',
  'token',
  'authenticate',
  'pull-access',
];

/** A bearer login report that passes every step, or stops at `failAt` with `error`. */
export function loginReport(
  registry: string,
  failAt?: LoginStep['name'],
  error: ErrorShape = {
    code: 'registry.unauthorized',
    message: 'The token server refused the credential.',
    hint: 'Check the token and update the credential.',
  },
): LoginReport {
  const last = failAt ? LOGIN_ORDER.indexOf(failAt) : LOGIN_ORDER.length - 1;
  const steps = LOGIN_ORDER.slice(0, last + 1).map((name, index) => ({
    name,
    ok: name !== failAt,
    ms: 10 + index * 5,
    detail: name === failAt ? error.message : `${name} ok`,
  }));
  return {
    registry,
    ok: !failAt,
    scheme: 'bearer',
    steps,
    failedStep: failAt ?? null,
    error: failAt ? error : null,
  };
}

export interface FakeRegistriesOptions {
  credentials?: CredentialView[];
  warning?: ErrorShape | null;
  /** The handshake's outcome for a registry and username; every step passes by default. */
  login?: (registry: string, username: string) => LoginReport;
  explain?: (reference: string) => Explanation;
  /** kubelet's match for an image; without it the channel is not answered (as unknown). */
  kubeletMatch?: (reference: string) => KubeletMatch;
  scan?: { entries: ImportEntry[]; problems: ErrorShape[] };
  now?: () => Date;
}

export interface FakeRegistries {
  handlers: FakeHandlers;
  /** The live list, as the next registries.list will answer it. */
  credentials: CredentialView[];
  /** The fake OS keychain, by credential id: what was typed, kept out of every reply. */
  keychain: Map<string, string>;
}

/** The credentials channels over an in-memory store, shaped like the real handlers' answers. */
export function fakeRegistries(options: FakeRegistriesOptions = {}): FakeRegistries {
  const credentials = [...(options.credentials ?? [])];
  const keychain = new Map<string, string>();
  const now = options.now ?? (() => new Date());
  const login = options.login ?? ((registry: string) => loginReport(registry));
  const kubeletMatch = options.kubeletMatch;
  const scan = options.scan ?? { entries: [], problems: [] };
  let nextId = 1;

  const upsert = (view: CredentialView) => {
    const index = credentials.findIndex((c) => c.id === view.id);
    if (index >= 0) credentials[index] = view;
    else credentials.push(view);
    return view;
  };
  const expiry = (preset: PresetId, setAt: string) => {
    const hours = presetById(preset).expiresAfterHours;
    return hours === null ? null : new Date(Date.parse(setAt) + hours * 3_600_000).toISOString();
  };

  const handlers: FakeHandlers = {
    'registries.list': () => ({
      credentials: credentials.map((c) => ({ ...c })),
      warning: options.warning ?? null,
    }),
    'registries.save': (request) => {
      const at = now().toISOString();
      const previous = credentials.find((c) => c.id === request.id);
      const report = request.verify === false ? null : login(request.registry, request.username);
      if (report && !report.ok) return { saved: null, report };
      const id = previous?.id ?? `cred-${nextId++}`;
      if (request.secret !== undefined) keychain.set(id, request.secret);
      const preset = request.preset ?? 'generic';
      const setAt = request.secret !== undefined ? at : (previous?.secret.setAt ?? at);
      const saved = upsert({
        id,
        registry: request.registry,
        username: request.username,
        patterns: request.patterns ?? [],
        preset,
        createdAt: previous?.createdAt ?? at,
        updatedAt: at,
        secret: {
          stored: true,
          length: request.secret?.length ?? previous?.secret.length ?? 0,
          setAt,
        },
        verification: report
          ? { at, ok: true }
          : request.secret !== undefined
            ? null
            : (previous?.verification ?? null),
        expiresAt: expiry(preset, setAt),
        importedFrom: previous?.importedFrom ?? null,
      });
      return { saved, report };
    },
    'registries.remove': ({ id }) => {
      const index = credentials.findIndex((c) => c.id === id);
      if (index >= 0) credentials.splice(index, 1);
      keychain.delete(id);
      return { removed: index >= 0 };
    },
    'registries.test': (request) => {
      const stored = credentials.find((c) => c.id === request.id);
      const registry = request.draft?.registry ?? stored?.registry ?? '';
      const username = request.draft?.username ?? stored?.username ?? '';
      const report = login(registry, username);
      if (stored)
        upsert({
          ...stored,
          verification: {
            at: now().toISOString(),
            ok: report.ok,
            ...(report.failedStep ? { failedStep: report.failedStep } : {}),
          },
        });
      return report;
    },
    ...(kubeletMatch
      ? {
          'credentials.kubeletMatch': ({ reference }: { reference: string }) =>
            kubeletMatch(reference),
        }
      : {}),
    'credentials.explain': ({ reference }) => {
      if (options.explain) return options.explain(reference);
      const host = reference.includes('/') ? (reference.split('/')[0] ?? '') : 'docker.io';
      const candidates: Candidate[] = credentials
        .filter((c) => c.registry === host)
        .map((c) => ({
          source: 'berth',
          sourceLabel: 'Berth',
          registry: c.registry,
          username: c.username,
          pattern: `${c.registry}/*`,
          specificity: c.registry.length,
          credentialId: c.id,
          note: 'matches',
        }));
      return {
        image: reference,
        registry: host,
        candidates,
        chosen: candidates[0] ?? null,
        reason: candidates.length ? 'The only match.' : 'No credential matches.',
        conflict: [],
        otherTools: { docker: null, podman: null },
        problems: [],
      };
    },
    'credentials.importScan': () => scan,
    'credentials.importApply': ({ keys }) => {
      const imported = scan.entries
        .filter((entry) => keys.includes(entry.key))
        .map((entry) => {
          const at = now().toISOString();
          const id = entry.existingId ?? `cred-${nextId++}`;
          return upsert(
            fakeCredential({
              id,
              registry: entry.registry,
              username: entry.username,
              preset: presetForRegistry(entry.registry),
              secret: { stored: true, length: entry.secretLength, setAt: at },
              verification: null,
              importedFrom: entry.sourceLabel,
            }),
          );
        });
      return { imported, problems: [] };
    },
    'credentials.exportPullSecret': (request) => ({
      path: request.path ?? '/home/me/berth-pull-secret.yaml',
      bytes: 412,
    }),
  };

  return { handlers, credentials, keychain };
}

/** The live probe's steps in order (src/diagnose/probe.ts), anonymous, for a loopback registry. */
const PROBE_STEPS: readonly (readonly [string, number, string])[] = [
  ['reference', 0, 'parsed'],
  ['engine', 0, 'Docker Engine - Community 28.2.2, linux/amd64'],
  ['credential', 1, 'none: anonymous'],
  ['dns', 2, 'resolved'],
  ['tcp', 3, 'connected'],
  ['tls', 0, 'Plain HTTP: a loopback or insecure registry.'],
  ['ping', 12, '/v2/ answered 401: credentials are required'],
  ['challenge', 0, 'Bearer realm=https://auth.example/token service=registry'],
  ['token (anonymous)', 20, 'The token service issued a anonymous token'],
  ['pull-access (anonymous)', 40, 'read the manifest'],
  ['manifest', 22, 'sha256:0123 (manifest)'],
];

/**
 * The probe's steps up to `failAt`, which fails with `detail`; the ones after it never run.
 * Without `failAt`, every step passes.
 */
export function probeSteps(failAt?: string, detail = 'failed'): ProbeStep[] {
  const last = failAt ? PROBE_STEPS.findIndex(([name]) => name === failAt) : -1;
  const upTo = last === -1 ? PROBE_STEPS : PROBE_STEPS.slice(0, last + 1);
  return upTo.map(([name, ms, ok]) => ({
    name,
    ok: name !== failAt,
    ms,
    detail: name === failAt ? detail : ok,
  }));
}

/** A live diagnosis shaped like the probe's: no credentials for a private repository. */
export function fakeDiagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  const image = overrides.image ?? 'registry.example:5000/team/app:1';
  const registry = image.split('/')[0] ?? image;
  return {
    image,
    cause: 'no_credentials',
    alternatives: ['repo_not_found'],
    summary: `${registry} wants credentials for team/app and none apply.`,
    fix: [`Store a working credential: berth login ${registry} -u <user> --password-stdin`],
    steps: probeSteps(
      'pull-access (anonymous)',
      'The registry refused anonymous access to team/app — Add a credential.',
    ),
    docs: [],
    mode: 'live',
    ...overrides,
  };
}

export interface FakeDoctorOptions {
  /** The live probe's answer; by default no_credentials for the image asked about. */
  run?: (request: Request<'diagnose.run'>) => Diagnosis | Promise<Diagnosis>;
  /** The offline classifier's answer; by default Docker Hub's rate limit is recognised. */
  message?: (request: Request<'diagnose.message'>) => Diagnosis | Promise<Diagnosis>;
}

/** The diagnose channels, answering like the probe and the message classifier. */
export function fakeDoctor(options: FakeDoctorOptions = {}): { handlers: FakeHandlers } {
  const offline = ({ message, image = '' }: Request<'diagnose.message'>): Diagnosis => {
    const rate = /pull rate limit/i.test(message);
    return {
      image,
      cause: rate ? 'rate_limited' : 'unknown',
      alternatives: [],
      summary: rate
        ? 'Recognised (dockerhub-unauthenticated-rate-limit): You have reached your unauthenticated pull rate limit'
        : 'No known pattern in this message.',
      fix: rate
        ? [
            'Docker Hub limits anonymous pulls per IP: log in with a personal access token for a higher limit, or wait for the window to pass.',
            'Use a pull-through mirror for CI machines that share an IP.',
          ]
        : ['Check the engine log (journalctl -u docker) for the full error.'],
      steps: [
        {
          name: 'classify',
          ok: rate,
          ms: 0,
          detail: rate
            ? 'rule dockerhub-unauthenticated-rate-limit, registry dockerhub'
            : 'no rule matched',
        },
      ],
      docs: rate ? ['https://docs.docker.com/docker-hub/usage/'] : [],
      mode: 'offline',
    };
  };
  return {
    handlers: {
      'diagnose.run': (request) =>
        options.run ? options.run(request) : fakeDiagnosis({ image: request.reference }),
      'diagnose.message': (request) =>
        options.message ? options.message(request) : offline(request),
    },
  };
}
