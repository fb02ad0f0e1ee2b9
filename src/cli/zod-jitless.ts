/**
 * A command that ends after one job parses each of its schemas a handful of times, so zod's
 * JIT (a parser generated with `new Function` and compiled per object schema at its first
 * parse, zod/v4/core/schemas.js `generateFastpass`) costs more than it saves: on `berth run` it
 * was 5 to 8 ms of code generation and compiling on the way to the container's create. zod
 * reads its settings from `globalThis.__zod_globalConfig`, taking one that is already there
 * (zod/v4/core/core.js; test/unit/cli/zod-jitless.test.ts checks the pinned zod still does),
 * and each object schema reads `jitless` once, when it is built. So this is set before the
 * core's code loads, without loading zod itself for commands that never use it (`berth ref`).
 * `berth serve` keeps the JIT: a long-lived host parses the same schemas for hours.
 */
interface ZodGlobal {
  __zod_globalConfig?: { jitless?: boolean };
}

export function preferJitlessSchemas(scope: object = globalThis): void {
  const holder = scope as ZodGlobal;
  holder.__zod_globalConfig ??= {};
  holder.__zod_globalConfig.jitless = true;
}
