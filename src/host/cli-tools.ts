/**
 * What the CLI still calls beside the typed client: `berth flows` (a listing without a
 * watcher), `berth build`, `manifest --raw`, `cat`, `creds export` reading a secret back, and
 * `serve`. They are reached through `cliTools()` on src/host's face, loaded when a command
 * asks: a face that re-exported them would put the flow readers, the build context and the
 * image inspector in every command's bundle (esbuild splits by files imported, not by names
 * used), `berth pull` included. Moving them onto channels and jobs is next.
 */
export { discoverFlows } from '../flows';
export { engineForContext, problemsOf, selectFlow } from '../runs';
export { getManifest } from '../registry';
export { readPullSecretEntries } from '../credentials';
export { planBuild } from '../build';
export { extractFile } from '../inspect';
export { startWebHost } from './web-host';
