import type {
  EngineEndpoint,
  EngineStatus,
  ImageDetails,
  ImageSummary,
} from '../../src/shared/contract';

export const socketEndpoint: EngineEndpoint = {
  kind: 'unix',
  address: 'unix:///var/run/docker.sock',
  source: 'default',
  tls: false,
};

export function engineUp(checkedAt = '2025-06-01T10:00:00.000Z'): EngineStatus {
  return {
    state: 'up',
    checkedAt,
    info: {
      endpoint: {
        kind: 'tcp',
        address: 'tcp://10.0.0.5:2376',
        source: 'context',
        context: 'build-box',
        tls: true,
      },
      product: 'Docker Engine - Community',
      name: 'build-box',
      serverVersion: '28.2.2',
      apiVersion: '1.50',
      os: 'linux',
      arch: 'amd64',
      kernelVersion: '6.8.0-45-generic',
      operatingSystem: 'Ubuntu 24.04.1 LTS',
      storageDriver: 'overlay2',
      cpus: 16,
      memTotal: 32 * 1024 ** 3,
      images: 3,
      containers: 7,
      containersRunning: 2,
      rootless: false,
    },
  };
}

export function engineDown(
  code = 'engine.socket_missing',
  checkedAt = '2025-06-01T09:59:00.000Z',
): EngineStatus {
  return {
    state: 'down',
    checkedAt,
    endpoint: socketEndpoint,
    error: {
      code,
      message: 'No Docker engine socket at unix:///var/run/docker.sock.',
      hint: 'Start Docker (Docker Desktop, `sudo systemctl start docker`), then try again.',
      details: { endpoint: 'unix:///var/run/docker.sock', cause: 'ENOENT' },
    },
  };
}

const hex = (seed: string) => seed.repeat(64).slice(0, 64);

export function image(overrides: Partial<ImageSummary> & { seed: string }): ImageSummary {
  const { seed, ...rest } = overrides;
  return {
    id: `sha256:${hex(seed)}`,
    repoTags: [],
    repoDigests: [],
    size: 1024 * 1024,
    created: '2025-01-01T00:00:00.000Z',
    containers: -1,
    ...rest,
  };
}

/** Three images: distinct names, sizes and ages, one untagged, one with several tags. */
export const threeImages: ImageSummary[] = [
  image({
    seed: 'a1',
    repoTags: ['nginx:1.27', 'nginx:latest', 'registry.example.com/web/nginx:1.27'],
    repoDigests: [`nginx@sha256:${hex('d1')}`],
    size: 190 * 1024 * 1024,
    created: '2025-03-01T00:00:00.000Z',
  }),
  image({
    seed: 'b2',
    repoTags: ['alpine:3.20'],
    repoDigests: [`alpine@sha256:${hex('e2')}`],
    size: 8 * 1024 * 1024,
    created: '2025-05-01T00:00:00.000Z',
  }),
  image({ seed: 'c3', size: 50 * 1024 * 1024, created: '2024-12-01T00:00:00.000Z' }),
];

export function detailsOf(summary: ImageSummary): ImageDetails {
  return {
    ...summary,
    os: 'linux',
    architecture: 'arm64',
    variant: 'v8',
    labels: {
      'org.opencontainers.image.source': 'https://github.com/example/web',
      maintainer: 'team-web',
    },
    env: ['PATH=/usr/local/sbin:/usr/local/bin', 'NGINX_VERSION=1.27.0', 'OPTS=a=b'],
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    workingDir: '/srv',
    user: 'nginx',
    exposedPorts: ['80/tcp'],
    layers: [
      {
        diffId: `sha256:${hex('f1')}`,
        size: 80 * 1024 * 1024,
        createdBy: '/bin/sh -c #(nop) ADD file:abc in /',
      },
      {
        diffId: `sha256:${hex('f2')}`,
        size: -1,
        createdBy: 'RUN apt-get update && apt-get install -y nginx',
      },
    ],
  };
}
