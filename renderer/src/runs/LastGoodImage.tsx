/**
 * "What changed since the last good run?" for a run that did not succeed: whether it ran the
 * same image as the flow's last successful run, and if not, the image view's Compare tab with
 * both digests (files, config, layers), read from the registry.
 */
import type { RunEntry } from '../../../src/shared/ledger';
import { shortDigest } from '../format';
import { useImageView, useRuns } from '../state';
import { ranImage } from './FlowImageBar';

/** The flow's latest successful run before `entry` that recorded a digest. */
export function lastGoodRun(history: readonly RunEntry[], entry: RunEntry): RunEntry | undefined {
  let best: RunEntry | undefined;
  for (const e of history) {
    if (e.flowId !== entry.flowId || e.projectDir !== entry.projectDir) continue;
    if (e.result !== 'success' || !e.digest || e.time >= entry.time) continue;
    if (!best || e.time > best.time) best = e;
  }
  return best;
}

export function LastGoodImage({ entry }: { entry: RunEntry }) {
  const history = useRuns((s) => s.history);
  const compare = useImageView((s) => s.compare);
  if (entry.result === 'success' || !entry.digest || entry.build) return null;
  const good = history ? lastGoodRun(history, entry) : undefined;
  if (!good?.digest) return null;
  const before = ranImage(good.reference, good.digest);
  const now = ranImage(entry.reference, entry.digest);
  return (
    <div className="facts__row">
      <dt>Last good run</dt>
      <dd data-testid="run-last-good" data-same={good.digest === entry.digest}>
        {good.digest === entry.digest ? (
          <>Same image ({shortDigest(good.digest)}): the image is not what changed.</>
        ) : (
          <>
            ran <span className="mono">{shortDigest(good.digest)}</span>, this run{' '}
            <span className="mono">{shortDigest(entry.digest)}</span>.{' '}
            {before && now ? (
              <button
                type="button"
                className="link-button"
                data-testid="run-compare-last-good"
                onClick={() => void compare(now, before)}
              >
                Compare the images
              </button>
            ) : null}
          </>
        )}
      </dd>
    </div>
  );
}
