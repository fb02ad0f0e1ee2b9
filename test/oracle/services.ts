/** What the oracle's globalSetup hands to the test file. */
import { inject } from 'vitest';

export interface OracleServices {
  socketPath: string;
  /** The htpasswd registry on 127.0.0.1:port; its log names who authenticated. */
  basic: { port: number; log: string };
  /** The token registry; its issuer also takes identity tokens (refresh_token grant). */
  token: { port: number; log: string };
  keyringBus: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    oracle: OracleServices | null;
  }
}

export const oracleServices = (): OracleServices | null => inject('oracle');
