/** What globalSetup hands to test files through vitest's provide/inject. */
import { describe, inject } from 'vitest';

export interface HarnessInfo {
  dockerHost: string;
  socketPath: string;
  basicRegistry: { host: string; url: string };
  tokenRegistry: { host: string; url: string; issuerUrl: string };
  users: Record<string, string>;
  /** The D-Bus session of the test keychain (gnome-keyring), also in process.env. */
  keyringBus: string;
  /** A Debian python3-minimal image on the test dockerd (no pip, no json module). */
  pythonImage: string;
  seeded: {
    flowsDigest: string;
    /** basicRegistry team/many has this many tags, t00000…, on one image. */
    manyTags: number;
    /** basicRegistry team/multi:1, an OCI index of linux/amd64 and linux/arm64/v8. */
    index: { digest: string; amd64: string; arm64: string };
  };
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

/**
 * A describe block that runs only with the real services, and hands them to its body.
 * Without them (a laptop without root) it is skipped, loudly, by globalSetup; never in CI.
 */
export function describeWithHarness(name: string, body: (h: HarnessInfo) => void): void {
  const h = harness();
  describe.skipIf(!h)(name, () => {
    if (h) body(h);
  });
}
