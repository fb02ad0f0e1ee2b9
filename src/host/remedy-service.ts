/**
 * `diagnose.fix`: applies one remedy a diagnosis offered (src/diagnose/remedies.ts), through the
 * same services the rest of the app uses, and says exactly what changed and how to undo it.
 * Cloud CLI tokens (aws, gcloud, az) go from the tool's stdout straight into the keychain.
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BerthError } from '../shared/errors';
import { events as eventSchemas } from '../shared/contract';
import type { EventPayload, Response } from '../shared/contract';
import type { PresetId } from '../shared/registry-presets';
import { presetForRegistry } from '../shared/registry-presets';
import {
  editDockerConfig,
  engineCertsDir,
  isDaemonList,
  parseRemedyId,
  remedyId,
  removeAuth,
  removeCredHelper,
  removeCredsStore,
  restoreDockerConfig,
  tokenCli,
  trustRegistryCa,
  untrustRegistryCa,
} from '../diagnose';
import { userDataDir } from './paths';
import { applyDaemonList, undoDaemonList } from './daemon-remedy';
import { applyEngineProxy, undoEngineProxy } from './proxy-remedy';
import type { EnginePort } from '../engine';
import type { CredentialsService } from './credentials-service';
import type { DiagnoseService } from './diagnose-service';
import type { EventBus } from './event-bus';

type FixResult = Response<'diagnose.fix'>;
type PullDone = EventPayload<'pull.done'>;

const CLI_TIMEOUT_MS = 60_000;
const CLI_MAX_OUTPUT = 64 * 1024;
const NOTHING_TO_UNDO = { undo: null, diagnosis: null };

/** One remedy kind: its id's arguments (decoded) and the request's secret, if any. */
type RemedyHandler = (args: string[], secret: string | undefined) => Promise<FixResult>;

export class RemedyService {
  /** Each kind a remedy id may name, and what applies it. */
  private readonly kinds: Record<string, RemedyHandler> = {
    login: (args, secret) =>
      this.login(args[0], args[1] || null, args[2] === 'cli' ? null : secret),
    logout: (args) => this.logout(args[0] ?? '', args[1] ?? ''),
    'add-pattern': (args) => this.addPattern(args[0] ?? '', args[1] ?? ''),
    'set-patterns': (args) => this.setPatterns(args[0] ?? '', args[1] ?? '[]'),
    'remove-helper': (args) => this.removeHelper(args[0] ?? '', args[1] ?? ''),
    undo: (args) => this.undoConfigEdit(args[0] ?? ''),
    'daemon-json': (args) => this.daemonJson(args[0] ?? '', args[1] ?? ''),
    'daemon-json-undo': (args) => undoDaemonList(this.deps.engine, args),
    'engine-proxy': (args) =>
      applyEngineProxy(this.deps.engine, args, this.deps.env, userDataDir(this.deps.env)),
    'engine-proxy-undo': (args) => undoEngineProxy(this.deps.engine, args, this.deps.env),
    'trust-ca': (args) => this.trustCa(args[0] ?? '', args[1] ?? ''),
    'untrust-ca': (args) => this.untrustCa(args[0] ?? '', args[1] ?? '', args[2] ?? ''),
    retry: (args) => this.retry(args[0] ?? ''),
    probe: (args) => this.probe(args[0] ?? ''),
  };

  constructor(
    private readonly deps: {
      env: NodeJS.ProcessEnv;
      credentials: CredentialsService;
      diagnose: DiagnoseService;
      /** The engine whose daemon.json the daemon-json remedies change. */
      engine?: EnginePort;
      /**
       * Starts a pull job as `pull.start` does (the retry remedy): one job of the registry, in
       * jobs.list and cancellable, its progress pushed as pull.* events (the Pulls screen shows
       * it), and its ledger entry written like any other.
       */
      startPull: (image: string) => { pullId: string };
      /** Where that job's pull.done arrives. */
      events: EventBus;
    },
  ) {}

  async apply(request: { remedyId: string; secret?: string | undefined }): Promise<FixResult> {
    const { kind, args } = parseRemedyId(request.remedyId);
    const handler = Object.hasOwn(this.kinds, kind) ? this.kinds[kind] : undefined;
    if (!handler) {
      throw new BerthError(
        'fix.bad_remedy',
        `"${request.remedyId}" is not a remedy Berth knows.`,
        'Use an id from berth doctor --json (remedies[].id).',
      );
    }
    return handler(args, request.secret);
  }

  private async logout(host: string, who: string): Promise<FixResult> {
    if (who === 'docker-config') {
      const edit = await editDockerConfig(this.deps.env, (json) => removeAuth(json, host));
      return {
        applied: true,
        summary: `docker's stored login for ${host} is removed.`,
        changes: [`${edit.path}: ${edit.change} (backup ${edit.backup})`],
        undo: remedyId('undo', edit.backup),
        diagnosis: null,
      };
    }
    const { credentials } = await this.deps.credentials.list();
    const gone = credentials.filter((c) => c.registry === host && (!who || c.username === who));
    if (gone.length === 0) {
      throw new BerthError(
        'fix.nothing_to_change',
        `Berth has no login for ${host}${who ? ` as ${who}` : ''}.`,
      );
    }
    for (const c of gone) await this.deps.credentials.remove(c.id);
    return {
      applied: true,
      summary: `Logged out ${gone.map((c) => `${c.username}@${c.registry}`).join(', ')}.`,
      changes: gone.map(
        (c) => `OS keychain and registries.json: ${c.username}@${c.registry} deleted.`,
      ),
      ...NOTHING_TO_UNDO,
    };
  }

  private async storedCredential(id: string) {
    const { credentials } = await this.deps.credentials.list();
    const cred = credentials.find((c) => c.id === id);
    if (!cred) throw new BerthError('fix.bad_remedy', `No stored credential ${id}.`);
    return cred;
  }

  private async addPattern(id: string, pattern: string): Promise<FixResult> {
    const cred = await this.storedCredential(id);
    const before = [...cred.patterns];
    if (before.includes(pattern)) {
      throw new BerthError(
        'fix.nothing_to_change',
        `${cred.username}@${cred.registry} already serves ${pattern}.`,
      );
    }
    await this.deps.credentials.save({
      id,
      registry: cred.registry,
      username: cred.username,
      patterns: [...before, pattern],
      preset: cred.preset,
      verify: false,
    });
    return {
      applied: true,
      summary: `${cred.username}@${cred.registry} now serves ${pattern}.`,
      changes: [
        `registries.json: patterns ${JSON.stringify(before)} → ${JSON.stringify([...before, pattern])}`,
      ],
      undo: remedyId('set-patterns', id, JSON.stringify(before)),
      diagnosis: null,
    };
  }

  private async setPatterns(id: string, json: string): Promise<FixResult> {
    const cred = await this.storedCredential(id);
    const patterns = parsePatterns(json);
    await this.deps.credentials.save({
      id,
      registry: cred.registry,
      username: cred.username,
      patterns,
      preset: cred.preset,
      verify: false,
    });
    return {
      applied: true,
      summary: `${cred.username}@${cred.registry} serves ${patterns.length ? patterns.join(', ') : 'every image on the registry'} again.`,
      changes: [`registries.json: patterns → ${JSON.stringify(patterns)}`],
      ...NOTHING_TO_UNDO,
    };
  }

  private async removeHelper(which: string, host: string): Promise<FixResult> {
    const edit = await editDockerConfig(this.deps.env, (json) =>
      which === 'credHelpers' ? removeCredHelper(json, host) : removeCredsStore(json),
    );
    return {
      applied: true,
      summary: 'docker no longer calls that credential helper; log in again to store a credential.',
      changes: [`${edit.path}: ${edit.change} (backup ${edit.backup})`],
      undo: remedyId('undo', edit.backup),
      diagnosis: null,
    };
  }

  private async undoConfigEdit(backup: string): Promise<FixResult> {
    const path = await restoreDockerConfig(this.deps.env, backup);
    return {
      applied: true,
      summary: `${path} is back as it was.`,
      changes: [`${path}: restored byte for byte from ${backup}`],
      ...NOTHING_TO_UNDO,
    };
  }

  /** insecure-registries or registry-mirrors, in the daemon.json the engine's dockerd reads. */
  private async daemonJson(key: string, value: string): Promise<FixResult> {
    if (!isDaemonList(key))
      throw new BerthError('fix.bad_remedy', `Not a daemon.json list: ${key}`);
    return applyDaemonList(this.deps.engine, key, value, userDataDir(this.deps.env));
  }

  private async trustCa(host: string, fingerprint: string): Promise<FixResult> {
    const { env } = this.deps;
    const written = await trustRegistryCa(
      host,
      fingerprint,
      engineCertsDir(env),
      join(userDataDir(env), 'certificates'),
    );
    return {
      applied: true,
      summary: `docker now trusts the certificate ${host} presents (SHA-256 ${fingerprint}), from its next pull.`,
      changes: [`${written.path}: written (${written.certificate.subject})`],
      undo: remedyId('untrust-ca', host, fingerprint, written.createdFolder ? 'folder' : ''),
      diagnosis: null,
    };
  }

  private async untrustCa(host: string, fingerprint: string, folder: string): Promise<FixResult> {
    const path = await untrustRegistryCa(
      host,
      fingerprint,
      engineCertsDir(this.deps.env),
      folder === 'folder',
    );
    return {
      applied: true,
      summary: `docker no longer trusts that certificate for ${host}.`,
      changes: [`${path}: removed${folder === 'folder' ? ', with the folder Berth made' : ''}`],
      ...NOTHING_TO_UNDO,
    };
  }

  /** A pull job like any other (pull.start), awaited: the answer says how it ended. */
  private async retry(image: string): Promise<FixResult> {
    const { pullId, done } = await startAndAwaitPull(this.deps.events, () =>
      this.deps.startPull(image),
    );
    if (done.result !== 'success') {
      throw done.error
        ? BerthError.fromShape(done.error)
        : new BerthError('pull.failed', `The pull of ${image} did not finish (${done.result}).`);
    }
    const recorded = done.entryId ? `ledger entry ${done.entryId}` : 'not recorded in the ledger';
    return {
      applied: true,
      summary: `Pulled ${done.reference}${done.digest ? ` (${done.digest})` : ''} as pull ${pullId}, shown on the Pulls screen.`,
      changes: [`The engine now has ${done.reference}; ${recorded}.`],
      ...NOTHING_TO_UNDO,
      pull: { pullId, entryId: done.entryId },
    };
  }

  private async probe(image: string): Promise<FixResult> {
    const diagnosis = await this.deps.diagnose.live(image);
    return {
      applied: true,
      summary: diagnosis.summary,
      changes: ['Nothing changed: a read-only check.'],
      undo: null,
      diagnosis,
    };
  }

  private async login(
    host: string | undefined,
    username: string | null,
    /** null: get the token from the registry's cloud CLI. */
    secret: string | null | undefined,
  ): Promise<FixResult> {
    if (!host) throw new BerthError('fix.bad_remedy', 'The login remedy names no registry.');
    let token = secret ?? undefined;
    let user = username;
    let via: string | null = null;
    const cli = tokenCli(host);
    if (secret === null && cli && cli.user === username) {
      token = await runTokenCli(cli.tool, cli.args, this.deps.env);
      user = cli.user;
      via = cli.command;
    }
    if (!token) {
      throw new BerthError(
        'fix.secret_required',
        `Storing a login for ${host} needs its secret.`,
        `Give it on stdin: printf '%s' "$TOKEN" | berth fix ${remedyId('login', host, username ?? '')} --password-stdin`,
      );
    }
    if (!user) {
      throw new BerthError(
        'fix.username_required',
        `Storing a login for ${host} needs the username.`,
        `Use the Registries screen, or berth login ${host} with -u and your own user.`,
      );
    }
    const preset = presetForRegistry(host) as PresetId;
    const result = await this.deps.credentials.save({
      registry: host,
      username: user,
      secret: token,
      patterns: [],
      preset,
      verify: true,
    });
    if (!result.saved) {
      const failed = result.report?.steps.find((s) => !s.ok);
      throw new BerthError(
        'fix.login_refused',
        `${host} refused the login for ${user}${failed ? ` at ${failed.name}: ${failed.detail}` : ''}; nothing was stored.`,
      );
    }
    return {
      applied: true,
      summary: `Stored ${user}@${host} (login verified)${via ? ` with a token from ${via}` : ''}.`,
      changes: [`OS keychain and registries.json: ${user}@${host} stored.`],
      undo: remedyId('logout', host, user),
      diagnosis: null,
    };
  }
}

/**
 * Starts a pull job and resolves with its pull.done. The bus is heard from before the start:
 * a job's end is always after its start returns, but nothing here should rely on that.
 */
function startAndAwaitPull(
  events: EventBus,
  start: () => { pullId: string },
): Promise<{ pullId: string; done: PullDone }> {
  return new Promise((resolve, reject) => {
    const ended = new Map<string, PullDone>();
    let pullId: string | undefined;
    const stop = events.subscribe((event, payload) => {
      if (event !== 'pull.done') return;
      const parsed = eventSchemas['pull.done'].safeParse(payload);
      if (!parsed.success) return;
      if (pullId === undefined) ended.set(parsed.data.pullId, parsed.data);
      else if (parsed.data.pullId === pullId) finish(parsed.data);
    });
    const finish = (done: PullDone) => {
      stop();
      if (pullId) resolve({ pullId, done });
    };
    try {
      pullId = start().pullId;
    } catch (error) {
      stop();
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const early = ended.get(pullId);
    ended.clear();
    if (early) finish(early);
  });
}

function parsePatterns(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // fall through
  }
  throw new BerthError('fix.bad_remedy', 'The pattern list in this undo id is not valid.');
}

/** Which of the cloud CLIs are on PATH, for offering token remedies. */
export async function cloudClisOnPath(env: NodeJS.ProcessEnv): Promise<string[]> {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const found: string[] = [];
  for (const tool of ['aws', 'gcloud', 'az']) {
    for (const dir of dirs) {
      const ok = await access(join(dir, tool), constants.X_OK).then(
        () => true,
        () => false,
      );
      if (ok) {
        found.push(tool);
        break;
      }
    }
  }
  return found;
}

/** Runs a cloud CLI for a token: bounded in time and size; its output is returned, never logged. */
function runTokenCli(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new BerthError(
          'fix.cli_timeout',
          `${tool} did not answer within ${CLI_TIMEOUT_MS / 1000} s.`,
        ),
      );
    }, CLI_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.length > CLI_MAX_OUTPUT) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 2000) err += chunk.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new BerthError('fix.cli_missing', `${tool} could not be run: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const token = out.trim();
      if (code !== 0 || !token || out.length > CLI_MAX_OUTPUT) {
        reject(
          new BerthError(
            'fix.cli_failed',
            `${tool} ${args[0] ?? ''} failed (exit ${code ?? 'signal'}): ${err.trim().slice(0, 300) || 'no token printed'}`,
          ),
        );
        return;
      }
      resolve(token);
    });
  });
}
