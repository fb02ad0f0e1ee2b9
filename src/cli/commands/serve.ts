import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BerthError } from '../../shared/errors';
import { cliTools } from '../../host';
import type { CliContext } from '../context';

/** dist/renderer, found from the bundled CLI (dist/cli/cli.cjs) or the source tree. */
export function defaultRendererDir(): string {
  const candidates = [
    join(__dirname, '..', 'renderer'),
    join(__dirname, '..', '..', 'dist', 'renderer'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0] ?? '';
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('Serve the Berth UI to a local browser (loopback only, token-protected)')
    .option(
      '--port <port>',
      'port on 127.0.0.1 (default: a free one)',
      (v) => Number.parseInt(v, 10),
      0,
    )
    .option('--json', 'print the URL as JSON')
    .action(async (options: { port: number; json?: boolean }) =>
      context.run(options, async (output) => {
        const rendererDir = defaultRendererDir();
        if (!existsSync(join(rendererDir, 'index.html'))) {
          throw new BerthError(
            'usage.not_built',
            `The renderer is not built (no ${join(rendererDir, 'index.html')}).`,
            'Run `npm run build` (npm install runs it for you), then try again.',
          );
        }
        const { startWebHost } = await cliTools();
        const host = await startWebHost({
          core: context.core(),
          rendererDir,
          port: options.port || 0,
        });
        if (output.json) output.out(JSON.stringify({ url: host.url, port: host.port }));
        else
          output.out(
            `Berth is running in browser mode. Open:\n\n  ${host.url}\n\nPress Ctrl+C to stop.`,
          );
        const stop = () => {
          host.close().finally(() => {
            context.core().close();
            process.exit(0);
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await new Promise(() => {});
      }),
    );
}
