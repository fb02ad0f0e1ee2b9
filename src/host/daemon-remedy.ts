/**
 * The daemon.json remedies: add a registry to "insecure-registries" or a Docker Hub mirror to
 * "registry-mirrors" of the dockerd Berth talks to, reload it (SIGHUP: no restart, containers
 * keep running) when Berth may, and confirm from the engine's own `docker info` that it took
 * the change. Undo puts the file back byte for byte and reloads again. Where Berth cannot see
 * the daemon (a remote engine, Docker Desktop's VM) it shows the JSON and where it goes.
 */
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import type { Response } from '../shared/contract';
import type { EnginePort, EngineRegistryView } from '../engine';
import {
  checkDaemonUndo,
  findDaemon,
  isDaemonList,
  mayReload,
  planDaemonEdit,
  readDaemonJson,
  reloadableOriginal,
  reloadCommand,
  remedyId,
  replaceDaemonJson,
  restoreDaemonJson,
  signalReload,
  writeDaemonJson,
} from '../diagnose';
import type { DaemonList, RunningDaemon } from '../diagnose';

type FixResult = Response<'diagnose.fix'>;

const RELOAD_WAIT_MS = 10_000;

/** The local dockerd behind a unix-socket engine, or null. */
export async function daemonBehind(engine: EnginePort | undefined): Promise<RunningDaemon | null> {
  const address = engine?.endpoint.kind === 'unix' ? engine.endpoint.address : '';
  if (!address.startsWith('unix://')) return null;
  return findDaemon(address.slice('unix://'.length));
}

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/** Whether the engine's own view (docker info) shows the value in the list. */
export function engineHas(view: EngineRegistryView, key: DaemonList, value: string): boolean {
  if (key === 'registry-mirrors') {
    // moby stores mirrors with a trailing slash (registry.ValidateMirror).
    return view.mirrors.some((m) => withoutSlash(m) === withoutSlash(value));
  }
  return (
    view.registries.some((r) => r.name === value && !r.secure) || view.insecureCidrs.includes(value)
  );
}

async function waitForView(
  engine: EnginePort,
  wanted: (view: EngineRegistryView) => boolean,
): Promise<boolean> {
  if (!engine.registryView) return false;
  const until = Date.now() + RELOAD_WAIT_MS;
  for (;;) {
    const view = await engine.registryView().catch(() => null);
    if (view && wanted(view)) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 150));
  }
}

function showOnly(key: DaemonList, value: string): FixResult {
  return {
    applied: false,
    summary: `Berth cannot see this engine's daemon (a remote engine or Docker Desktop): add "${value}" to "${key}" in its daemon.json yourself.`,
    changes: [
      `daemon.json: + "${key}": ["${value}"] (merge with any list already there)`,
      'Docker Desktop: Settings → Docker Engine → edit the JSON → Apply & restart; Linux: /etc/docker/daemon.json, then sudo systemctl reload docker',
    ],
    undo: null,
    diagnosis: null,
  };
}

export async function applyDaemonList(
  engine: EnginePort | undefined,
  key: DaemonList,
  value: string,
  staging: string,
): Promise<FixResult> {
  if (!value) throw new BerthError('fix.bad_remedy', `No value to add to "${key}".`);
  const daemon = await daemonBehind(engine);
  if (!daemon || !engine) return showOnly(key, value);
  const plan = planDaemonEdit(
    daemon.configPath,
    await readDaemonJson(daemon.configPath),
    key,
    value,
    daemon.args,
  );
  const reload = reloadCommand(daemon);
  const view = engine.registryView ? await engine.registryView().catch(() => null) : null;
  if (plan.unchanged && view && engineHas(view, key, value)) {
    throw new BerthError(
      'fix.nothing_to_change',
      `"${value}" is in "${key}" of ${plan.path} and the engine uses it already.`,
    );
  }
  const written = plan.unchanged
    ? null
    : await writeDaemonJson(plan, join(staging, 'daemon-json'), reload);
  const signalled = signalReload(daemon);
  const took = signalled && (await waitForView(engine, (v) => engineHas(v, key, value)));
  const changes = [
    ...(written
      ? [
          `${plan.path}${written.backup ? ` (backup ${written.backup})` : ' (new file)'}:`,
          ...plan.diff,
        ]
      : [`${plan.path}: has it already; dockerd had not read it yet`]),
    signalled
      ? `dockerd (pid ${daemon.pid}) reloaded its configuration (SIGHUP): ${took ? 'docker info now shows it' : 'docker info does not show it yet'}`
      : `then run: ${reload}`,
  ];
  return {
    applied: true,
    summary: took
      ? `The engine now ${key === 'insecure-registries' ? `talks plain HTTP to ${value}` : `pulls Docker Hub images through ${value} first`}.`
      : signalled
        ? `${plan.path} is written, but dockerd did not take it: its log says why (journalctl -u docker, or dockerd's output).`
        : `${plan.path} is written; it applies once dockerd reloads: ${reload}`,
    changes,
    undo: written
      ? remedyId('daemon-json-undo', key, value, written.path, written.backup ?? '', written.hash)
      : null,
    diagnosis: null,
  };
}

/**
 * Undo: dockerd first reloads the original with the list reset (a reload leaves a list the file
 * does not set), then the file is put back byte for byte.
 */
export async function undoDaemonList(
  engine: EnginePort | undefined,
  args: string[],
): Promise<FixResult> {
  const [key = '', value = '', path = '', backup = '', hash = ''] = args;
  if (!isDaemonList(key)) throw new BerthError('fix.bad_undo', `Not a daemon.json list: ${key}`);
  const undo = await checkDaemonUndo(path, backup || null, hash);
  const daemon = await daemonBehind(engine);
  let gone = false;
  let signalled = false;
  if (daemon && engine && mayReload(daemon)) {
    await replaceDaemonJson(path, reloadableOriginal(undo.original, key));
    signalled = signalReload(daemon);
    gone = signalled && (await waitForView(engine, (v) => !engineHas(v, key, value)));
  }
  await restoreDaemonJson(undo);
  return {
    applied: true,
    summary: `${path} is back as it was${gone ? ', and the engine no longer uses it' : signalled ? '; docker info still shows it: restart the engine' : ''}.`,
    changes: [
      undo.backup
        ? `${path}: restored byte for byte from ${undo.backup}`
        : `${path}: removed (Berth had created it)`,
      signalled
        ? `dockerd (pid ${daemon?.pid}) reloaded its configuration (SIGHUP) with "${key}" reset first: a reload leaves a list the file does not set`
        : `then restart the engine (${reloadCommand(daemon)
            .replace('reload', 'restart')
            .replace(
              /kill -HUP \d+/,
              'restart dockerd',
            )}): a reload leaves a list the file no longer sets`,
    ],
    undo: null,
    diagnosis: null,
  };
}
