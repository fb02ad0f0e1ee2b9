/**
 * The proxy dockerd really uses, where it comes from, and the one file a remedy changes.
 *
 * Where dockerd's proxy comes from:
 * - its process environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, either case), which under
 *   systemd is the unit's Environment= lines, most often a drop-in (systemd-dropin.ts);
 * - from Docker Engine 23.0 also daemon.json "proxies": {"http-proxy", "https-proxy",
 *   "no-proxy"} (or --http-proxy/--https-proxy/--no-proxy; moby PR "daemon: add proxies
 *   config"). dockerd then overrides the environment with them, each non-empty value setting
 *   both cases and logging "overriding existing proxy variable with value from configuration"
 *   (moby cmd/dockerd daemon.go, configureProxyEnv/overrideProxyEnv). An empty value leaves the
 *   environment's, so daemon.json cannot take away a proxy the environment gives.
 * Either way dockerd reads it once at start: daemon.json "proxies" is not among what SIGHUP
 * reloads (moby daemon/reload.go), and the environment only changes with a new process. A
 * remedy therefore writes its file and names the restart; Berth does not restart the engine
 * (that stops its containers unless live-restore is on).
 * Podman, which has no daemon, uses the caller's environment: it is not covered here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { BerthError } from '../shared/errors';
import { diffOf, flagValues, formattingOf, parseDaemonJson } from './daemon-config';
import type { RunningDaemon } from './daemon-config';
import {
  PROXY_VARIABLES,
  hasProxyCredentials,
  proxyFor,
  proxyVariable,
  redactProxy,
  withNoProxyHost,
} from './proxy-rules';
import type { ProxyDecision, ProxyRole } from './proxy-rules';
import { dropInContent, dropInEnvironment, dropInFolders, renderDropIn } from './systemd-dropin';
import type { DropIn, DropInContent } from './systemd-dropin';

/** Berth's drop-in. "zz-" so it sorts after the usual http-proxy.conf: the later file wins. */
export const PROXY_DROPIN = 'zz-berth-proxy.conf';

/** The daemon.json keys of "proxies", per role, and the dockerd flag each mirrors. */
const DAEMON_JSON_KEYS: Record<ProxyRole, { key: string; flag: string }> = {
  http: { key: 'http-proxy', flag: '--http-proxy' },
  https: { key: 'https-proxy', flag: '--https-proxy' },
  no: { key: 'no-proxy', flag: '--no-proxy' },
};

export type ProxyAction = 'use' | 'bypass' | 'remove';
export const isProxyAction = (a: string): a is ProxyAction =>
  a === 'use' || a === 'bypass' || a === 'remove';

const MAX_DROPIN = 64 * 1024;

/** The unit drop-ins that shape the engine's environment, read from their folders. */
export async function readDropIns(folders: string[]): Promise<DropIn[]> {
  const out: DropIn[] = [];
  for (const folder of folders) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((n) =>
      n.endsWith('.conf'),
    );
    for (const name of names.sort()) {
      const path = join(folder, name);
      const text = await readFile(path, 'utf8').catch(() => null);
      if (text !== null && text.length <= MAX_DROPIN) out.push({ path, name, text });
    }
  }
  return out;
}

/** daemon.json "proxies", as strings (absent keys and non-strings are left out). */
export function daemonJsonProxies(
  text: string | null,
  path: string,
): Partial<Record<ProxyRole, string>> {
  if (text === null) return {};
  const proxies = parseDaemonJson(text, path).proxies;
  if (!proxies || typeof proxies !== 'object' || Array.isArray(proxies)) return {};
  const out: Partial<Record<ProxyRole, string>> = {};
  for (const role of Object.keys(DAEMON_JSON_KEYS) as ProxyRole[]) {
    const value = (proxies as Record<string, unknown>)[DAEMON_JSON_KEYS[role].key];
    if (typeof value === 'string' && value) out[role] = value;
  }
  return out;
}

/** What shapes the engine's proxy on this machine, as read before a diagnosis or a remedy. */
export interface EngineProxyState {
  daemon: RunningDaemon;
  /** The engine's major version (23: daemon.json "proxies" exists), null when unknown. */
  major: number | null;
  dropInFolder: string | null;
  unit: string | null;
  dropIns: DropIn[];
  configText: string | null;
  /**
   * The proxy docker info reports (HTTP_PROXY, HTTPS_PROXY, NO_PROXY; credentials masked by
   * the engine), for when Berth may not read dockerd's own environment.
   */
  infoEnv?: Record<string, string> | null;
}

/** Where the engine's unit drop-ins are: BERTH_ENGINE_DROPIN_DIR, else the unit's own folders. */
export function dropInFoldersFor(daemon: RunningDaemon, env: NodeJS.ProcessEnv): string[] {
  const override = env.BERTH_ENGINE_DROPIN_DIR;
  if (override) return [override];
  if (!daemon.systemdUnit) return [];
  return dropInFolders(daemon.systemdUnit, daemon.rootless, env.HOME ?? '');
}

/** The engine's proxy variables and where each comes from, for the probe's evidence. */
export interface EngineProxyOrigin {
  env: Record<string, string>;
  sources: Record<string, string>;
}

/**
 * The engine's effective proxy variables: its process environment (/proc/<pid>/environ, the
 * block it started with), overridden by daemon.json on 23+ as configureProxyEnv does.
 */
export function engineProxyOrigin(state: EngineProxyState): EngineProxyOrigin {
  const { daemon } = state;
  const readable = daemon.proxyEnv !== null;
  const env: Record<string, string> = { ...(daemon.proxyEnv ?? state.infoEnv ?? {}) };
  const sources: Record<string, string> = {};
  const fromDropIns = dropInEnvironment(state.dropIns);
  // docker info masks credentials ("xxxxx:xxxxx@"): compare values as they would be shown.
  const same = (a: string | undefined, b: string | undefined) =>
    a !== undefined && b !== undefined && redactProxy(a) === redactProxy(b);
  for (const name of Object.keys(env)) {
    const dropIn = fromDropIns.setBy[name];
    if (dropIn && same(fromDropIns.values[name], env[name])) sources[name] = `drop-in ${dropIn}`;
    else if (dropIn && readable)
      sources[name] =
        `dockerd's environment; ${dropIn} says otherwise: dockerd was not restarted since it changed`;
    else if (!readable)
      sources[name] =
        "docker info (Berth may not read dockerd's environment; as root it names where it is set)";
    else
      sources[name] = daemon.systemdUnit
        ? `the ${daemon.systemdUnit} unit's environment`
        : "dockerd's environment (how it was started)";
  }
  if ((state.major ?? 0) >= 23) {
    const json = safeProxies(state.configText, daemon.configPath);
    for (const role of Object.keys(json) as ProxyRole[]) {
      for (const name of PROXY_VARIABLES[role]) {
        env[name] = json[role] ?? '';
        sources[name] =
          `daemon.json ${daemon.configPath} ("proxies": "${DAEMON_JSON_KEYS[role].key}")`;
      }
    }
  }
  return { env, sources };
}

function safeProxies(text: string | null, path: string): Partial<Record<ProxyRole, string>> {
  try {
    return daemonJsonProxies(text, path);
  } catch {
    return {};
  }
}

/** The evidence line: what the engine does for this registry, which variable, from where. */
export function describeEngineProxy(
  origin: EngineProxyOrigin,
  scheme: 'http' | 'https',
  registry: string,
): { decision: ProxyDecision; detail: string } {
  const decision = proxyFor(origin.env, scheme, registry);
  const from = (name: string | null) => (name ? (origin.sources[name] ?? 'its environment') : '');
  if (decision.proxy && decision.variable) {
    return {
      decision,
      detail: `The engine reaches ${registry} (${scheme}) through ${decision.proxy}: ${decision.variable}, from ${from(decision.variable)}.`,
    };
  }
  if (decision.bypass?.reason === 'no_proxy') {
    return {
      decision,
      detail: `The engine has ${decision.variable} set (from ${from(decision.variable)}), but ${decision.bypass.variable} entry "${decision.bypass.entry}" (from ${from(decision.bypass.variable)}) spares ${registry}: it connects directly.`,
    };
  }
  if (decision.bypass?.reason === 'loopback') {
    return { decision, detail: `The engine never uses a proxy for ${registry} (loopback).` };
  }
  return {
    decision,
    detail: `The engine has no ${PROXY_VARIABLES[scheme].join('/')} set: it connects to ${registry} directly.`,
  };
}

/** One proxy remedy, worked out before anything is written. */
export interface ProxyPlan {
  action: ProxyAction;
  /** daemon.json, Berth's drop-in, or nothing to write (a hand-started dockerd). */
  target: 'daemon-json' | 'drop-in' | 'command';
  path: string | null;
  before: string | null;
  after: string | null;
  /** The change, credentials redacted: "+ …", "- …", "  …". */
  diff: string[];
  unchanged: boolean;
  /** What makes the engine use it: the restart (or the command line to restart it with). */
  restart: string;
}

export interface ProxyWish {
  set: Partial<Record<string, string>>;
  unset: string[];
}

/** The variables each remedy sets or takes away, from the user's shell and the engine's state. */
export function proxyWish(
  action: ProxyAction,
  host: string,
  shellEnv: Record<string, string | undefined>,
  engineEnv: Record<string, string>,
): ProxyWish {
  if (action === 'use') {
    const https = proxyVariable(shellEnv, 'https');
    if (!https) {
      throw new BerthError(
        'fix.no_shell_proxy',
        'Berth has no HTTPS_PROXY (or https_proxy) in its environment to give the engine.',
        'Start Berth from the shell whose HTTPS_PROXY works, or write the drop-in by hand (docs.docker.com/engine/daemon/proxy/).',
      );
    }
    const set: Record<string, string> = { HTTPS_PROXY: https.value };
    const http = proxyVariable(shellEnv, 'http');
    if (http) set.HTTP_PROXY = http.value;
    const no = proxyVariable(shellEnv, 'no');
    if (no) set.NO_PROXY = no.value;
    return { set, unset: [] };
  }
  if (action === 'bypass') {
    if (!host) throw new BerthError('fix.bad_remedy', 'The bypass remedy names no registry.');
    const current = proxyVariable(engineEnv, 'no')?.value ?? '';
    return { set: { NO_PROXY: withNoProxyHost(current, host) }, unset: [] };
  }
  return { set: {}, unset: [...PROXY_VARIABLES.http, ...PROXY_VARIABLES.https] };
}

const sudo = (daemon: RunningDaemon) =>
  daemon.uid === 0 && process.getuid?.() !== 0 ? 'sudo ' : '';

function systemctl(daemon: RunningDaemon, unit: string, reloadUnits: boolean): string {
  const ctl = daemon.rootless ? 'systemctl --user' : `${sudo(daemon)}systemctl`;
  return `${reloadUnits ? `${ctl} daemon-reload && ` : ''}${ctl} restart ${unit}`;
}

const shellQuote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** For a hand-started dockerd: stop it, and the command line to start it with. */
function restartCommandLine(
  daemon: RunningDaemon,
  wish: ProxyWish,
  shellEnv: Record<string, string | undefined>,
  current: Record<string, string>,
): string {
  // sudo (and a new shell) start from a clean environment: the proxy variables the engine
  // keeps are given again, with the remedy's on top.
  const kept = Object.entries(current).filter(
    ([name]) => !(name in wish.set) && !wish.unset.includes(name),
  );
  let hidden = false;
  const assignments = [...kept, ...Object.entries(wish.set)].map(([name, value = '']) => {
    // The user's own variable by reference: the secret stays in their shell, not on screen.
    if (shellEnv[name] === value) return `${name}="$${name}"`;
    hidden ||= hasProxyCredentials(value);
    return `${name}=${shellQuote(redactProxy(value))}`;
  });
  const line = `${sudo(daemon)}kill ${daemon.pid}; then start it again with: ${sudo(daemon)}env ${[...wish.unset.map((n) => `-u ${n}`), ...assignments].join(' ')} dockerd ${daemon.args.map(shellQuote).join(' ')}`;
  return hidden
    ? `${line} (*** stands for the proxy's user and password, which Berth does not print)`
    : line;
}

/**
 * The plan for a remedy: daemon.json "proxies" on Docker 23+ (unless taking away a proxy the
 * environment gives, which daemon.json cannot), Berth's drop-in under systemd, otherwise the
 * command line to restart dockerd with.
 */
export function planEngineProxy(
  state: EngineProxyState,
  action: ProxyAction,
  host: string,
  shellEnv: Record<string, string | undefined>,
): ProxyPlan {
  const { daemon } = state;
  const origin = engineProxyOrigin(state);
  const wish = proxyWish(action, host, shellEnv, origin.env);
  const json = safeProxies(state.configText, daemon.configPath);
  const jsonHasProxies = Object.keys(json).length > 0;
  const modern = (state.major ?? 0) >= 23;
  if (modern && (action !== 'remove' || jsonHasProxies)) {
    return planDaemonJsonProxies(state, action, wish);
  }
  const folder = state.dropInFolder;
  const unit = state.unit;
  if (folder && unit) return planDropIn(state, folder, unit, action, wish);
  return {
    action,
    target: 'command',
    path: null,
    before: null,
    after: null,
    diff: [],
    unchanged: false,
    restart: restartCommandLine(daemon, wish, shellEnv, origin.env),
  };
}

function planDaemonJsonProxies(
  state: EngineProxyState,
  action: ProxyAction,
  wish: ProxyWish,
): ProxyPlan {
  const { daemon } = state;
  const path = daemon.configPath;
  const flagged = Object.values(DAEMON_JSON_KEYS).filter(
    ({ flag }) => flagValues(daemon.args, [flag]).length > 0,
  );
  if (flagged.length > 0) {
    throw new BerthError(
      'fix.daemon_flag_conflict',
      `dockerd is started with ${flagged.map((f) => f.flag).join(', ')}, so "proxies" in ${path} would stop it from starting ("specified both as a flag and in the configuration file").`,
      "Change the flag on dockerd's command line instead (systemctl edit docker), then restart it.",
    );
  }
  const before = state.configText;
  let text = before ?? '{}\n';
  parseDaemonJson(text, path);
  const format = { formattingOptions: formattingOf(text) };
  if (action === 'remove') {
    text = applyEdits(text, modify(text, ['proxies'], undefined, format));
  } else {
    for (const role of Object.keys(DAEMON_JSON_KEYS) as ProxyRole[]) {
      const value = wish.set[PROXY_VARIABLES[role][0]];
      if (value !== undefined) {
        text = applyEdits(
          text,
          modify(text, ['proxies', DAEMON_JSON_KEYS[role].key], value, format),
        );
      }
    }
  }
  const unchanged = text === (before ?? '{}\n');
  return {
    action,
    target: 'daemon-json',
    path,
    before,
    after: text,
    diff: unchanged ? [] : diffOf(before ?? '', text).map(redactProxy),
    unchanged,
    // "proxies" is not reloaded on SIGHUP: only a restart reads it.
    restart: daemon.systemdUnit
      ? systemctl(daemon, daemon.systemdUnit, false)
      : `${sudo(daemon)}kill ${daemon.pid}; then start it again as before: ${sudo(daemon)}dockerd ${daemon.args.join(' ')}`,
  };
}

const DROPIN_COMMENT = [
  "Written by Berth (berth fix engine-proxy:…): the container engine's proxy.",
  'Undo with the undo id berth fix printed; it restores this file as it was (or removes it).',
].join('\n');

function planDropIn(
  state: EngineProxyState,
  folder: string,
  unit: string,
  action: ProxyAction,
  wish: ProxyWish,
): ProxyPlan {
  const path = join(folder, PROXY_DROPIN);
  const own = state.dropIns.find((d) => d.path === path);
  const before = own?.text ?? null;
  const content: DropInContent = before ? dropInContent(before) : { set: [], unset: [] };
  const set = new Map(content.set);
  const unset = new Set(content.unset);
  for (const [name, value] of Object.entries(wish.set)) {
    if (value === undefined) continue;
    set.set(name, value);
    unset.delete(name);
  }
  for (const name of wish.unset) {
    set.delete(name);
    unset.add(name);
  }
  const after = renderDropIn({ set: [...set.entries()], unset: [...unset] }, DROPIN_COMMENT);
  // Another drop-in that systemd applies after Berth's would undo the change: say so instead.
  const others = state.dropIns.filter((d) => d.name !== PROXY_DROPIN);
  const result = dropInEnvironment([...others, { path, name: PROXY_DROPIN, text: after }]);
  for (const name of [...Object.keys(wish.set), ...wish.unset]) {
    const by = result.setBy[name];
    if (by && by !== path) {
      throw new BerthError(
        'fix.proxy_dropin_overridden',
        `${by} sets ${name} after Berth's drop-in would, so systemd would keep its value.`,
        `Edit ${by} by hand (sudo systemctl edit ${unit}), then: ${systemctl(state.daemon, unit, true)}`,
      );
    }
  }
  const unchanged = after === before;
  return {
    action,
    target: 'drop-in',
    path,
    before,
    after,
    diff: unchanged ? [] : diffOf(before ?? '', after).map(redactProxy),
    unchanged,
    restart: systemctl(state.daemon, unit, true),
  };
}

/** "20.10.24+dfsg1" → 20; "v23.0.1" → 23. */
export const engineMajor = (version: string | null | undefined): number | null => {
  const m = /(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : null;
};
