/**
 * What the pull's bars show (design/ui.md, "Pull"): per layer, how much is downloaded and how
 * much extracted, as fractions of the bar; overall, the bytes, the speed and the time left.
 */
import type { LayerProgress, PullProgress } from '../../../src/shared/pull';
import { formatBytes } from '../format';

export interface LayerFill {
  /** 0..1 of the bar: downloaded bytes. */
  downloaded: number;
  /** 0..1 of the bar: extracted, drawn over the downloaded part. */
  extracted: number;
}

const fraction = (current: number, total: number | null) =>
  total && total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;

export function layerFill(layer: LayerProgress): LayerFill {
  switch (layer.state) {
    case 'waiting':
      return { downloaded: 0, extracted: 0 };
    case 'downloading':
      return { downloaded: fraction(layer.current, layer.total), extracted: 0 };
    case 'downloaded':
      return { downloaded: 1, extracted: 0 };
    case 'extracting':
      return { downloaded: 1, extracted: fraction(layer.current, layer.total) };
    case 'done':
    case 'exists':
      return { downloaded: 1, extracted: 1 };
  }
}

export const LAYER_WORDS: Record<LayerProgress['state'], string> = {
  waiting: 'waiting',
  downloading: 'downloading',
  downloaded: 'downloaded',
  extracting: 'extracting',
  done: 'done',
  exists: 'already here',
};

/** "12.0 MiB of 48.2 MiB" for a layer in flight; its words otherwise. */
export function layerLabel(layer: LayerProgress): string {
  if ((layer.state === 'downloading' || layer.state === 'extracting') && layer.total) {
    return `${LAYER_WORDS[layer.state]} ${formatBytes(layer.current)} of ${formatBytes(layer.total)}`;
  }
  return LAYER_WORDS[layer.state];
}

export interface Overall {
  /** 0..1, or null while the engine has announced no size. */
  fraction: number | null;
  bytes: string;
  speed: string | null;
  /** "about 12 s left"; null when it cannot be told. */
  timeLeft: string | null;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function overall(progress: PullProgress): Overall {
  const { current, total } = progress.bytes;
  const known = total > 0;
  const remaining = known ? Math.max(0, total - current) : 0;
  const speed = progress.speedBps > 0 ? `${formatBytes(progress.speedBps)}/s` : null;
  const timeLeft =
    progress.phase === 'downloading' && known && progress.speedBps > 0 && remaining > 0
      ? `about ${duration(remaining / progress.speedBps)} left`
      : null;
  return {
    fraction: known ? fraction(current, total) : null,
    bytes: known ? `${formatBytes(current)} of ${formatBytes(total)}` : formatBytes(current),
    speed,
    timeLeft,
  };
}

/** Updates a second over the span they arrived in; 0 until two have come. */
export function updateRate(updates: { count: number; first: number; last: number }): number {
  const span = (updates.last - updates.first) / 1000;
  return updates.count > 1 && span > 0 ? (updates.count - 1) / span : 0;
}
