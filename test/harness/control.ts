/**
 * A loopback control server owned by globalSetup: test workers ask it to stop or start the
 * shared dockerd (the engine-down tests), while globalSetup keeps owning its teardown.
 */
import { createServer } from 'node:http';
import type { RunningDockerd } from './dockerd';

export async function startControlServer(
  dockerd: RunningDockerd,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const action = req.method === 'POST' ? req.url : undefined;
    const run =
      action === '/dockerd/stop'
        ? dockerd.pause
        : action === '/dockerd/start'
          ? dockerd.start
          : undefined;
    if (!run) {
      res.writeHead(404).end();
      return;
    }
    run().then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** From a test worker: stop or start the shared daemon and wait until it is done. */
export async function controlDockerd(controlUrl: string, action: 'stop' | 'start'): Promise<void> {
  const res = await fetch(`${controlUrl}/dockerd/${action}`, {
    method: 'POST',
    signal: AbortSignal.timeout(90_000),
  });
  if (!res.ok) throw new Error(`dockerd ${action} failed: ${res.status} ${await res.text()}`);
}
