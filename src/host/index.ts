/** The public face of src/host: what other folders may use. */
export { createBerthCore } from './core';
export type { BerthCore } from './core';
export { startWebHost } from './web-host';
export { inProcessClient } from './in-process';
/**
 * What the CLI still calls beside dispatch (a flow listing without a watcher, a run's
 * preparation and history, the tags and manifest commands). They go through this face so
 * the CLI imports only src/host and src/shared; moving them onto channels and jobs is next.
 */
export { discoverFlows, parsePullPolicy } from '../flows';
export { engineForContext, problemsOf, selectFlow } from '../runs';
export { getManifest } from '../registry';
export { readPullSecretEntries } from '../credentials';
export { PLAINTEXT_AUTH_ENV } from '../pull';
export { planBuild } from '../build';
export { extractFile, platformText } from '../inspect';
