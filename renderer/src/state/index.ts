export {
  BerthProvider,
  useDoctor,
  useEngine,
  useImages,
  usePulls,
  useRegistries,
  useRuns,
  useTags,
  useTagsStore,
  useHasStores,
  useUi,
  useImageView,
} from './berth-context';
export type { BerthProviderProps } from './berth-context';
export { createBerthStores } from './stores';
export type { BerthStores } from './stores';
export type { EngineState } from './engine-store';
export type { ImagesState, PendingRemoval, SelectedImage } from './images-store';
export type { Screen, TransportKind, UiState } from './ui-store';
export { filterImages, nextSort, sortImages } from './images-view';
export type { SortDirection, SortKey, SortOrder } from './images-view';
export { useNow } from './clock';
export type { TagsState, ListingState } from './tags-store';
export { DETAILS_IN_FLIGHT } from './tags-store';
export type {
  CardTest,
  CredentialEditor,
  ExplainState,
  PullSecretExport,
  CredentialImport,
  ImportFrom,
  RegistriesState,
} from './registries-store';
export type {
  DoctorCheck,
  DoctorField,
  DoctorMode,
  DoctorResult,
  DoctorState,
  RemedyMemory,
  RemedyRun,
} from './doctor-store';
export { RECENT_CHECKS } from './doctor-store';
export type {
  LedgerFilterResult,
  LogLine,
  PullDiagnosis,
  PullsState,
  SessionPull,
} from './pulls-store';
export { PULLS_SHOWN } from './pulls-store';
export type { LogLoad, RunLabel, RunOutcome, RunsState } from './runs-store';
export { LOG_READ_BYTES, pathProblem, sameDir, selectedFlow } from './runs-store';
export type { FilesState, ImageTab, Loadable } from './image-view-store';
