import type { RemoteImage } from '../../../src/shared/image-content';
import { formatBytes, shortDigest } from '../format';
import { KeyValueList } from '../images/KeyValueList';
import { useImageView } from '../state';
import { LoadableView } from './ImageView';

const platformText = (p: RemoteImage['platform']) =>
  `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;

/** Each layer as a bar as long as its share of the compressed size, with the step that made it. */
function LayersChart({ image }: { image: RemoteImage }) {
  const largest = Math.max(1, ...image.layers.map((l) => l.size));
  return (
    <ol className="layers-chart" data-testid="layers-chart" aria-label="Layers by compressed size">
      {image.layers.map((layer, index) => (
        <li key={`${layer.digest}-${index}`} className="layers-chart__row">
          <span className="layers-chart__label mono" title={layer.digest}>
            {index}: {shortDigest(layer.digest)}
          </span>
          <span className="layers-chart__track" aria-hidden="true">
            <span
              className="layers-chart__bar"
              style={{ width: `${Math.max(1, (layer.size / largest) * 100)}%` }}
            />
          </span>
          <span className="layers-chart__size num">{formatBytes(layer.size)}</span>
          <span className="layers-chart__step muted" title={layer.createdBy ?? undefined}>
            {layer.createdBy ?? '—'}
          </span>
        </li>
      ))}
    </ol>
  );
}

export function ImageOverview() {
  const remote = useImageView((s) => s.remote);
  return (
    <LoadableView value={remote} what="the image's config">
      {(image) => (
        <div className="image-overview" data-testid="image-overview">
          <KeyValueList
            empty=""
            entries={[
              ['Digest', image.digest],
              ['Platform', platformText(image.platform)],
              ['Entrypoint', image.entrypoint.join(' ') || '—'],
              ['Command', image.cmd.join(' ') || '—'],
              ['User', image.user || 'root (default)'],
              ['Working dir', image.workingDir || '/'],
              ['Ports', image.exposedPorts.join(', ') || '—'],
              ['Created', image.created ?? '—'],
              ['Compressed size', formatBytes(image.compressedSize)],
            ]}
          />
          <h3>Environment</h3>
          <KeyValueList
            separator="="
            empty="No environment variables."
            entries={image.env.map((e) => {
              const at = e.indexOf('=');
              return [at < 0 ? e : e.slice(0, at), at < 0 ? '' : e.slice(at + 1)] as const;
            })}
          />
          <h3>Labels</h3>
          <KeyValueList empty="No labels." entries={Object.entries(image.labels)} />
          <h3>Layers ({image.layers.length})</h3>
          <LayersChart image={image} />
        </div>
      )}
    </LoadableView>
  );
}
