/** Addresses of this machine that tests need. */
import { networkInterfaces } from 'node:os';

/**
 * An IPv4 address of this machine that is not loopback: dockerd treats 127.0.0.0/8 as insecure
 * (plain HTTP allowed) and trusts it, so a registry the engine must see as remote listens here.
 */
export function engineFacingAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('No non-loopback IPv4 address on this machine: the test needs one.');
}
