/**
 * Serves the built renderer to a browser: files only from the renderer folder (no path escapes), with
 * a strict Content-Security-Policy that allows scripts and connections to this origin alone.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

const notBuiltPage = `<!doctype html><meta charset="utf-8"><title>Paxoscope</title>
<p>The console runs, but its renderer is not built. Run <code>npm run build</code> (or <code>npm start</code>,
which builds what is stale) and reload.</p>`;

export function serveStatic(rendererDir: string, request: IncomingMessage, response: ServerResponse): void {
  const host = request.headers.host ?? '127.0.0.1';
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const file = resolveFile(rendererDir, pathname);
  if (file === null) {
    if (pathname === '/' || pathname === '/index.html') {
      response.writeHead(200, { 'Content-Type': contentTypes['.html'] }).end(notBuiltPage);
    } else response.writeHead(404).end('not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}

/** The file a URL path names inside the folder, or null when it escapes, is missing or is a folder. */
function resolveFile(folder: string, pathname: string): string | null {
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(folder, relative));
  if (!file.startsWith(normalize(folder) + sep)) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  return file;
}
