/**
 * Docker Hub's pull allowance, from manifest response headers: `ratelimit-limit: 100;w=21600`,
 * `ratelimit-remaining: 76;w=21600`, `docker-ratelimit-source: 192.0.2.1`. No headers means
 * no limit applies. https://docs.docker.com/docker-hub/usage/pulls/
 */
import type { RateLimit } from '../shared/contract';
import type { HeaderBag } from './http';

function count(value: string | null): { n: number; w: number | null } | null {
  if (!value) return null;
  const match = /^\s*(\d+)\s*(?:;\s*w\s*=\s*(\d+))?/.exec(value);
  if (!match) return null;
  return { n: Number(match[1]), w: match[2] ? Number(match[2]) : null };
}

export function parseRateLimit(headers: HeaderBag): RateLimit | null {
  const limit = count(headers.get('ratelimit-limit'));
  const remaining = count(headers.get('ratelimit-remaining'));
  if (!limit || !remaining) return null;
  return {
    limit: limit.n,
    remaining: remaining.n,
    windowSeconds: limit.w ?? remaining.w ?? 0,
    source: headers.get('docker-ratelimit-source'),
  };
}
