import type { Command } from 'commander';
import { formatBytes } from '../../shared/format';
import type { EngineInfo } from '../../shared/contract';
import { BerthError } from '../../shared/errors';
import type { CliContext } from '../context';

function describe(info: EngineInfo): string {
  const source =
    info.endpoint.source === 'context'
      ? `docker context "${info.endpoint.context ?? ''}"`
      : info.endpoint.source === 'DOCKER_HOST'
        ? 'DOCKER_HOST'
        : 'default socket';
  return [
    `Engine      ${info.product} ${info.serverVersion} (API ${info.apiVersion})`,
    `Endpoint    ${info.endpoint.address} (${source}${info.endpoint.tls ? ', TLS' : ''})`,
    `Platform    ${info.os}/${info.arch} · ${info.operatingSystem} · kernel ${info.kernelVersion}`,
    `Resources   ${info.cpus} CPUs · ${formatBytes(info.memTotal)} · storage ${info.storageDriver}${info.rootless ? ' · rootless' : ''}`,
    `Contents    ${info.images} images · ${info.containersRunning} of ${info.containers} containers running`,
  ].join('\n');
}

export function registerEngine(program: Command, context: CliContext): void {
  program
    .command('engine')
    .description('Show which container engine Berth is connected to, and whether it is up')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const status = await context.client().invoke('engine.status', {});
        if (status.state === 'down') throw BerthError.fromShape(status.error);
        output.out(output.json ? JSON.stringify(status.info, null, 2) : describe(status.info));
      }),
    );
}
