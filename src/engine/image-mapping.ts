/** Engine API image JSON → the contract's ImageSummary / ImageDetails. */
import type { ImageDetails, ImageLayer, ImageSummary } from '../shared/contract';

/** The fields Berth reads from GET /images/json (engine API, any version since 1.41). */
export interface RawImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: number;
  Containers?: number;
}

export interface RawImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Size?: number;
  Created?: string;
  Os?: string;
  Architecture?: string;
  Variant?: string;
  Config?: {
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
    Entrypoint?: string[] | string | null;
    Cmd?: string[] | string | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
  } | null;
  RootFS?: { Layers?: string[] | null } | null;
}

export interface RawHistoryEntry {
  CreatedBy?: string;
  Size?: number;
}

/** `<none>:<none>` is how the engine says "untagged"; the UI shows that itself. */
const realTags = (tags: string[] | null | undefined) =>
  (tags ?? []).filter((t) => t !== '<none>:<none>');
const realDigests = (digests: string[] | null | undefined) =>
  (digests ?? []).filter((d) => !d.startsWith('<none>@'));
const asList = (value: string[] | string | null | undefined): string[] =>
  value == null ? [] : Array.isArray(value) ? value : [value];

export function toImageSummary(raw: RawImageSummary): ImageSummary {
  return {
    id: raw.Id,
    repoTags: realTags(raw.RepoTags),
    repoDigests: realDigests(raw.RepoDigests),
    size: raw.Size ?? 0,
    created: new Date((raw.Created ?? 0) * 1000).toISOString(),
    containers: raw.Containers ?? -1,
  };
}

/**
 * Layer sizes come from the history: its entries that are not empty layers line up, in
 * order, with RootFS.Layers. When the counts disagree the sizes are unknown (-1).
 */
export function layersFrom(diffIds: string[], history: RawHistoryEntry[]): ImageLayer[] {
  // The engine lists history newest first, and marks empty layers (ENV, CMD, ...) with size 0
  // only, so pair from the oldest and only when the non-empty count matches.
  const oldestFirst = [...history].reverse();
  const nonEmpty = oldestFirst.filter(
    (h) => (h.Size ?? 0) > 0 || !isMetadataOnly(h.CreatedBy ?? ''),
  );
  const aligned = nonEmpty.length === diffIds.length;
  return diffIds.map((diffId, i) => ({
    diffId,
    size: aligned ? (nonEmpty[i]?.Size ?? -1) : -1,
    createdBy: aligned ? (nonEmpty[i]?.CreatedBy ?? '') : '',
  }));
}

const METADATA_INSTRUCTIONS =
  /^\/bin\/sh -c #\(nop\)\s+(ENV|CMD|ENTRYPOINT|LABEL|EXPOSE|WORKDIR|USER|ARG|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ONBUILD|MAINTAINER)\b|^(ENV|CMD|ENTRYPOINT|LABEL|EXPOSE|WORKDIR|USER|ARG|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL)\b/;
function isMetadataOnly(createdBy: string): boolean {
  return METADATA_INSTRUCTIONS.test(createdBy.trim());
}

export function toImageDetails(raw: RawImageInspect, history: RawHistoryEntry[]): ImageDetails {
  const config = raw.Config ?? {};
  return {
    id: raw.Id,
    repoTags: realTags(raw.RepoTags),
    repoDigests: realDigests(raw.RepoDigests),
    size: raw.Size ?? 0,
    created: raw.Created ? new Date(raw.Created).toISOString() : new Date(0).toISOString(),
    containers: -1,
    os: raw.Os ?? '',
    architecture: raw.Architecture ?? '',
    ...(raw.Variant ? { variant: raw.Variant } : {}),
    labels: config.Labels ?? {},
    env: config.Env ?? [],
    entrypoint: asList(config.Entrypoint),
    cmd: asList(config.Cmd),
    workingDir: config.WorkingDir ?? '',
    user: config.User ?? '',
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    layers: layersFrom(raw.RootFS?.Layers ?? [], history),
  };
}
