import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { ImageDetails } from '../../../src/shared/contract';
import { CopyButton } from '../common/CopyButton';
import { ErrorPanel } from '../common/ErrorPanel';
import { CloseIcon } from '../common/icons';
import {
  execForm,
  formatBytes,
  formatExactTime,
  formatPlatform,
  shortId,
  splitEnv,
  tagSummary,
} from '../format';
import { useImageView, useImages } from '../state';
import { ImageLayersList } from './ImageLayersList';
import { KeyValueList } from './KeyValueList';
import './image-details.css';

function Section({
  title,
  count,
  children,
}: {
  title: string;
  count?: number;
  children: ReactNode;
}) {
  return (
    <section className="details-section">
      <h3 className="details-section__title">
        {title}
        {count !== undefined ? <span className="details-section__count">{count}</span> : null}
      </h3>
      {children}
    </section>
  );
}

function CopyList({
  items,
  label,
  empty,
}: {
  items: readonly string[];
  label: string;
  empty: string;
}) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="copy-list">
      {items.map((item) => (
        <li key={item}>
          <code>{item}</code>
          <CopyButton text={item} label={`${label} ${item}`} />
        </li>
      ))}
    </ul>
  );
}

function Facts({ details }: { details: ImageDetails }) {
  const rows: [string, ReactNode][] = [
    ['Platform', formatPlatform(details.os, details.architecture, details.variant)],
    ['Created', formatExactTime(details.created)],
    ['Size', formatBytes(details.size)],
    ['Entrypoint', <code key="e">{execForm(details.entrypoint)}</code>],
    ['Cmd', <code key="c">{execForm(details.cmd)}</code>],
    ['Working dir', details.workingDir ? <code key="w">{details.workingDir}</code> : '—'],
    ['User', details.user ? <code key="u">{details.user}</code> : 'root (default)'],
    ['Exposed ports', details.exposedPorts.length ? details.exposedPorts.join(', ') : '—'],
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} className="facts__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Everything `docker inspect` knows about one image, readable, with Remove at the bottom. */
export function ImageDetailsPanel() {
  const selected = useImages((s) => s.selected);
  const summary = useImages((s) => s.images?.find((image) => image.id === s.selected?.id));
  const select = useImages((s) => s.select);
  const askRemove = useImages((s) => s.askRemove);
  const openImage = useImageView((s) => s.open);
  const id = selected?.id;

  // Escape closes the panel (a dialog on top takes Escape first and stops it).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) void select(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);

  if (!selected || !id) return null;
  const details = selected.details;
  const tags = details?.repoTags ?? summary?.repoTags ?? [];

  return (
    <aside
      className="details-panel"
      data-testid="image-details"
      aria-labelledby="image-details-title"
    >
      <header className="details-panel__header">
        <div className="details-panel__heading">
          <h2 id="image-details-title">{tagSummary(tags).label}</h2>
          <p className="mono muted" title={id}>
            {shortId(id)}
            <CopyButton text={id} label="image ID" />
          </p>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={() => void select(undefined)}
        >
          <CloseIcon />
        </button>
      </header>

      <div className="details-panel__body">
        {selected.loading ? <div className="skeleton skeleton--block" aria-busy="true" /> : null}
        {selected.error ? (
          <ErrorPanel
            title="Could not inspect the image"
            error={selected.error}
            onRetry={() => void select(id)}
          />
        ) : null}
        {details ? (
          <>
            <Section title="Tags" count={details.repoTags.length}>
              <CopyList items={details.repoTags} label="reference" empty="Untagged (<none>)." />
            </Section>
            <Section title="Digests" count={details.repoDigests.length}>
              <CopyList
                items={details.repoDigests}
                label="digest reference"
                empty="No repo digest: never pushed or pulled by digest."
              />
            </Section>
            <Section title="Config">
              <Facts details={details} />
            </Section>
            <Section title="Labels" count={Object.keys(details.labels).length}>
              <KeyValueList entries={Object.entries(details.labels)} empty="No labels." />
            </Section>
            <Section title="Environment" count={details.env.length}>
              <KeyValueList
                entries={details.env.map(splitEnv)}
                separator="="
                empty="No environment variables."
              />
            </Section>
            <Section title="Layers" count={details.layers.length}>
              <ImageLayersList layers={details.layers} />
            </Section>
          </>
        ) : null}
      </div>

      <footer className="details-panel__footer">
        {details?.repoDigests[0] ? (
          <button
            type="button"
            className="button"
            data-testid="image-look-inside"
            title="The exact image the engine recorded, read from its registry: files, diff, signatures"
            onClick={() => openImage(details.repoDigests[0] ?? '')}
          >
            Look inside
          </button>
        ) : null}
        <button
          type="button"
          className="button button--danger-outline"
          data-testid="image-remove"
          onClick={askRemove}
        >
          Remove image…
        </button>
      </footer>
    </aside>
  );
}
