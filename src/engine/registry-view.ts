/**
 * The engine's registry settings from `GET /info` (moby api/types/registry.ServiceConfig and
 * the daemon's proxy fields), in the shape the diagnosis compares with Berth's own view.
 */
import type { EngineRegistryView } from './engine-port';

interface RawIndexInfo {
  Name?: string;
  Mirrors?: unknown;
  Secure?: boolean;
}

export interface RawRegistryInfo {
  RegistryConfig?: {
    InsecureRegistryCIDRs?: unknown;
    IndexConfigs?: Record<string, RawIndexInfo> | null;
    Mirrors?: unknown;
  } | null;
  HttpProxy?: string;
  HttpsProxy?: string;
  NoProxy?: string;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export function toRegistryView(info: RawRegistryInfo): EngineRegistryView {
  const config = info.RegistryConfig ?? {};
  return {
    insecureCidrs: strings(config.InsecureRegistryCIDRs),
    registries: Object.entries(config.IndexConfigs ?? {}).map(([name, index]) => ({
      name: index.Name ?? name,
      secure: index.Secure !== false,
      mirrors: strings(index.Mirrors),
    })),
    mirrors: strings(config.Mirrors),
    httpProxy: info.HttpProxy ?? '',
    httpsProxy: info.HttpsProxy ?? '',
    noProxy: info.NoProxy ?? '',
  };
}
