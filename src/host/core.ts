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

export interface BerthCore {
  dispatch: Dispatch;
  bus: EventBus;
  engine: EnginePort;
  monitor: EngineMonitor;
  dataDir: string;
  /** Starts watching the engine and pushing engine.status events. */
  watch(): void;
  close(): void;
}

export interface BerthCoreOptions {
  env?: NodeJS.ProcessEnv;
  engine?: EnginePort;
  monitorIntervals?: { upIntervalMs: number; downIntervalMs: number };
}

export function createBerthCore(options: BerthCoreOptions = {}): BerthCore {
  const env = options.env ?? process.env;
  const engine = options.engine ?? engineFromEnv(env);
  const monitor = new EngineMonitor(engine, options.monitorIntervals ?? {});
  const bus = new EventBus();
  const unsubscribe = monitor.onChange((status) => bus.emit('engine.status', status));
  return {
    dispatch: createDispatch(createHandlers({ engine, monitor })),
    bus,
    engine,
    monitor,
    dataDir: userDataDir(env),
    watch: () => monitor.start(),
    close: () => {
      monitor.stop();
      unsubscribe();
    },
  };
}
