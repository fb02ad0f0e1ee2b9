import { expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';

describeWithHarness('test harness', (h) => {
  it('serves a real docker-registry with Basic auth that refuses anonymous requests', async () => {
    const res = await fetch(`${h.basicRegistry.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="test-registry"/);
  });

  it('serves a real docker-registry with token auth pointing at the test issuer', async () => {
    const res = await fetch(`${h.tokenRegistry.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(
      `Bearer realm="${h.tokenRegistry.issuerUrl}"`,
    );
  });

  it('pushed a seeded image, so the registry holds its manifest under the pushed digest', async () => {
    const auth = Buffer.from(`alice:${h.users.alice}`).toString('base64');
    const res = await fetch(`${h.basicRegistry.url}/v2/team/flows/manifests/1`, {
      method: 'HEAD',
      headers: {
        authorization: `Basic ${auth}`,
        accept: 'application/vnd.docker.distribution.manifest.v2+json',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-content-digest')).toBe(h.seeded.flowsDigest);
  });
});
