import { shortDigest } from '../format';
import { useImageView } from '../state';
import { LoadableView } from './ImageView';

const KIND_WORDS: Record<string, string> = {
  'cosign-signature': 'cosign signature',
  'notation-signature': 'Notation signature',
  'sbom-spdx': 'SPDX SBOM',
  'sbom-cyclonedx': 'CycloneDX SBOM',
  'slsa-provenance': 'SLSA provenance',
  'in-toto': 'in-toto attestation',
  other: 'other artifact',
};

export function ImageReferrers() {
  const referrers = useImageView((s) => s.referrers);
  return (
    <LoadableView value={referrers} what="the image's referrers">
      {(list) => (
        <div data-testid="image-referrers">
          <p className="muted">
            {list.api === 'supported'
              ? 'The registry answered the OCI 1.1 referrers API.'
              : 'The registry has no referrers API: Berth read the fallback tags instead.'}
          </p>
          {list.referrers.length === 0 ? (
            <p>No signatures, SBOMs or attestations refer to this image.</p>
          ) : (
            <ul className="referrer-list">
              {list.referrers.map((r) => (
                <li key={r.digest} data-testid="referrer" data-kind={r.kind}>
                  <strong>{KIND_WORDS[r.kind] ?? r.kind}</strong>{' '}
                  <code title={r.digest}>{shortDigest(r.digest)}</code>
                  <span className="muted">
                    {' '}
                    via {r.via}
                    {r.tag ? ` (tag ${r.tag})` : ''}
                  </span>
                  {r.provenance ? (
                    <div className="muted">
                      Built from {r.provenance.sourceRepository ?? 'an unnamed source'}
                      {r.provenance.commit ? ` at ${r.provenance.commit.slice(0, 12)}` : ''}
                      {r.provenance.builder ? ` by ${r.provenance.builder}` : ''}
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </LoadableView>
  );
}
