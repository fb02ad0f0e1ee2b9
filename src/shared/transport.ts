/** What a registry connection trusts, presents and goes through (no key material, paths only). */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';

export const TransportView = lazySchema(() =>
  z.object({
    registry: z.string(),
    url: z.string(),
    /** The OS CA bundle read on top of Node's roots, or null (Node's roots, or the OS store in the app). */
    systemBundle: z.string().nullable(),
    /** In the app on macOS and Windows: the OS store read on top of Node's roots, else null. */
    systemStore: z.string().nullable(),
    extraCaFiles: z.array(z.string()),
    /** The certs.d folder that applied for this host:port, or null. */
    certsDir: z.string().nullable(),
    registryCaFiles: z.array(z.string()),
    clientCert: z.string().nullable(),
    /** The proxy URL (userinfo hidden), or null when the connection is direct. */
    proxy: z.string().nullable(),
    /** Who chose the proxy: the HTTP(S)_PROXY variables, or (in the app) the OS settings. */
    proxySource: z.enum(['environment', 'os']).nullable(),
    summary: z.string(),
  }),
);
export type TransportView = z.infer<typeof TransportView>;
