/** The public face of src/runs: what other folders may use. */
export { engineForContext, listEngineChoices } from './engine-choice';
export { prepareRun, problemsOf, selectFlow } from './prepare-run';
export type { PrepareDeps, PreparedRun } from './prepare-run';
export { findRun, readLogTail, rerunRequest, runEntries } from './run-history';
export type { LogTail } from './run-history';
export { RunService, runLogDir } from './run-service';
export { checkParity } from './parity-check';
export type { ParityDeps } from './parity-check';
