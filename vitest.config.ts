import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Four layers (design/architecture.md, "Tests"): unit (pure logic), component (renderer
// against a fake client), integration (services on real dockerd / docker-registry /
// gnome-keyring) and e2e (the real renderer in Chromium through browser mode). The real
// services are started by test/harness in globalSetup and always torn down.
export default defineConfig({
  test: {
    // No retries: a flaky test is a bug to fix, not to hide (design/style.md).
    retry: 0,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'component',
          include: ['test/component/**/*.test.tsx'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One daemon and one registry are shared; files run one after another.
          fileParallelism: false,
        },
      },
      {
        test: {
          // The real docker CLI, podman and skopeo decide which credential is sent (issue 12).
          name: 'oracle',
          include: ['test/oracle/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/oracle/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Configurations run side by side (each has its own HOME, files and repositories);
          // the two files one after the other, so the shared dockerd is not swamped.
          maxConcurrency: 6,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
