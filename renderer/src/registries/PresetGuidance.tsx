import type { RegistryPreset } from '../../../src/shared/registry-presets';
import { HintText } from '../common/HintText';

/** What the chosen kind of registry wants, and where to create it (src/shared/registry-presets). */
export function PresetGuidance({ preset }: { preset: RegistryPreset }) {
  return (
    <div className="preset-guidance" data-testid="cred-guidance" data-preset={preset.id}>
      <p>
        <HintText text={preset.guidance} />
      </p>
      {preset.id === 'gar' ? (
        <p data-testid="cred-guidance-hosts">
          <HintText text="The host is the repository's region: `REGION-docker.pkg.dev`, e.g. `europe-west1-docker.pkg.dev` or the multi-region `us-docker.pkg.dev`; one credential per host. Container Registry names (`gcr.io`, `eu.gcr.io`) are served by Artifact Registry too, with the same key." />
        </p>
      ) : null}
      <p className="preset-guidance__meta">
        <span>
          Secret: <strong data-testid="cred-guidance-secret">{preset.secretLabel}</strong>
        </span>
        {preset.expiresAfterHours !== null ? (
          <span className="badge badge--warn">expires after {preset.expiresAfterHours} h</span>
        ) : null}
        {preset.docsUrl ? (
          <a href={preset.docsUrl} target="_blank" rel="noreferrer" data-testid="cred-docs">
            {preset.label} documentation ↗
          </a>
        ) : null}
      </p>
    </div>
  );
}
