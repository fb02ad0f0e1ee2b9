/**
 * What every CLI command shares: one lazily created core, the typed client over it (the same
 * door the app's windows use), and one way to answer.
 */
import { createBerthCore, inProcessClient } from '../host';
import type { BerthCore } from '../host';
import type { BerthClient } from '../shared/client';
import { reportError, stdio } from './output';
import type { Output } from './output';

export interface CliContext {
  core(): BerthCore;
  /** The contract's typed client over the core, in process: validated both ways. */
  client(): BerthClient;
  run(options: { json?: boolean }, action: (output: Output) => Promise<void>): Promise<void>;
  /** Stops the core's watchers and jobs, if it was started, so the process can end. */
  close(): void;
}

export function createCliContext(env: NodeJS.ProcessEnv = process.env): CliContext {
  let core: BerthCore | undefined;
  let client: BerthClient | undefined;
  const coreOf = () => (core ??= createBerthCore({ env }));
  return {
    core: coreOf,
    client: () => (client ??= inProcessClient(coreOf())),
    close: () => core?.close(),
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
