/**
 * The architecture's import boundaries are lint errors; these cases prove each rule fires
 * (and does not fire on what is allowed), so a config change cannot silently drop one.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  // ESLint's first run loads the config and its plugins: seconds on a busy machine.
  beforeAll(async () => {
    await eslint.lintText('\n', { filePath: join(root, 'src/shared/warm-up.ts') });
  }, 60_000);

  it.each([
    ['renderer/src/x.ts', "import { createDockerEngine } from '../../src/engine';"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['renderer/src/x.ts', "import { connectIpc } from '../../main/ipc';"],
    ['src/shared/x.ts', "import { join } from 'node:path';"],
    ['src/shared/x.ts', "import { engineError } from '../engine';"],
    ['src/shared/reference/x.ts', "import { engineError } from '../../engine';"],
    ['src/shared/reference/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/shared/x.ts', "import React from 'react';"],
    ['src/engine/x.ts', "import { app } from 'electron';"],
    ['src/host/x.ts', "import { createRoot } from 'react-dom/client';"],
    ['src/host/x.ts', "import '../../renderer/src';"],
    ['main/x.ts', "import '../renderer/src';"],
    // The four that passed before the layers table (issue 11), and the table's other edges.
    ['src/registry/x.ts', "import { createDockerEngine } from '../engine';"],
    ['src/engine/x.ts', "import { createBerthCore } from '../host';"],
    ['src/pull/x.ts', "import { RunService } from '../runs';"],
    ['src/registry/x.ts', "const engine = await import('../engine');"],
    ['src/cli/x.ts', "const { RunService } = await import('../runs');"],
    ['src/cli/commands/x.ts', "import { RegistryClient } from '../../registry';"],
    ['src/cli/x.ts', "import { Ledger } from '../ledger';"],
    ['src/flows/x.ts', "import { Ledger } from '../ledger';"],
    ['src/ledger/x.ts', "import { PullService } from '../pull';"],
    // One public face: another folder's files are reached only through its index.ts.
    ['src/pull/x.ts', "import { followPullStream } from '../engine/pull-stream';"],
    ['src/host/x.ts', "import { probe } from '../diagnose/probe';"],
    // The CLI reaches the core only through src/host's index (the typed client over it).
    ['src/cli/commands/x.ts', "import { PullJobs } from '../../host/pull-jobs';"],
    ['src/cli/x.ts', "import { createBerthCore } from '../host/core';"],
    // renderer/src/state sits below the screens: it never imports one, statically or not.
    ['renderer/src/state/x.ts', "import { PullCard } from '../pulls/PullCard';"],
    ['renderer/src/state/x.ts', "import { RunPanel } from '../runs';"],
    ['renderer/src/state/x.ts', "import { App } from '../shell/App';"],
    ['renderer/src/state/x.ts', "const tags = await import('../tags/TagsScreen');"],
    ['renderer/src/state/x.ts', "import { readFileSync } from 'node:fs';"],
  ])('forbids in %s: %s', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\n`)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/x.ts', "import { channels } from '../../src/shared/contract';"],
    ['renderer/src/x.ts', "import { create } from 'zustand';"],
    ['src/shared/x.ts', "import { z } from 'zod';"],
    ['src/shared/reference/x.ts', "import { BerthError } from '../errors';"],
    ['src/engine/x.ts', "import Docker from 'dockerode';"],
    ['main/x.ts', "import { createBerthCore } from '../src/host/core';"],
    ['src/cli/x.ts', "import { createBerthCore } from '../host';"],
    ['src/cli/commands/x.ts', "import { errorCatalogue } from '../../shared/error-catalogue';"],
    ['src/pull/x.ts', "import { engineError } from '../engine';"],
    ['src/runs/x.ts', "import { PullService } from '../pull';"],
    ['src/engine/x.ts', "const { default: Docker } = await import('dockerode');"],
    ['src/host/x.ts', "const { diagnoseLive } = await import('../diagnose');"],
    ['src/cli/x.ts', "import { inProcessClient } from '../host';"],
    ['renderer/src/state/x.ts', "import type { StreamState } from '../transport/types';"],
    ['renderer/src/state/x.ts', "import { digestPart } from '../format';"],
    ['renderer/src/pulls/x.ts', "import { usePulls } from '../state';"],
    ['renderer/src/runs/x.ts', "import { RunLogs } from '../state/run-logs';"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\n`)).toEqual([]);
  });
});
