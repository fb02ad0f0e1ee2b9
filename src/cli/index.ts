/** The `berth` command: the same core as the app, scriptable, with --json everywhere. */
import { Command, CommanderError } from 'commander';
import { createCliContext } from './context';
import { registerEngine } from './commands/engine';
import { registerImages } from './commands/images';
import { registerServe } from './commands/serve';
import { registerRegistryCommands } from './commands/registry';
import { registerCredentialCommands } from './commands/credentials';
import { registerDoctor, registerFix } from './commands/doctor';
import { registerPull } from './commands/pull';
import { registerFlows } from './commands/flows';
import { registerRun } from './commands/run';
import { registerBuild } from './commands/build';
import { registerImageContent } from './commands/image-content';
import { registerUpdates } from './commands/updates';
import { EXIT, reportError, stdio } from './output';
import { BerthError } from '../shared/errors';

export function buildProgram(): Command {
  const context = createCliContext();
  const program = new Command('berth')
    .description('Browse, pull, diagnose and run container images from private registries.')
    .version(process.env.BERTH_VERSION ?? '0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerEngine(program, context);
  registerImages(program, context);
  registerRegistryCommands(program, context);
  registerCredentialCommands(program, context);
  registerPull(program, context);
  registerFlows(program, context);
  registerRun(program, context);
  registerBuild(program, context);
  registerImageContent(program, context);
  registerUpdates(program, context);
  registerDoctor(program, context);
  registerFix(program, context);
  registerServe(program, context);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    await buildProgram().parseAsync(argv);
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

void main(process.argv);
