/**
 * The names of every IPC channel and pushed event, without their schemas, so the sandboxed
 * preload can allow-list them without bundling zod. contract.ts checks that it matches.
 */
export const channelNames = [
  'engine.status',
  'images.list',
  'images.inspect',
  'images.remove',
  'tags.open',
  'tags.next',
  'tags.close',
  'tags.details',
  'registries.list',
  'registries.save',
  'registries.remove',
  'registries.test',
  'credentials.explain',
  'credentials.importScan',
  'credentials.importApply',
  'credentials.exportPullSecret',
  'credentials.kubeletMatch',
  'credentials.align',
  'registry.transport',
  'diagnose.run',
  'diagnose.message',
  'diagnose.fix',
  'pull.start',
  'pull.cancel',
  'ledger.list',
  'projects.recent',
  'projects.choose',
  'flows.discover',
  'engine.contexts',
  'runs.start',
  'runs.cancel',
  'runs.list',
  'runs.log',
  'runs.rerun',
  'runs.check',
  'runs.show',
  'jobs.list',
  'jobs.cancel',
  'images.remoteInspect',
  'images.files',
  'images.filesCancel',
  'images.diff',
  'images.referrers',
  'images.checkUpdates',
] as const;
export type ChannelName = (typeof channelNames)[number];

export const eventNames = [
  'engine.status',
  'images.changed',
  'pull.progress',
  'pull.log',
  'pull.done',
  'flows.changed',
  'run.status',
  'run.log',
  'run.done',
  'images.files.progress',
  'images.files.rows',
  'images.files.done',
] as const;
export type EventName = (typeof eventNames)[number];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (channelNames as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}
