/**
 * A pull's progress on stderr: one live line on a terminal, or, when stderr is a file or a
 * pipe (CI logs), one plain line per layer whenever its state changes, as `docker pull` does.
 */
import { formatBytes } from '../shared/format';
import type { LayerState, PullProgress } from '../shared/pull';

export interface ProgressView {
  update(progress: PullProgress): void;
  /** Clears the live line, so what follows starts on a clean line. */
  end(): void;
}

const LAYER_LABELS: Record<LayerState, string> = {
  waiting: 'Waiting',
  downloading: 'Downloading',
  downloaded: 'Download complete',
  extracting: 'Extracting',
  done: 'Pull complete',
  exists: 'Already exists',
};

export function layerLine(id: string, state: LayerState): string {
  return `${id}: ${LAYER_LABELS[state]}`;
}

export function summaryLine(p: PullProgress): string {
  const finished = p.layers.filter((l) => l.state === 'done' || l.state === 'exists').length;
  const layers = p.layers.length ? `${finished}/${p.layers.length} layers` : 'resolving';
  const bytes =
    p.bytes.total > 0 ? `${formatBytes(p.bytes.current)} / ${formatBytes(p.bytes.total)}` : '';
  const speed = p.phase === 'downloading' && p.speedBps > 0 ? `${formatBytes(p.speedBps)}/s` : '';
  return [p.phase, layers, bytes, speed].filter(Boolean).join('  ');
}

export function liveProgressView(write: (text: string) => void): ProgressView {
  let shown = false;
  return {
    update(progress) {
      shown = true;
      write(`\r\x1b[K${summaryLine(progress)}`);
    },
    end() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

export function plainProgressView(writeLine: (line: string) => void): ProgressView {
  const printed = new Map<string, LayerState>();
  return {
    update(progress) {
      for (const layer of progress.layers) {
        if (printed.get(layer.id) === layer.state) continue;
        printed.set(layer.id, layer.state);
        writeLine(layerLine(layer.id, layer.state));
      }
    },
    end() {},
  };
}
