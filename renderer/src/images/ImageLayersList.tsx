import type { ImageLayer } from '../../../src/shared/contract';
import { formatBytes, shortDigest } from '../format';

/** The layers, oldest first: short diff ID, size, and the command that made each one. */
export function ImageLayersList({ layers }: { layers: readonly ImageLayer[] }) {
  if (layers.length === 0) return <p className="muted">No layers.</p>;
  return (
    <ol className="layers">
      {layers.map((layer, index) => (
        <li key={`${layer.diffId}-${index}`} className="layers__row">
          <span className="layers__index">{index + 1}</span>
          <code className="layers__id" title={layer.diffId}>
            {shortDigest(layer.diffId)}
          </code>
          <span className="layers__size num">{layer.size < 0 ? '—' : formatBytes(layer.size)}</span>
          <code className="layers__cmd" title={layer.createdBy || 'Unknown command'}>
            {layer.createdBy || '—'}
          </code>
        </li>
      ))}
    </ol>
  );
}
