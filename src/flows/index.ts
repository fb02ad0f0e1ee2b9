/** The public face of src/flows: what other folders may use. */
export { DISCOVERY_LIMITS, discoverFlows, isSearchedFolder } from './discover';
export { parsePullPolicy } from '../shared/flows';
export { LAUNCHER_PY, launcherEnv } from './launcher';
export { validateRunInputs } from './validate-run';
export { valohaiCommand } from './valohai-yaml';
export { containerLabels, parseBytes } from './prefect-container';
