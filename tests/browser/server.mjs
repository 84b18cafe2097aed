// A tiny static file server for a built placard site, using only node:http and node:fs.
//
// - serves <dir>/<path>, and <dir>/<path>/index.html for folders (a folder asked
//   for without its trailing slash is redirected to the slash form, as static hosts do);
// - sends a Content-Type for the file's extension;
// - answers a missing path with the site's own 404.html and status 404;
// - never sets a cookie, never serves anything outside <dir>.
//
// Use from code:   const srv = await startServer(dir); srv.origin; await srv.close();
// Or by hand:      node server.mjs <dir> [port]     (prints the URL; Ctrl-C to stop)

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function statOrNull(p) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

export function startServer(dir, { port = 0, host = '127.0.0.1', log = null } = {}) {
  const root = fs.realpathSync(path.resolve(dir));

  const send = (req, res, status, file, extraHeaders = {}) => {
    const st = statOrNull(file);
    const headers = {
      'Content-Type': contentType(file),
      'Cache-Control': 'no-store',
      ...extraHeaders,
    };
    if (!st) {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extraHeaders });
      res.end(status === 404 ? 'Not found\n' : 'Error\n');
      return;
    }
    headers['Content-Length'] = st.size;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  };

  const notFound = (req, res) => send(req, res, 404, path.join(root, '404.html'));

  const server = http.createServer((req, res) => {
    if (log) log(req.method, req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bad request\n');
      return;
    }
    if (pathname.includes('\0')) return notFound(req, res);
    const file = path.join(root, path.normalize(pathname));
    // Stay inside root (path.join with a normalized absolute path cannot climb, but check anyway,
    // and follow symlinks only to places inside root).
    let real;
    try {
      real = fs.realpathSync(file);
    } catch {
      return notFound(req, res);
    }
    if (real !== root && !real.startsWith(root + path.sep)) return notFound(req, res);
    const st = statOrNull(real);
    if (!st) return notFound(req, res);
    if (st.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        res.writeHead(301, { Location: u.pathname + '/' + u.search, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Moved\n');
        return;
      }
      const index = path.join(real, 'index.html');
      if (!statOrNull(index)) return notFound(req, res);
      return send(req, res, 200, index);
    }
    if (!st.isFile()) return notFound(req, res);
    return send(req, res, 200, real);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        port: actual,
        origin: `http://${host}:${actual}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

// Run by hand: node server.mjs <dir> [port]
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node server.mjs <dir> [port]');
    process.exit(2);
  }
  const srv = await startServer(dir, { port: Number(process.argv[3] || 0), log: (m, u) => console.log(m, u) });
  console.log(`serving ${dir} at ${srv.origin}/`);
}
