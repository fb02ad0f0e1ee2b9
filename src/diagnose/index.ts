/** The public face of src/diagnose: what other folders may use. */
export { diagnoseCause, diagnoseLive, diagnoseMessage } from './probe';
