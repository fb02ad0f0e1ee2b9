import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { buildSoon, lazySchema } from '../../../src/shared/lazy-schema';

describe('lazySchema', () => {
  it('builds the schema on first use, once', () => {
    let builds = 0;
    const Entry = lazySchema(() => {
      builds += 1;
      return z.object({ id: z.string(), state: z.enum(['a', 'b']) });
    });
    expect(builds).toBe(0);
    expect(Entry.parse({ id: 'x', state: 'a' })).toEqual({ id: 'x', state: 'a' });
    expect(Entry.safeParse({ id: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('is the schema it builds wherever zod takes one: shapes, unions, extend, instanceof, JSON schema', () => {
    const Leaf = lazySchema(() => z.object({ kind: z.literal('leaf'), n: z.number().int() }));
    const Other = lazySchema(() => z.object({ kind: z.literal('other') }));
    const Either = lazySchema(() => z.discriminatedUnion('kind', [Leaf, Other]));
    const Wide = lazySchema(() => Leaf.extend({ note: z.string().optional() }).strict());
    const Outer = z.object({ items: z.array(Either), wide: Wide.nullable() });

    expect(Outer.parse({ items: [{ kind: 'leaf', n: 2 }, { kind: 'other' }], wide: null })).toEqual(
      { items: [{ kind: 'leaf', n: 2 }, { kind: 'other' }], wide: null },
    );
    expect(Either.safeParse({ kind: 'leaf', n: 1.5 }).success).toBe(false);
    expect(Wide.safeParse({ kind: 'leaf', n: 1, extra: true }).success).toBe(false);
    expect(Leaf instanceof z.ZodObject).toBe(true);
    expect(Object.keys(Leaf.shape)).toEqual(['kind', 'n']);
    expect(z.toJSONSchema(Wide)).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it("builds none of the contract's schemas when it loads, and only those a parse needs", async () => {
    // The contract is the bulk of Berth's schemas; a one-job CLI command parses a handful.
    vi.resetModules();
    let built = 0;
    vi.doMock('zod', async (importOriginal) => {
      const real = await importOriginal<typeof z>();
      const counted =
        <A extends unknown[], R>(make: (...args: A) => R) =>
        (...args: A): R => {
          built += 1;
          return make(...args);
        };
      return { ...real, object: counted(real.object), string: counted(real.string) };
    });
    try {
      const contract = await import('../../../src/shared/contract');
      expect(built).toBe(0);
      const log = contract.events['pull.log'];
      expect(log.safeParse({ pullId: 'p', line: 'x', level: 'info' }).success).toBe(true);
      expect(log.safeParse({ pullId: 'p', line: 'x', level: 'loud' }).success).toBe(false);
      const forOneEvent = built;
      expect(forOneEvent).toBeGreaterThan(0);
      for (const channel of Object.values(contract.channels)) channel.response.safeParse(null);
      expect(built).toBeGreaterThan(10 * forOneEvent);
    } finally {
      vi.doUnmock('zod');
      vi.resetModules();
    }
  });
});

describe('buildSoon', () => {
  it('builds the schemas after the current turn, not during it, and once', async () => {
    let builds = 0;
    const Entry = lazySchema(() => {
      builds += 1;
      return z.object({ id: z.string() });
    });
    buildSoon([Entry, Entry]);
    expect(builds).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(builds).toBe(1);
    expect(Entry.parse({ id: 'a' })).toEqual({ id: 'a' });
    expect(builds).toBe(1);
  });
});
