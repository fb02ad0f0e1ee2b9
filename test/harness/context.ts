/** What globalSetup hands to test files through vitest's provide/inject. */
import { inject } from 'vitest';

export interface HarnessInfo {
  dockerHost: string;
  socketPath: string;
  basicRegistry: { host: string; url: string };
  tokenRegistry: { host: string; url: string; issuerUrl: string };
  users: Record<string, string>;
  seeded: { flowsDigest: string };
  controlUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    harness: HarnessInfo | null;
  }
}

/** The running harness, or null when real services are unavailable (never in CI). */
export function harness(): HarnessInfo | null {
  return inject('harness');
}
