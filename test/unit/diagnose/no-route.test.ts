/**
 * The offline/dns line the live probe draws from the kernel's routes (src/diagnose/no-route.ts).
 * The kernel's own answers are checked in test/integration/diagnose-offline.test.ts; here, the
 * IPv6 cases a test machine cannot stage: no route to IPv6 alone is not "no network".
 */
import { describe, expect, it } from 'vitest';
import { noNetwork, unroutedAddress } from '../../../src/diagnose/no-route';

const err = (code: string, address: string) => Object.assign(new Error(code), { code, address });

describe('noNetwork', () => {
  it('is offline only when no DNS server routes, an IPv4 one among them', () => {
    expect(noNetwork({ servers: ['10.0.0.2:53'], unroutable: ['10.0.0.2:53'] })).toBe(true);
    expect(
      noNetwork({
        servers: ['10.0.0.2:53', '[2001:db8::53]:53'],
        unroutable: ['[2001:db8::53]:53'],
      }),
    ).toBe(false);
    expect(noNetwork({ servers: ['[2001:db8::53]:53'], unroutable: ['[2001:db8::53]:53'] })).toBe(
      false,
    );
    expect(noNetwork({ servers: [], unroutable: [] })).toBe(false);
  });
});

describe('unroutedAddress', () => {
  it('reads ENETUNREACH to an IPv4 address as no route, to IPv6 alone as not', () => {
    expect(unroutedAddress(err('ENETUNREACH', '203.0.113.7'))).toBe('203.0.113.7');
    expect(unroutedAddress(err('ENETUNREACH', '2001:db8::7'))).toBeNull();
    expect(unroutedAddress(err('ECONNREFUSED', '203.0.113.7'))).toBeNull();
  });
  it('with several addresses tried (happy eyeballs), needs every one unrouted', () => {
    const both = (v6: string) =>
      Object.assign(
        new AggregateError([err(v6, '2001:db8::7'), err('ENETUNREACH', '203.0.113.7')]),
        {
          code: undefined,
        },
      );
    expect(unroutedAddress(both('ENETUNREACH'))).toBe('203.0.113.7');
    expect(unroutedAddress(both('ETIMEDOUT'))).toBeNull();
  });
});
