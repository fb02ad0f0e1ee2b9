/** What every CLI command shares: one lazily created core and one way to answer. */
import { createBerthCore } from '../host';
import type { BerthCore } from '../host';
import { reportError, stdio } from './output';
import type { Output } from './output';

export interface CliContext {
  core(): BerthCore;
  run(options: { json?: boolean }, action: (output: Output) => Promise<void>): Promise<void>;
}

export function createCliContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  let core: BerthCore | undefined;
  return {
    core: () => (core ??= createBerthCore({ env })),
    run: async (options, action) => {
      const output = stdio(Boolean(options.json));
      try {
        await action(output);
      } catch (error) {
        process.exitCode = reportError(output, error);
      }
    },
  };
}
