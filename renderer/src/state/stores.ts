/**
 * All of the renderer's state, made for one client. The stores talk only to the typed client;
 * start() wires the pushed events in and returns the function that unwires them.
 */
import type { BerthClient } from '../../../src/shared/client';
import type { TransportSignals } from '../transport/types';
import { createDoctorStore } from './doctor-store';
import { createEngineStore } from './engine-store';
import { createImagesStore, watchImageChanges } from './images-store';
import { createPullsStore } from './pulls-store';
import { createRegistriesStore } from './registries-store';
import { createRunsStore } from './runs-store';
import { createTagsStore } from './tags-store';
import { createUiStore } from './ui-store';
import { createImageViewStore } from './image-view-store';
import type { Screen, TransportKind } from './ui-store';

export interface BerthStores {
  engine: ReturnType<typeof createEngineStore>;
  images: ReturnType<typeof createImagesStore>;
  tags: ReturnType<typeof createTagsStore>;
  registries: ReturnType<typeof createRegistriesStore>;
  doctor: ReturnType<typeof createDoctorStore>;
  pulls: ReturnType<typeof createPullsStore>;
  runs: ReturnType<typeof createRunsStore>;
  ui: ReturnType<typeof createUiStore>;
  imageView: ReturnType<typeof createImageViewStore>;
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
  const runs = createRunsStore(client);
  const ui = createUiStore(initialScreen, transport);
  const imageView = createImageViewStore(client);

  const start = () => {
    const stops = [
      // The host pushes engine.status whenever the engine goes up or down.
      client.on('engine.status', (status) => engine.getState().apply(status)),
      client.on('pull.progress', (event) => pulls.getState().onProgress(event)),
      client.on('pull.log', (event) => pulls.getState().onLog(event)),
      client.on('pull.done', (event) => pulls.getState().onDone(event)),
      // A pull, a run's pull or build, or the engine's own image events: the list shows it.
      watchImageChanges(client, images),
      client.on('images.files.progress', (event) => imageView.getState().onFilesProgress(event)),
      client.on('images.files.rows', (event) => imageView.getState().onFilesRows(event)),
      client.on('images.files.done', (event) => imageView.getState().onFilesDone(event)),
      client.on('flows.changed', (result) => runs.getState().applyDiscovery(result)),
      client.on('run.status', (run) => runs.getState().applyStatus(run)),
      client.on('run.log', ({ runId, chunk }) => runs.getState().appendLog(runId, chunk)),
      client.on('run.done', (done) => runs.getState().applyDone(done)),
      signals.onStreamState((stream) => {
        const was = engine.getState().stream;
        engine.getState().setStream(stream);
        // Events may have been missed while the stream was down: ask for the current state.
        if (stream === 'live' && was === 'reconnecting') {
          void engine.getState().refresh();
          void pulls.getState().reattach();
          // A run may have ended unseen: the list says which are still going.
          if (runs.getState().discovery) void runs.getState().loadHistory();
          // So may an images.changed: a list already shown is read again.
          images.getState().imagesChanged();
        }
      }),
      engine.subscribe((state, previous) => {
        const cameBack = state.status?.state === 'up' && previous.status?.state === 'down';
        // Refresh a list someone has already looked at; a list never shown loads when opened.
        if (cameBack && images.getState().images !== undefined) void images.getState().load();
      }),
    ];
    void engine.getState().refresh();
    // A reloaded window finds the pulls still in flight, with their progress, and the
    // finished results it had open, from the ledger.
    void pulls.getState().reattach();
    void pulls.getState().restore();
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
    runs,
    ui,
    imageView,
    start: () => {
      const stop = stopAll();
      return () => {
        stop();
        void tags.getState().stop();
      };
    },
  };
}
