/**
 * All of the renderer's state, made for one client. The stores talk only to the typed client;
 * start() wires the pushed events in and returns the function that unwires them.
 */
import type { BerthClient } from '../../../src/shared/client';
import type { TransportSignals } from '../transport/types';
import { createDoctorStore } from './doctor-store';
import { createEngineStore } from './engine-store';
import { createImagesStore } from './images-store';
import { createPullsStore } from './pulls-store';
import { createRegistriesStore } from './registries-store';
import { createTagsStore } from './tags-store';
import { createUiStore } from './ui-store';
import type { Screen, TransportKind } from './ui-store';

export interface BerthStores {
  engine: ReturnType<typeof createEngineStore>;
  images: ReturnType<typeof createImagesStore>;
  tags: ReturnType<typeof createTagsStore>;
  registries: ReturnType<typeof createRegistriesStore>;
  doctor: ReturnType<typeof createDoctorStore>;
  pulls: ReturnType<typeof createPullsStore>;
  ui: ReturnType<typeof createUiStore>;
  start(): () => void;
}

export function createBerthStores(
  client: BerthClient,
  signals: TransportSignals,
  initialScreen?: Screen,
  transport?: TransportKind,
): BerthStores {
  const engine = createEngineStore(client);
  const images = createImagesStore(client);
  const tags = createTagsStore(client);
  const registries = createRegistriesStore(client);
  const doctor = createDoctorStore(client);
  const pulls = createPullsStore(client);
  const ui = createUiStore(initialScreen, transport);

  const start = () => {
    const stops = [
      // The host pushes engine.status whenever the engine goes up or down.
      client.on('engine.status', (status) => engine.getState().apply(status)),
      client.on('pull.progress', (event) => pulls.getState().onProgress(event)),
      client.on('pull.log', (event) => pulls.getState().onLog(event)),
      client.on('pull.done', (event) => pulls.getState().onDone(event)),
      signals.onStreamState((stream) => {
        const was = engine.getState().stream;
        engine.getState().setStream(stream);
        // Events may have been missed while the stream was down: ask for the current state.
        if (stream === 'live' && was === 'reconnecting') void engine.getState().refresh();
      }),
      engine.subscribe((state, previous) => {
        const cameBack = state.status?.state === 'up' && previous.status?.state === 'down';
        // Refresh a list someone has already looked at; a list never shown loads when opened.
        if (cameBack && images.getState().images !== undefined) void images.getState().load();
      }),
    ];
    void engine.getState().refresh();
    return () => stops.forEach((stop) => stop());
  };

  const stopAll = start;
  return {
    engine,
    images,
    tags,
    registries,
    doctor,
    pulls,
    ui,
    start: () => {
      const stop = stopAll();
      return () => {
        stop();
        void tags.getState().stop();
      };
    },
  };
}
