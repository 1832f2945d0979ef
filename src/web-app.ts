import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { projectRoot } from './common/paths';

/**
 * The web app (web/, built into web/dist by `npm install`), served at / beside the API: a file of
 * the build when the path names one, else the app's index.html (its router reads the path). Only
 * GET and HEAD; nothing outside web/dist is ever read.
 */

export const webRoot = join(projectRoot, 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.json': 'application/json',
};

/** Serves the request from the web app's build; false when it is not the web app's (not GET/HEAD, or no build). */
export function serveWebApp(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !existsSync(join(webRoot, 'index.html'))) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return false;
  }
  // A NUL or a backslash has no place in a page's path (and a NUL would reach the file system).
  if (/[\0\\]/.test(decoded)) return false;
  let path = normalize(join(webRoot, decoded));
  if (!path.startsWith(webRoot + sep) && path !== webRoot) return false;
  const asset = url.pathname.startsWith('/assets/');
  if (!existsSync(path) || !statSync(path).isFile()) {
    // A missing asset is a 404; any other path is a page of the app.
    if (asset || extname(url.pathname)) return false;
    path = join(webRoot, 'index.html');
  }
  res.statusCode = 200;
  res.setHeader('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
  // Built assets carry their content's hash in their names and nothing personal: cached for good. The page itself never.
  if (asset) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  res.setHeader('x-content-type-options', 'nosniff');
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
  return true;
}
