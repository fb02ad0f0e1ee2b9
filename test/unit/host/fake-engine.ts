/** A scripted Engine port for host-level tests that do not need a daemon. */
import { BerthError } from '../../../src/shared/errors';
import type { EnginePort, RawPullEvent } from '../../../src/engine';
import { unusableContainers } from '../../../src/engine/containers';
import type { EngineInfo, ImageDetails, ImageSummary } from '../../../src/shared/contract';

export const sampleImage: ImageSummary = {
  id: `sha256:${'a'.repeat(64)}`,
  repoTags: ['local/busybox:1'],
  repoDigests: [`127.0.0.1:5000/team/app@sha256:${'b'.repeat(64)}`],
  size: 1_234_567,
  created: '2026-01-02T03:04:05.000Z',
  containers: 0,
};

/** What the fake engine streams for a pull of `127.0.0.1:5000/team/app:1`: one fresh layer. */
export const samplePullEvents: RawPullEvent[] = [
  { status: 'Pulling from team/app', id: '1' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'aaaaaaaaaaaa' },
  { status: 'Downloading', progressDetail: { current: 500, total: 1000 }, id: 'aaaaaaaaaaaa' },
  { status: 'Downloading', progressDetail: { current: 1000, total: 1000 }, id: 'aaaaaaaaaaaa' },
  { status: 'Download complete', progressDetail: {}, id: 'aaaaaaaaaaaa' },
  { status: 'Extracting', progressDetail: { current: 1000, total: 1000 }, id: 'aaaaaaaaaaaa' },
  { status: 'Pull complete', progressDetail: {}, id: 'aaaaaaaaaaaa' },
  { status: `Digest: sha256:${'b'.repeat(64)}` },
  { status: 'Status: Downloaded newer image for 127.0.0.1:5000/team/app:1' },
];

export function fakeEngine(up = true): EnginePort {
  const endpoint = {
    kind: 'unix' as const,
    address: 'unix:///tmp/fake.sock',
    source: 'default' as const,
    tls: false,
  };
  const down = () =>
    Promise.reject(
      new BerthError('engine.socket_missing', 'No Docker engine socket at unix:///tmp/fake.sock.'),
    );
  const info: EngineInfo = {
    endpoint,
    product: 'Docker Engine',
    name: 'fake',
    serverVersion: '28.2.2',
    apiVersion: '1.50',
    os: 'linux',
    arch: 'amd64',
    kernelVersion: '6.1',
    operatingSystem: 'Debian',
    storageDriver: 'vfs',
    cpus: 2,
    memTotal: 1024,
    images: 1,
    containers: 0,
    containersRunning: 0,
    rootless: false,
  };
  const details: ImageDetails = {
    ...sampleImage,
    os: 'linux',
    architecture: 'amd64',
    labels: {},
    env: [],
    entrypoint: [],
    cmd: ['sh'],
    workingDir: '',
    user: '',
    exposedPorts: [],
    layers: [],
  };
  return {
    endpoint,
    // Runs need a real dockerd: they are tested in test/integration/runs.test.ts.
    ...unusableContainers(
      new BerthError('engine.unsupported', 'The fake engine runs no containers.'),
    ),
    ping: up ? () => Promise.resolve() : down,
    info: up ? () => Promise.resolve(info) : down,
    listImages: up ? () => Promise.resolve([sampleImage]) : down,
    inspectImage: up ? () => Promise.resolve(details) : down,
    removeImage: up
      ? () => Promise.resolve({ untagged: ['local/busybox:1'], deleted: [sampleImage.id] })
      : down,
    pullImage: up
      ? (_reference, { onEvent }) => {
          for (const event of samplePullEvents) onEvent(event);
          return Promise.resolve();
        }
      : down,
  };
}
