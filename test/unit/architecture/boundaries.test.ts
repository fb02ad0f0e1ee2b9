/**
 * The architecture's import boundaries are lint errors; these cases prove each rule fires
 * (and does not fire on what is allowed), so a config change cannot silently drop one.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
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
  ])('allows in %s: %s', async (file, code) => {
    expect(await boundaryErrors(file, `${code}\n`)).toEqual([]);
  });
});
