/** The public face of src/diagnose: what other folders may use. */
export { diagnoseCause, diagnoseLive, diagnoseMessage } from './probe';
export { readMessage } from './read-message';
export { isProxyCause, parseRemedyId, remediesFor, remedyId, tokenCli } from './remedies';
export {
  editDockerConfig,
  readDockerConfigFacts,
  removeAuth,
  removeCredHelper,
  removeCredsStore,
  restoreDockerConfig,
} from './docker-config-edit';
export {
  engineCertsDir,
  readServedCertificate,
  trustRegistryCa,
  untrustRegistryCa,
} from './registry-ca';
export type { ServedCertificate } from './registry-ca';
export {
  DAEMON_LISTS,
  checkDaemonUndo,
  findDaemon,
  isDaemonList,
  mayReload,
  planDaemonEdit,
  readDaemonJson,
  reloadableOriginal,
  reloadCommand,
  replaceDaemonJson,
  restoreDaemonJson,
  signalReload,
  writeDaemonJson,
} from './daemon-config';
export type { DaemonList, DaemonPlan, RunningDaemon } from './daemon-config';
export {
  PROXY_DROPIN,
  dropInFoldersFor,
  engineMajor,
  engineProxyOrigin,
  isProxyAction,
  planEngineProxy,
  readDropIns,
} from './engine-proxy';
export type { EngineProxyOrigin, EngineProxyState, ProxyAction, ProxyPlan } from './engine-proxy';
export { proxyFor, proxyVariable, redactProxy } from './proxy-rules';
export type { ProxyRemedyContext } from './remedies';
