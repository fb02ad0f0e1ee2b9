/** The public face of src/host: what other folders may use. */
export { createBerthCore } from './core';
export type { BerthCore } from './core';
export { startWebHost } from './web-host';
export { inProcessClient } from './in-process';
/**
 * What the CLI still calls beside the typed client: `berth flows` (a listing without a
 * watcher), `berth build`, `manifest --raw`, `images files/extract`, `creds export` reading
 * a secret back, and the run option parser. They go through this face so the CLI imports
 * only src/host and src/shared; moving them onto channels and jobs is next.
 */
export { discoverFlows, parsePullPolicy } from '../flows';
export { engineForContext, problemsOf, selectFlow } from '../runs';
export { getManifest } from '../registry';
export { readPullSecretEntries } from '../credentials';
export { PLAINTEXT_AUTH_ENV } from '../pull';
export { planBuild } from '../build';
export { extractFile, platformText } from '../inspect';
