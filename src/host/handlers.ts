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
import { checkUpdates } from './update-service';

export interface HandlerDeps {
  engine: EnginePort;
  monitor: EngineMonitor;
  tags: TagsService;
  credentials: CredentialsService;
  diagnose: DiagnoseService;
  remedies: RemedyService;
  pulls: PullJobs;
  ledger: Ledger;
  projects: Projects;
  runs: RunJobs;
  jobs: JobRegistry;
  engineChoices: () => EngineChoice[];
  imageContent: ImageContentService;
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
    'registries.list': () => credentials.list(),
    'registries.save': (request) => credentials.save(request),
    'registries.remove': ({ id }) => credentials.remove(id),
    'registries.test': (request) => credentials.test(request),
    'credentials.explain': ({ reference }) => credentials.explain(reference),
    'credentials.importScan': ({ from }) => credentials.importScan(from),
    'credentials.importApply': ({ from, keys }) => credentials.importApply(from, keys),
    'credentials.exportPullSecret': (request) => credentials.exportPullSecret(request),
    'credentials.kubeletMatch': ({ reference, keys }) => credentials.kubeletMatch(reference, keys),
    'credentials.align': ({ reference, tool }) => credentials.align(reference, tool),
    'registry.transport': ({ reference }) =>
      Promise.resolve().then(() => credentials.transport(reference)),
    'diagnose.run': ({ reference, message, platform }) =>
      diagnose.live(reference, {
        ...(message !== undefined ? { message } : {}),
        ...(platform !== undefined ? { platform } : {}),
      }),
    'diagnose.message': ({ message, image }) => diagnose.offline(message, image),
    'diagnose.fix': (request) => remedies.apply(request),
    'pull.start': ({ reference, platform }) =>
      Promise.resolve().then(() => pulls.start(reference, platform)),
    'pull.cancel': ({ pullId }) => Promise.resolve({ cancelled: pulls.cancel(pullId) }),
    'ledger.list': async ({ text, result }) => {
      const { entries, skipped } = await ledger.read();
      const pulls = entries.filter((e) => e.kind === 'pull');
      const filter = { ...(text !== undefined ? { text } : {}), ...(result ? { result } : {}) };
      return { entries: filterEntries(pulls, filter).reverse(), skipped };
    },
    'projects.recent': () => projects.recent(),
    'projects.choose': () => projects.choose(),
    'flows.discover': ({ dir }) => projects.open(dir),
    'engine.contexts': () => Promise.resolve().then(() => ({ engines: engineChoices() })),
    'runs.start': (request) => runs.start(request),
    'runs.cancel': ({ runId }) => Promise.resolve({ cancelled: runs.cancel(runId) }),
    'runs.list': ({ flowId }) => runs.list(flowId),
    'runs.log': ({ runId, maxBytes }) => runs.log(runId, maxBytes),
    'runs.rerun': ({ runId }) => runs.rerun(runId),
    'runs.check': (request) => runs.check(request),
    'runs.show': ({ runId }) => runs.show(runId),
    'jobs.list': ({ kind }) => Promise.resolve({ jobs: jobs.list(kind) }),
    'jobs.cancel': ({ id, force }) => Promise.resolve({ cancelled: jobs.cancel(id, force) }),
    'images.remoteInspect': ({ reference, platform }) => imageContent.inspect(reference, platform),
    'images.files': (request) =>
      Promise.resolve().then(() =>
        imageContent.startFiles({
          reference: request.reference,
          ...(request.platform !== undefined ? { platform: request.platform } : {}),
          ...(request.layer !== undefined ? { layer: request.layer } : {}),
          ...(request.path !== undefined ? { path: request.path } : {}),
        }),
      ),
    'images.filesCancel': ({ jobId }) =>
      Promise.resolve({ cancelled: imageContent.cancelFiles(jobId) }),
    'images.diff': ({ a, b, platform, files }) =>
      imageContent.diff(a, b, {
        ...(platform !== undefined ? { platform } : {}),
        ...(files !== undefined ? { files } : {}),
      }),
    'images.referrers': ({ reference }) => imageContent.referrers(reference),
    'images.checkUpdates': async ({ references }) => ({
      checks: await checkUpdates(engine, registry, references),
    }),
  };
}
