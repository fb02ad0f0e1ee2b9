/**
 * The image a run would use, with what the registry says about it: an update badge (one HEAD,
 * nothing pulled; a stale local copy is refreshed by a pull whose ledger entry keeps the old
 * digest beside the new) and "Look inside", which opens the image view.
 */
import { useEffect } from 'react';
import type { FlowDefinition } from '../../../src/shared/flows';
import {
  parseNormalizedNamed,
  referenceString,
  trimNamed,
  withDigest,
  withTag,
} from '../../../src/shared/reference';
import { useImageView, useImages } from '../state';
import { buildsImage, imageUnusable } from '../state/run-form';
import type { RunForm } from '../state/run-form';
import { UpdateBadge } from '../images/UpdateBadge';

/** Typing in "Another image…" settles before the registry is asked. */
const CHECK_AFTER_MS = 400;

/** The registry image the run would use; undefined when it is built first or not yet named. */
export function registryImage(flow: FlowDefinition, form: RunForm): string | undefined {
  if (form.imageSource === 'other') return form.image.trim() || undefined;
  if (buildsImage(flow, form) || imageUnusable(flow)) return undefined;
  return flow.image ?? undefined;
}

/**
 * The tag an update check is about, canonical as the check reports it (docker.io/library/x:latest),
 * or undefined for a digest reference, which never moves, or one that does not parse.
 */
export function checkedTag(reference: string): string | undefined {
  try {
    const ref = parseNormalizedNamed(reference);
    if (ref.digest) return undefined;
    return referenceString(ref.tag ? ref : withTag(ref, 'latest'));
  } catch {
    return undefined;
  }
}

export function FlowImageBar({ reference }: { reference: string }) {
  const checkUpdates = useImages((s) => s.checkUpdates);
  const tag = checkedTag(reference);
  // A refresh pull re-checks the canonical tag: read that first, then what was asked.
  const check = useImages((s) => (tag ? (s.updates[tag] ?? s.updates[reference]) : undefined));
  const openImage = useImageView((s) => s.open);

  useEffect(() => {
    if (!tag) return;
    const timer = setTimeout(() => void checkUpdates([reference]), CHECK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [reference, tag, checkUpdates]);

  // An image the engine does not hold has nothing to be stale against: the run pulls it.
  const notLocal = check?.status === 'failed' && check.error?.code === 'engine.not_found';
  return (
    <div className="flow-image-bar" data-testid="flow-image-bar">
      <span className="muted">Image</span>
      <span className="mono flow-image-bar__ref">{reference}</span>
      {check && !notLocal ? <UpdateBadge check={check} /> : null}
      {notLocal ? (
        <span className="badge" data-testid="flow-image-not-local" title={check.summary}>
          Not on the engine
        </span>
      ) : null}
      <button
        type="button"
        className="button"
        data-testid="flow-look-inside"
        title="Config, layers, files, signatures: read from the registry, nothing pulled"
        onClick={() => openImage(reference)}
      >
        Look inside
      </button>
    </div>
  );
}

/**
 * The exact image a run used, by digest (repository@sha256:…), so "Look inside" shows it even
 * after the tag has moved on; undefined when the reference cannot be read.
 */
export function ranImage(reference: string, digest: string): string | undefined {
  try {
    return referenceString(withDigest(trimNamed(parseNormalizedNamed(reference)), digest));
  } catch {
    return undefined;
  }
}
