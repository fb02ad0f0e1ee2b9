/** The services behind every channel of the contract, shared by all three faces. */
import type { EngineMonitor, EnginePort } from '../engine';
import type { Handlers } from './dispatch';
import type { TagsService } from './tags-service';
import type { CredentialsService } from './credentials-service';
import type { DiagnoseService } from './diagnose-service';
import type { RemedyService } from './remedy-service';
import type { PullJobs } from './pull-jobs';
import { filterEntries } from '../ledger';
import type { Ledger } from '../ledger';
import type { EngineChoice } from '../shared/runs';
import type { Projects } from './projects';
import type { RunJobs } from './run-jobs';
import type { JobRegistry } from './job-registry';
import type { ImageContentService } from './image-content-service';
import type { RegistryClient } from '../registry';
import type { Later } from './later';

export interface HandlerDeps {
  engine: EnginePort;
  monitor: EngineMonitor;
  tags: TagsService;
  credentials: Later<CredentialsService>;
  diagnose: Later<DiagnoseService>;
  remedies: Later<RemedyService>;
  pulls: PullJobs;
  ledger: Ledger;
  projects: Later<Projects>;
  runs: Later<RunJobs>;
  jobs: JobRegistry;
  engineChoices: () => Promise<EngineChoice[]>;
  imageContent: Later<ImageContentService>;
  registry: RegistryClient;
}

export function createHandlers({
  engine,
  monitor,
  tags,
  credentials,
  diagnose,
  remedies,
  pulls,
  ledger,
  projects,
  runs,
  jobs,
  engineChoices,
  imageContent,
  registry,
}: HandlerDeps): Handlers {
  return {
    'engine.status': () => monitor.check(),
    'images.list': () => engine.listImages(),
    'images.inspect': ({ id }) => engine.inspectImage(id),
    'images.remove': ({ id, force }) => engine.removeImage(id, force),
    'tags.open': ({ repository, pageSize }) =>
      Promise.resolve().then(() => tags.open(repository, pageSize)),
    'tags.next': ({ listingId }) => tags.listings.next(listingId),
    'tags.close': ({ listingId }) => Promise.resolve({ closed: tags.listings.close(listingId) }),
    'tags.details': ({ repository, tag }) => tags.details(repository, tag),
    'registries.list': async () => (await credentials()).list(),
    'registries.save': async (request) => (await credentials()).save(request),
    'registries.remove': async ({ id }) => (await credentials()).remove(id),
    'registries.test': async (request) => (await credentials()).test(request),
    'credentials.explain': async ({ reference }) => (await credentials()).explain(reference),
    'credentials.importScan': async ({ from }) => (await credentials()).importScan(from),
    'credentials.importApply': async ({ from, keys }) =>
      (await credentials()).importApply(from, keys),
    'credentials.exportPullSecret': async (request) =>
      (await credentials()).exportPullSecret(request),
    'credentials.kubeletMatch': async ({ reference, keys }) =>
      (await credentials()).kubeletMatch(reference, keys),
    'credentials.align': async ({ reference, tool }) =>
      (await credentials()).align(reference, tool),
    'registry.transport': async ({ reference }) => (await credentials()).transport(reference),
    'diagnose.run': async ({ reference, message, platform }) =>
      (await diagnose()).live(reference, {
        ...(message !== undefined ? { message } : {}),
        ...(platform !== undefined ? { platform } : {}),
      }),
    'diagnose.message': async ({ message, image }) => (await diagnose()).offline(message, image),
    'diagnose.fix': async (request) => (await remedies()).apply(request),
    'pull.start': ({ reference, platform }) =>
      Promise.resolve().then(() => pulls.start(reference, platform)),
    'pull.cancel': ({ pullId }) => Promise.resolve({ cancelled: pulls.cancel(pullId) }),
    'ledger.list': async ({ id, text, result }) => {
      const { entries, skipped } = await ledger.read(id);
      const pulls = entries.filter((e) => e.kind === 'pull');
      const filter = { ...(text !== undefined ? { text } : {}), ...(result ? { result } : {}) };
      return { entries: filterEntries(pulls, filter).reverse(), skipped };
    },
    'projects.recent': async () => (await projects()).recent(),
    'projects.choose': async () => (await projects()).choose(),
    'flows.discover': async ({ dir }) => (await projects()).open(dir),
    'engine.contexts': async () => ({ engines: await engineChoices() }),
    'runs.start': async (request) => (await runs()).start(request),
    // Nothing to cancel before the first run built the service.
    'runs.cancel': ({ runId }) =>
      Promise.resolve({ cancelled: runs.built()?.cancel(runId) ?? false }),
    'runs.list': async ({ flowId }) => (await runs()).list(flowId),
    'runs.log': async ({ runId, maxBytes }) => (await runs()).log(runId, maxBytes),
    'runs.rerun': async ({ runId }) => (await runs()).rerun(runId),
    'runs.check': async (request) => (await runs()).check(request),
    'runs.show': async ({ runId }) => (await runs()).show(runId),
    'jobs.list': ({ kind }) => Promise.resolve({ jobs: jobs.list(kind) }),
    'jobs.cancel': ({ id, force }) => Promise.resolve({ cancelled: jobs.cancel(id, force) }),
    'images.remoteInspect': async ({ reference, platform }) =>
      (await imageContent()).inspect(reference, platform),
    'images.files': async (request) =>
      (await imageContent()).startFiles({
        reference: request.reference,
        ...(request.platform !== undefined ? { platform: request.platform } : {}),
        ...(request.layer !== undefined ? { layer: request.layer } : {}),
        ...(request.path !== undefined ? { path: request.path } : {}),
      }),
    'images.filesCancel': ({ jobId }) =>
      Promise.resolve({ cancelled: imageContent.built()?.cancelFiles(jobId) ?? false }),
    'images.diff': async ({ a, b, platform, files }) =>
      (await imageContent()).diff(a, b, {
        ...(platform !== undefined ? { platform } : {}),
        ...(files !== undefined ? { files } : {}),
      }),
    'images.referrers': async ({ reference }) => (await imageContent()).referrers(reference),
    'images.checkUpdates': async ({ references }) => {
      const { checkUpdates } = await import('./update-service');
      return { checks: await checkUpdates(engine, registry, references) };
    },
  };
}
