import * as z from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * Why a pull failed, in one word the diagnosis, the UI and the CLI share. Kept here (browser-safe)
 * because the renderer shows the cause; `unknown` means no rule recognised the message.
 */
export const PullCause = lazySchema(() =>
  z.enum([
    'no_credentials',
    'bad_credentials',
    'expired_credentials',
    'insufficient_scope',
    'repo_not_found',
    'tag_not_found',
    'rate_limited',
    'tls',
    /**
     * Name resolution failed, and the message shows the resolver is at fault: a resolver it names
     * (Go's "lookup <name> on <server>:53: …") answered "no such host" or "server misbehaving",
     * timed out or refused; a private or internal name did not resolve; a name resolved to a
     * sinkhole address. The fix is this machine's (or its VM's) DNS setting.
     */
    'dns',
    'timeout',
    'proxy',
    'unreachable',
    'platform_mismatch',
    'daemon_down',
    'credential_helper',
    /** The OS keychain behind a credential helper (Secret Service, macOS keychain) cannot be used. */
    'keychain_unavailable',
    /**
     * The docker CLI's content trust (DOCKER_CONTENT_TRUST=1, Notary) found no signature it could
     * use for the tag, or could not reach its Notary server: the CLI stops before it asks the
     * engine, so no login, mirror or engine setting is involved.
     */
    'content_trust',
    /**
     * The engine's own storage ran out while it downloaded or unpacked the image: ENOSPC ("no
     * space left on device", space or inodes), a disk quota, Windows' "not enough space on the
     * disk". Local: the registry served what was asked, and no login or network setting matters.
     */
    'disk_full',
    /** The registry itself failed: 5xx, an outage, a public registry refusing anonymous tokens. */
    'registry_error',
    /** The registry speaks plain HTTP and the engine insists on HTTPS (not in insecure-registries). */
    'insecure_registry',
    /** The registry answered with a manifest the engine cannot use (media type, schema, artifact). */
    'invalid_manifest',
    /**
     * This machine cannot reach the internet at all. The evidence: a public registry's name fails
     * without a resolver to blame (the system resolver's "Temporary failure in name resolution",
     * a resolve that timed out with no server named), the packet to the resolver or registry has
     * no route ("network is unreachable" to an IPv4 address), or the engine itself says to check
     * the connection. A named resolver that answers badly or not at all is dns, not offline.
     */
    'offline',
    'unknown',
  ]),
);
export type PullCause = z.infer<typeof PullCause>;
