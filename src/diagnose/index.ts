/** The public face of src/diagnose: what other folders may use. */
export { diagnoseCause, diagnoseLive, diagnoseMessage } from './probe';
export { readMessage } from './read-message';
export { remediesFor } from './remedies';
export { readDockerConfigFacts } from './docker-config-edit';
