/**
 * src/cli/index.ts loads only the module of the command being run, from a table of which
 * module registers which top-level commands; an unknown name loads them all. The table must
 * match what the modules register, or a command would load without its module (and fail as
 * unknown) or a module's commands would go missing from the table (and load everything).
 */
import { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, buildProgram, commandName } from '../../../src/cli/index';
import type { CliContext } from '../../../src/cli/context';

const untouched = (): never => {
  throw new Error('registering a command must not create the core');
};
const unusedContext: CliContext = {
  core: untouched,
  client: untouched,
  close: () => undefined,
  run: async () => undefined,
};

describe('lazy command loading', () => {
  it('names, for each command module, exactly the top-level commands it registers', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('berth');
      for (const register of await module.load()) register(program, unusedContext);
      expect(program.commands.map((c) => c.name()).sort()).toEqual([...module.commands].sort());
    }
  }, 120_000);

  it('has a loader for every module in command-modules.json, and a file under commands/ for each', async () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'cli', 'commands');
    const files = new Set(readdirSync(dir).map((f) => f.replace(/\.ts$/, '')));
    for (const module of COMMAND_MODULES) {
      expect(files.has(module.module), module.module).toBe(true);
      await expect(module.load()).resolves.not.toHaveLength(0);
    }
    // A command named twice would load whichever module comes first.
    const all = COMMAND_MODULES.flatMap((m) => m.commands);
    expect(new Set(all).size).toBe(all.length);
    expect(COMMAND_MODULES.filter((m) => m.coreless).map((m) => m.module)).toEqual(['ref']);
  }, 120_000);

  it('loads one module for a known command and every module otherwise', async () => {
    const names = (program: Command) => program.commands.map((c) => c.name());
    expect(names(await buildProgram(['node', 'berth', 'ref', 'nginx']))).toEqual(['ref']);
    expect(names(await buildProgram(['node', 'berth', '--json', 'pull', 'x']))).toEqual([
      'pull',
      'ledger',
    ]);
    const all = COMMAND_MODULES.flatMap((m) => m.commands);
    for (const argv of [[], ['--help'], ['no-such-command']]) {
      expect(names(await buildProgram(['node', 'berth', ...argv])).sort()).toEqual(all.sort());
    }
  }, 120_000);

  it('reads the command name as the first word that is not an option', () => {
    expect(commandName(['node', 'berth', 'tags', 'nginx', '--json'])).toBe('tags');
    expect(commandName(['node', 'berth', '--json', 'engine'])).toBe('engine');
    expect(commandName(['node', 'berth', '--version'])).toBeUndefined();
  });
});

describe('the sources the CLI bundle treats as free of side effects', () => {
  /** scripts/cli-build.mjs lets esbuild drop any src/ module whose exports go unused. */
  it('has no module imported only for what loading it does', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
      }
    };
    walk(join(import.meta.dirname, '..', '..', '..', 'src'));
    expect(files.length).toBeGreaterThan(50);
    const bare = files.filter((file) => /^import\s+['"]/m.test(readFileSync(file, 'utf8')));
    expect(bare).toEqual([]);
  });
});
