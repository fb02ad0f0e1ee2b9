/**
 * The engine-proxy remedies (src/diagnose/engine-proxy.ts): give the engine Berth's proxy,
 * let it bypass its proxy for one registry, or take its proxy away. The plan decides the one
 * file (daemon.json "proxies" on Docker 23+, Berth's systemd drop-in below that) or, for a
 * hand-started dockerd, the command line to restart it with. Berth writes the file with a
 * byte-exact backup and names the restart; it never restarts the engine itself, since that
 * stops its containers. Undo puts the file back byte for byte.
 */
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import type { Response } from '../shared/contract';
import type { EnginePort } from '../engine';
import {
  checkDaemonUndo,
  dropInFoldersFor,
  engineMajor,
  engineProxyOrigin,
  isProxyAction,
  planEngineProxy,
  proxyFor,
  proxyVariable,
  readDaemonJson,
  readDropIns,
  redactProxy,
  remedyId,
  restoreDaemonJson,
  writeDaemonJson,
} from '../diagnose';
import type {
  EngineProxyOrigin,
  EngineProxyState,
  ProxyAction,
  ProxyPlan,
  ProxyRemedyContext,
} from '../diagnose';
import { daemonBehind } from './daemon-remedy';

type FixResult = Response<'diagnose.fix'>;

/** What shapes the local engine's proxy, or null (a remote engine, Docker Desktop's VM). */
export async function readProxyState(
  engine: EnginePort | undefined,
  env: NodeJS.ProcessEnv,
): Promise<EngineProxyState | null> {
  const daemon = await daemonBehind(engine);
  if (!daemon || !engine) return null;
  const folders = dropInFoldersFor(daemon, env);
  const [info, dropIns, configText, view] = await Promise.all([
    engine.info().catch(() => null),
    readDropIns(folders),
    readDaemonJson(daemon.configPath).catch(() => null),
    engine.registryView ? engine.registryView().catch(() => null) : null,
  ]);
  const infoEnv = view
    ? Object.fromEntries(
        Object.entries({
          HTTP_PROXY: view.httpProxy,
          HTTPS_PROXY: view.httpsProxy,
          NO_PROXY: view.noProxy,
        }).filter(([, value]) => value),
      )
    : null;
  return {
    daemon,
    major: engineMajor(info?.serverVersion),
    dropInFolder: folders[0] ?? null,
    // BERTH_ENGINE_DROPIN_DIR names a unit's folder: that unit is the engine's (docker).
    unit: daemon.systemdUnit ?? (env.BERTH_ENGINE_DROPIN_DIR ? 'docker' : null),
    dropIns,
    configText,
    infoEnv,
  };
}

/** The engine's proxy variables and their sources, for the probe's evidence. */
export async function engineProxyOriginOf(
  engine: EnginePort | undefined,
  env: NodeJS.ProcessEnv,
): Promise<EngineProxyOrigin | null> {
  const state = await readProxyState(engine, env).catch(() => null);
  return state ? engineProxyOrigin(state) : null;
}

/** The preview of one plan: the file and its redacted diff, then the restart. */
function planLines(plan: ProxyPlan): string[] {
  if (plan.target === 'command') {
    return [`dockerd was started by hand: no file to change. ${plan.restart}`];
  }
  if (plan.unchanged)
    return [`${plan.path} has this already; the engine takes it on restart: ${plan.restart}`];
  return [
    `${plan.path}${plan.before === null ? ' (new file)' : ' (a byte-exact backup is kept; undo restores it)'}:`,
    ...plan.diff,
    `Then restart the engine (the proxy is read only at start; running containers stop unless live-restore is on): ${plan.restart}`,
  ];
}

/** For the Doctor: what each side uses for the registry, and every remedy's exact change. */
export async function proxyRemedyContext(
  engine: EnginePort | undefined,
  env: NodeJS.ProcessEnv,
  host: string | null,
): Promise<ProxyRemedyContext | null> {
  if (!host) return null;
  const state = await readProxyState(engine, env).catch(() => null);
  if (!state) return null;
  const origin = engineProxyOrigin(state);
  const shell = proxyVariable(env, 'https');
  const previews: ProxyRemedyContext['previews'] = {};
  for (const action of ['use', 'bypass', 'remove'] as const) {
    try {
      previews[action] = planLines(planEngineProxy(state, action, host, env));
    } catch (error) {
      previews[action] = [`Berth would not apply it: ${(error as Error).message}`];
    }
  }
  return {
    engine: proxyFor(origin.env, 'https', host).proxy ?? proxyFor(origin.env, 'http', host).proxy,
    shell: shell ? redactProxy(shell.value) : null,
    previews,
  };
}

export async function applyEngineProxy(
  engine: EnginePort | undefined,
  args: string[],
  env: NodeJS.ProcessEnv,
  staging: string,
): Promise<FixResult> {
  const [action = '', host = ''] = args;
  if (!isProxyAction(action)) {
    throw new BerthError('fix.bad_remedy', `Not an engine proxy remedy: ${action}`);
  }
  const state = await readProxyState(engine, env);
  if (!state) return showOnly(action, host);
  const plan = planEngineProxy(state, action, host, env);
  if (plan.target === 'command') {
    return {
      applied: false,
      summary:
        'dockerd was started by hand, so there is no file to change: restart it with the new environment.',
      changes: [plan.restart],
      undo: null,
      diagnosis: null,
    };
  }
  if (plan.unchanged || plan.after === null || plan.path === null) {
    throw new BerthError(
      'fix.nothing_to_change',
      `${plan.path ?? 'The engine'} has this already; restart the engine to use it: ${plan.restart}`,
    );
  }
  const written = await writeDaemonJson(
    { path: plan.path, before: plan.before, after: plan.after, diff: plan.diff, unchanged: false },
    join(staging, 'engine-proxy'),
    plan.restart,
  );
  return {
    applied: true,
    summary: `${plan.path} is written; the engine uses it once restarted: ${plan.restart}`,
    changes: planLines(plan),
    undo: remedyId('engine-proxy-undo', written.path, written.backup ?? '', written.hash),
    diagnosis: null,
  };
}

export async function undoEngineProxy(
  engine: EnginePort | undefined,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<FixResult> {
  const [path = '', backup = '', hash = ''] = args;
  const undo = await checkDaemonUndo(path, backup || null, hash);
  await restoreDaemonJson(undo);
  const state = await readProxyState(engine, env).catch(() => null);
  const restart = state ? planRestart(state) : 'restart the engine';
  return {
    applied: true,
    summary: `${path} is back as it was; the engine goes back to its old proxy once restarted: ${restart}`,
    changes: [
      undo.backup
        ? `${path}: restored byte for byte from ${undo.backup}`
        : `${path}: removed (Berth had created it)`,
      `Then: ${restart}`,
    ],
    undo: null,
    diagnosis: null,
  };
}

/** The restart any proxy change needs, as the plan of a no-op would name it. */
function planRestart(state: EngineProxyState): string {
  try {
    return planEngineProxy(state, 'remove', '', {}).restart;
  } catch {
    return 'restart the engine';
  }
}

function showOnly(action: ProxyAction, host: string): FixResult {
  const what =
    action === 'use'
      ? 'set its HTTPS_PROXY (and NO_PROXY) to yours'
      : action === 'bypass'
        ? `add ${host.replace(/:\d+$/, '')} to its NO_PROXY`
        : 'clear its proxy';
  return {
    applied: false,
    summary: `Berth cannot see this engine's daemon (a remote engine or Docker Desktop): ${what} yourself.`,
    changes: [
      'Docker Desktop: Settings → Resources → Proxies; Linux: a drop-in in /etc/systemd/system/docker.service.d/ with Environment="HTTPS_PROXY=…", then sudo systemctl daemon-reload && sudo systemctl restart docker (docs.docker.com/engine/daemon/proxy/)',
    ],
    undo: null,
    diagnosis: null,
  };
}
