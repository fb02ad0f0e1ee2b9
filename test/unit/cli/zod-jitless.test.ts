/**
 * The CLI turns zod's JIT off by a global that zod reads when it loads (src/cli/zod-jitless.ts).
 * A real Node process loads the pinned zod after it, builds and parses an object schema, and
 * counts the `new Function` calls: none with the setting, some without (so the count can see
 * the JIT at all). A zod that stops reading the global fails here, not silently in the bench.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { preferJitlessSchemas } from '../../../src/cli/zod-jitless';

function functionsCompiled(preset: object | undefined): number {
  const script = `
    const preset = ${JSON.stringify(preset ?? null)};
    if (preset) Object.assign(globalThis, preset);
    let calls = 0;
    const F = globalThis.Function;
    globalThis.Function = new Proxy(F, { construct(target, args) { calls++; return Reflect.construct(target, args); } });
    const z = require('zod');
    const schema = z.object({ id: z.string(), n: z.number(), tags: z.array(z.object({ k: z.string() })) });
    for (let i = 0; i < 3; i++) schema.parse({ id: 'a', n: i, tags: [{ k: 'x' }] });
    process.stdout.write(String(calls));
  `;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('zod without its JIT in the CLI', () => {
  it('sets the global zod reads, keeping settings already there', () => {
    const scope: Record<string, unknown> = { __zod_globalConfig: { customError: 'kept' } };
    preferJitlessSchemas(scope);
    expect(scope.__zod_globalConfig).toEqual({ customError: 'kept', jitless: true });
    const empty: Record<string, unknown> = {};
    preferJitlessSchemas(empty);
    expect(empty).toEqual({ __zod_globalConfig: { jitless: true } });
  });

  it('stops the pinned zod compiling parsers, which it does otherwise', () => {
    const scope: Record<string, unknown> = {};
    preferJitlessSchemas(scope);
    expect(functionsCompiled(undefined)).toBeGreaterThan(0);
    expect(functionsCompiled(scope)).toBe(0);
  });
});
