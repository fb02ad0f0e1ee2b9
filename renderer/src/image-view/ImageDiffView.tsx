import type { ImageDiff } from '../../../src/shared/image-content';
import { formatBytes, shortDigest } from '../format';
import { useImageView } from '../state';
import { LoadableView } from './ImageView';

const changes = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'change' : 'changes'}`;

function DiffResult({ diff }: { diff: ImageDiff }) {
  if (diff.sameDigest)
    return <p data-testid="diff-same">Both name the same image ({shortDigest(diff.a.digest)}).</p>;
  const files = diff.files ?? [];
  return (
    <div data-testid="diff-result">
      <p>
        {shortDigest(diff.a.digest)} → {shortDigest(diff.b.digest)}
        {diff.sameManifest ? ' (the same image for this platform: only the index differs)' : ''}
      </p>
      <h3>Config ({changes(diff.config.length)})</h3>
      {diff.config.length === 0 ? (
        <p className="muted">The configs match.</p>
      ) : (
        <ul>
          {diff.config.map((c, i) => (
            <li key={`${c.field}-${i}`} data-testid="diff-config">
              <strong>{c.field}</strong> {c.change}: <code>{c.a ?? '—'}</code> →{' '}
              <code>{c.b ?? '—'}</code>
            </li>
          ))}
        </ul>
      )}
      <h3>Layers</h3>
      <p>
        {diff.layers.shared.length} shared, {diff.layers.onlyA.length} only in the first,{' '}
        {diff.layers.onlyB.length} only in the second.
      </p>
      <h3>Files ({changes(files.length)})</h3>
      <ul className="diff-files">
        {files.slice(0, 1000).map((f) => (
          <li key={f.path} data-testid="diff-file" data-change={f.change} className="mono">
            {f.change === 'added' ? '+' : f.change === 'removed' ? '−' : '~'} /{f.path}{' '}
            <span className="muted">
              {f.sizeA !== null ? formatBytes(f.sizeA) : ''}
              {f.sizeA !== null && f.sizeB !== null ? ' → ' : ''}
              {f.sizeB !== null ? formatBytes(f.sizeB) : ''}
            </span>
          </li>
        ))}
      </ul>
      {files.length > 1000 ? <p className="muted">…and {files.length - 1000} more.</p> : null}
    </div>
  );
}

/** "What changed between this image and another?": a reference, a digest or a ledger entry id. */
export function ImageDiffView() {
  const diffWith = useImageView((s) => s.diffWith);
  const setDiffWith = useImageView((s) => s.setDiffWith);
  const runDiff = useImageView((s) => s.runDiff);
  const diff = useImageView((s) => s.diff);
  return (
    <div className="image-diff">
      <form
        className="image-diff__form"
        onSubmit={(event) => {
          event.preventDefault();
          void runDiff();
        }}
      >
        <label htmlFor="image-diff-other">Compare with</label>
        <input
          id="image-diff-other"
          className="input mono"
          data-testid="diff-other"
          placeholder="another tag, repo@sha256:…, or a ledger entry id"
          value={diffWith}
          onChange={(event) => setDiffWith(event.target.value)}
          spellCheck={false}
        />
        <button
          type="submit"
          className="button button--primary"
          data-testid="diff-run"
          disabled={!diffWith.trim() || diff.state === 'loading'}
        >
          Compare
        </button>
      </form>
      <LoadableView value={diff} what="both images">
        {(value) => <DiffResult diff={value} />}
      </LoadableView>
    </div>
  );
}
