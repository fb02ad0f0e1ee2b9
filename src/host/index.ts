/** The public face of src/host: what other folders may use. */
export { createBerthCore } from './core';
export type { BerthCore } from './core';
export { inProcessClient } from './in-process';
export { PLAINTEXT_AUTH_ENV } from '../pull';

/** The CLI's calls beside the typed client (host/cli-tools.ts), loaded at their first use. */
export const cliTools = () => import('./cli-tools');
