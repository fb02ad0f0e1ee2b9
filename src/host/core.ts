/**
 * The Berth core as the app, the CLI and browser mode each start it: one engine, one
 * monitor, one event bus and one dispatch over the contract.
 */
import { EngineMonitor, engineFromEnv } from '../engine';
import type { EnginePort } from '../engine';
import { createDispatch } from './dispatch';
import type { Dispatch } from './dispatch';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { userDataDir } from './paths';
import { RegistryClient, createUndiciFetch } from '../registry';
import type { Fetch } from '../registry';
import { credentialsFromEnv } from '../credentials/env-credentials';
import type { CredentialLookup } from '../credentials/env-credentials';
import { TagsService } from './tags-service';

export interface BerthCore {
  dispatch: Dispatch;
  bus: EventBus;
  engine: EnginePort;
  monitor: EngineMonitor;
  registry: RegistryClient;
  dataDir: string;
  /** Starts watching the engine and pushing engine.status events. */
  watch(): void;
  close(): void;
}

export interface BerthCoreOptions {
  env?: NodeJS.ProcessEnv;
  engine?: EnginePort;
  monitorIntervals?: { upIntervalMs: number; downIntervalMs: number };
  /** Electron's net.fetch in the app; undici (proxy and CA aware) elsewhere. */
  fetch?: Fetch;
  credentials?: CredentialLookup;
  registryTimeoutMs?: number;
}

export function createBerthCore(options: BerthCoreOptions = {}): BerthCore {
  const env = options.env ?? process.env;
  const engine = options.engine ?? engineFromEnv(env);
  const monitor = new EngineMonitor(engine, options.monitorIntervals ?? {});
  const bus = new EventBus();
  const credentials = options.credentials ?? credentialsFromEnv(env);
  const registry = new RegistryClient({
    fetch:
      options.fetch ??
      createUndiciFetch({ caFiles: env.BERTH_EXTRA_CA_FILES?.split(':').filter(Boolean) ?? [] }),
    credentials,
    ...(options.registryTimeoutMs ? { timeoutMs: options.registryTimeoutMs } : {}),
    insecureRegistries: env.BERTH_INSECURE_REGISTRIES?.split(',').filter(Boolean) ?? [],
  });
  const tags = new TagsService(registry, monitor);
  const unsubscribe = monitor.onChange((status) => bus.emit('engine.status', status));
  return {
    dispatch: createDispatch(createHandlers({ engine, monitor, tags })),
    bus,
    engine,
    monitor,
    registry,
    dataDir: userDataDir(env),
    watch: () => monitor.start(),
    close: () => {
      monitor.stop();
      tags.listings.closeAll();
      unsubscribe();
    },
  };
}
