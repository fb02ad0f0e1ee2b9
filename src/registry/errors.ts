/**
 * A registry's refusal in words. The error body is `{"errors":[{code,message,detail}]}`
 * (distribution-spec §Error Codes) but may be HTML or anything else, so parse leniently.
 */
import { BerthError } from '../shared/errors';
import type { HeaderBag } from './http';

export interface RefusalContext {
  host: string;
  repository: string;
  what: string;
  /** Whether a stored credential was sent. */
  hadCredential: boolean;
  tag?: string;
}

export function registryErrorCodes(body: Uint8Array): { code: string; message: string }[] {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors.flatMap((e: unknown) => {
      const entry = e as { code?: unknown; message?: unknown };
      return typeof entry?.code === 'string'
        ? [{ code: entry.code, message: String(entry.message ?? '') }]
        : [];
    });
  } catch {
    return [];
  }
}

export function refusal(
  status: number,
  body: Uint8Array,
  headers: HeaderBag,
  ctx: RefusalContext,
): BerthError {
  const codes = registryErrorCodes(body);
  const first = codes[0];
  const said = first ? ` The registry said: ${first.code} "${first.message}".` : '';
  const details = {
    status,
    host: ctx.host,
    repository: ctx.repository,
    registryCodes: codes.map((c) => c.code),
  };
  const login = `berth login ${ctx.host}`;
  switch (status) {
    case 401:
      if (/insufficient_scope/.test(headers.get('www-authenticate') ?? '')) {
        return new BerthError(
          'registry.insufficient_scope',
          `${ctx.host} accepted the ${ctx.hadCredential ? 'credential' : 'anonymous token'} but it grants no pull access to ${ctx.repository}.${said}`,
          ctx.hadCredential
            ? `Give the credential read access to ${ctx.repository} (GHCR: a classic token with read:packages), or use one that has it.`
            : `The repository is private: add a credential for ${ctx.host} that can read it.`,
          details,
        );
      }
      return ctx.hadCredential
        ? new BerthError(
            'registry.unauthorized',
            `${ctx.host} refused the stored credential for ${ctx.repository}.${said}`,
            `The credential is wrong, expired or lacks pull access to ${ctx.repository}: update it (${login}).`,
            details,
          )
        : new BerthError(
            'registry.unauthorized',
            `${ctx.host} asked for credentials for ${ctx.repository} and none are stored.${said}`,
            `The repository is private (or does not exist). Add a credential for ${ctx.host} (${login}, or BERTH_REGISTRY_AUTH for now).`,
            details,
          );
    case 403:
      return new BerthError(
        'registry.denied',
        `${ctx.host} denied access to ${ctx.repository}.${said}`,
        ctx.hadCredential
          ? `The credential has no pull access to ${ctx.repository}: check its scopes (e.g. GHCR needs read:packages).`
          : `Log in with an account that can read ${ctx.repository}.`,
        details,
      );
    case 404: {
      const manifestUnknown = codes.some((c) => c.code === 'MANIFEST_UNKNOWN');
      if (
        ctx.tag !== undefined &&
        (manifestUnknown || !codes.some((c) => c.code === 'NAME_UNKNOWN'))
      ) {
        return new BerthError(
          'registry.tag_unknown',
          `${ctx.repository} has no tag "${ctx.tag}" on ${ctx.host}.${said}`,
          'Check the tag name: browse the repository to see the tags it has.',
          details,
        );
      }
      return new BerthError(
        'registry.name_unknown',
        `${ctx.host} has no repository ${ctx.repository}.${said}`,
        'Check the repository path (and the registry host). Some registries also answer this for private repositories when not logged in.',
        details,
      );
    }
    case 429: {
      const retryAfter = headers.get('retry-after');
      return new BerthError(
        'registry.rate_limited',
        `${ctx.host} is rate limiting requests${retryAfter ? ` (retry after ${retryAfter} s)` : ''}.${said}`,
        ctx.host.endsWith('docker.io')
          ? 'Docker Hub limits anonymous pulls per IP: log in with a Docker Hub personal access token, or wait for the window to reset.'
          : 'Wait and try again, or authenticate for a higher limit.',
        { ...details, retryAfter },
      );
    }
    default:
      if (status >= 500) {
        return new BerthError(
          'registry.unavailable',
          `${ctx.host} failed with HTTP ${status} for ${ctx.what}.${said}`,
          'The registry has a problem on its side: try again later.',
          details,
        );
      }
      return new BerthError(
        'registry.bad_response',
        `${ctx.host} answered HTTP ${status} for ${ctx.what}.${said}`,
        undefined,
        details,
      );
  }
}

export function badResponse(ctx: RefusalContext, why: string): BerthError {
  return new BerthError(
    'registry.bad_response',
    `${ctx.host} sent an answer for ${ctx.what} that is not what the registry API defines: ${why}.`,
    'Check that the address points at a container registry (not a web page or a proxy login).',
    { host: ctx.host, repository: ctx.repository },
  );
}
