/** `berth doctor` and the automatic diagnosis of failed pulls, for the contract and the CLI. */
import type { Diagnosis } from '../shared/diagnosis';
import type { EngineMonitor } from '../engine';
import type { RegistryClient } from '../registry';
import type { CredentialResolver } from '../credentials/resolve-credential';
import type { CredentialStore } from '../credentials/credential-store';
import { diagnoseLive, diagnoseMessage } from '../diagnose/probe';

export class DiagnoseService {
  constructor(
    private readonly registry: RegistryClient,
    private readonly resolver: CredentialResolver,
    private readonly store: CredentialStore,
    private readonly monitor: EngineMonitor,
  ) {}

  live(
    reference: string,
    options: { message?: string; platform?: string } = {},
  ): Promise<Diagnosis> {
    return diagnoseLive(
      reference,
      {
        registry: this.registry,
        resolver: this.resolver,
        store: this.store,
        engine: async () => {
          const status = await this.monitor.check();
          return status.state === 'up'
            ? {
                up: true,
                platform: `${status.info.os}/${status.info.arch}`,
                detail: `${status.info.product} ${status.info.serverVersion}, ${status.info.os}/${status.info.arch}`,
              }
            : { up: false, platform: null, detail: status.error.message };
        },
      },
      options,
    );
  }

  offline(message: string, image?: string): Diagnosis {
    return diagnoseMessage(message, image);
  }
}
