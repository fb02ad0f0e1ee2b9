/**
 * The renderer is served from app://berth instead of file:// (checklist #18, "Avoid usage of
 * the file:// protocol"), so 'self' in the CSP means exactly Berth's own files.
 */
import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../src/host/web-security';
import { BAD_URL_MESSAGE, decodeUrlPath } from '../src/host/url-path';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir);
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'berth') return new Response('Not found', { status: 404 });
    const decoded = decodeUrlPath(url.pathname);
    if (decoded === undefined) return new Response(BAD_URL_MESSAGE, { status: 400 });
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
