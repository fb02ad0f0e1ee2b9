/** The Doctor: the screen, and the diagnosis view other screens embed (a failed pull). */
export { DoctorScreen } from './DoctorScreen';
export { DiagnosisView } from './DiagnosisView';
export type { DiagnosisViewProps } from './DiagnosisView';
export { CauseBadge } from './CauseBadge';
export { CAUSE_WORDS, causeTitle, verdictOf } from './cause-titles';
