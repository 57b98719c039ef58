/**
 * Serves the LINE manager replica over HTTPS on 127.0.0.1; Chromium reaches it as
 * https://manager.line.biz through --host-resolver-rules.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { selfSignedCert } from './https-cert';

const dir = join(import.meta.dirname, 'replica');

export interface Replica { port: number; close(): Promise<void> }

export async function startManagerReplica(): Promise<Replica> {
  const html = readFileSync(join(dir, 'app.html'));
  const js = readFileSync(join(dir, 'replica.js'));
  const server: Server = createServer(selfSignedCert(), (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/favicon.ico') {
      // The real manager has one; a 404 here would be an error in every page's console.
      res.writeHead(204).end();
    } else if (path === '/replica.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (path.startsWith('/account/') || path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    // The browser keeps its connections alive; close them, or close() waits for them forever.
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
