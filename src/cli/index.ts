/** The `berth` command: the same core as the app, scriptable, with --json everywhere. */
import { Command, CommanderError } from 'commander';
import { EXIT, reportError, stdio } from './output';
import { BerthError } from '../shared/errors';
import type { CliContext } from './context';
import { preferJitlessSchemas } from './zod-jitless';
import commandTable from './command-modules.json';

type Register = (program: Command, context: CliContext) => void;

/**
 * Each command module, loaded only when one of its commands runs (the build splits them into
 * chunks, scripts/cli-build.mjs): `berth ref` then never parses the engine, the credential store
 * or the web host. command-modules.json names the top-level commands each module registers (the
 * build reads it too, to pack each module's code into one file); a command not named there still
 * works, because an unknown name loads them all (as do --help and no command).
 * test/unit/cli/lazy-commands.test.ts checks the table against the modules.
 */
const LOADERS: Readonly<Record<string, () => Promise<readonly Register[]>>> = {
  engine: async () => [(await import('./commands/engine')).registerEngine],
  images: async () => [(await import('./commands/images')).registerImages],
  ref: async () => [(await import('./commands/ref')).registerRef],
  registry: async () => [(await import('./commands/registry')).registerRegistryCommands],
  credentials: async () => [(await import('./commands/credentials')).registerCredentialCommands],
  pull: async () => [(await import('./commands/pull')).registerPull],
  flows: async () => [(await import('./commands/flows')).registerFlows],
  run: async () => [(await import('./commands/run')).registerRun],
  build: async () => [(await import('./commands/build')).registerBuild],
  updates: async () => [(await import('./commands/updates')).registerUpdates],
  'image-content': async () => [(await import('./commands/image-content')).registerImageContent],
  doctor: async () => {
    const { registerDoctor, registerFix } = await import('./commands/doctor');
    return [registerDoctor, registerFix];
  },
  serve: async () => [(await import('./commands/serve')).registerServe],
};

interface CommandModule {
  module: string;
  commands: readonly string[];
  /**
   * Commands that never touch the core: they run with a context that has none, so the core's
   * code (the contract, the stores, the engine) is not even loaded. `berth ref` is the
   * start-up floor the bench measures against `node -e 0`.
   */
  coreless?: boolean;
  load: () => Promise<readonly Register[]>;
}

export const COMMAND_MODULES: readonly CommandModule[] = commandTable.map((entry) => ({
  ...entry,
  load:
    LOADERS[entry.module] ??
    (() => Promise.reject(new Error(`command-modules.json: no loader for ${entry.module}`))),
}));

function corelessContext(name: string): CliContext {
  const noCore = (): never => {
    throw new BerthError('internal.contract', `berth ${name} was started without the core.`);
  };
  return {
    core: noCore,
    client: noCore,
    close: () => undefined,
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

async function contextFor(
  name: string | undefined,
  owner: CommandModule | undefined,
): Promise<CliContext> {
  if (owner?.coreless && name !== undefined) return corelessContext(name);
  if (name !== 'serve') preferJitlessSchemas();
  return (await import('./context')).createCliContext();
}

/** The command name in argv (the first word that is not an option), if any. */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((word) => !word.startsWith('-'));
}

/** The program with the modules `argv` needs: one for a known command, all otherwise. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const name = commandName(argv);
  const owner = COMMAND_MODULES.find((m) => name !== undefined && m.commands.includes(name));
  const [context, registers] = await Promise.all([
    contextFor(name, owner),
    Promise.all((owner ? [owner] : COMMAND_MODULES).map((m) => m.load())),
  ]);
  const program = new Command('berth')
    .description('Browse, pull, diagnose and run container images from private registries.')
    .version(process.env.BERTH_VERSION ?? '0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const register of registers.flat()) register(program, context);
  return program;
}

/** Resolves once everything written so far has reached the OS (a pipe may lag behind). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * A command is over once its action has answered: what may still hold the event loop (a
 * probe's request waiting out its timeout on a registry that stopped answering, a keep-alive
 * socket) must not keep the user waiting, so the process leaves once its output is flushed.
 * `berth serve` never gets here: its action waits until Ctrl+C stops the host.
 */
async function exitWhenFlushed(): Promise<void> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit();
}

/**
 * A reader that went away (`berth ledger --json | head`) ends the command quietly, as it ends
 * git's or ls's, instead of Node's unhandled EPIPE with a stack trace. Any other write error
 * stays fatal.
 */
function leaveQuietlyWhenReaderCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(Number(process.exitCode ?? 0));
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  leaveQuietlyWhenReaderCloses();
  await runCommand(argv);
  await exitWhenFlushed();
}

async function runCommand(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return; // --help, --version
      process.exitCode = json
        ? reportError(
            stdio(true),
            new BerthError('usage.invalid', error.message.replace(/^error: /, '')),
          )
        : EXIT.usage;
      return;
    }
    process.exitCode = reportError(stdio(json), error);
  }
}

// Run as the bundled CLI; imported by a test, it only exports.
if (!process.env.VITEST) void main(process.argv);
