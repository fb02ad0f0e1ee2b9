/** Small durable files of Berth's own: one public entry. */
export { writeJsonAtomically } from './atomic-json';
