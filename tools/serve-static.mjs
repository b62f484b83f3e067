#!/usr/bin/env node
// A tiny static file server without dependencies, for the offline mirror.
//
//   node tools/serve-static.mjs DIR [PORT=8765] [HOST=127.0.0.1]
//
// GET and HEAD only. A directory answers with its index.html, or with a
// generated listing; a directory URL without its trailing slash is redirected
// (so relative links in index pages resolve, as pip expects). One log line per
// request on stdout. Stops on SIGTERM/SIGINT.
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const [dirArg, portArg = '8765', host = '127.0.0.1'] = process.argv.slice(2);
if (!dirArg || !/^\d+$/.test(portArg)) {
  process.stderr.write('usage: node serve-static.mjs DIR [PORT=8765] [HOST=127.0.0.1]\n');
  process.exit(2);
}
const root = resolve(dirArg);
const port = Number(portArg);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.whl': 'application/zip',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.xz': 'application/x-xz',
  '.bz2': 'application/x-bzip2',
  '.tar': 'application/x-tar',
  '.deb': 'application/vnd.debian.binary-package',
};

const escapeHtml = (s) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function log(req, status, bytes) {
  const time = new Date().toISOString();
  process.stdout.write(`${time} ${req.method} ${req.url} ${status} ${bytes ?? '-'}\n`);
}

function send(req, res, status, body, headers = {}) {
  const buf = Buffer.from(body);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': buf.length,
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : buf);
  log(req, status, buf.length);
}

// The file a URL path names, or null when it would leave the served tree.
async function locate(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = await realpath(root);
  const candidate = resolve(base, `.${decoded}`);
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  let real;
  try {
    real = await realpath(candidate);
  } catch {
    return { path: candidate, stats: null };
  }
  if (real !== base && !real.startsWith(base + sep)) return null;
  return { path: real, stats: await stat(real) };
}

async function listing(dir, urlPath) {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  const title = `Index of ${escapeHtml(urlPath)}`;
  const links = entries.map((n) => `<a href="${encodeURI(n)}">${escapeHtml(n)}</a><br>`);
  if (urlPath !== '/') links.unshift('<a href="../">../</a><br>');
  return `<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n${links.join('\n')}\n</body>\n</html>\n`;
}

function sendFile(req, res, path, stats) {
  res.writeHead(200, {
    'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': stats.size,
    'Last-Modified': stats.mtime.toUTCString(),
    'Accept-Ranges': 'none',
  });
  if (req.method === 'HEAD') {
    res.end();
    log(req, 200, stats.size);
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.on('end', () => log(req, 200, stats.size));
  stream.pipe(res);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(req, res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const found = await locate(url.pathname);
  if (!found) {
    send(req, res, 403, 'forbidden\n');
    return;
  }
  let { path, stats } = found;
  if (!stats) {
    send(req, res, 404, 'not found\n');
    return;
  }
  if (stats.isDirectory()) {
    if (!url.pathname.endsWith('/')) {
      send(req, res, 301, 'moved\n', {
        Location: `${url.pathname}/${url.search}`,
      });
      return;
    }
    const index = join(path, 'index.html');
    try {
      const indexStats = await stat(index);
      if (indexStats.isFile()) {
        path = index;
        stats = indexStats;
      }
    } catch {
      send(req, res, 200, await listing(path, url.pathname), {
        'Content-Type': TYPES['.html'],
      });
      return;
    }
  }
  if (!stats.isFile()) {
    send(req, res, 403, 'forbidden\n');
    return;
  }
  sendFile(req, res, path, stats);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) send(req, res, 500, 'internal error\n');
    else res.destroy();
    process.stderr.write(`${req.url}: ${err?.stack ?? err}\n`);
  });
});

server.on('error', (err) => {
  process.stderr.write(`serve-static: cannot listen on ${host}:${port}: ${err.message}\n`);
  process.exit(1);
});

server.listen(port, host, () => {
  process.stdout.write(`serving ${root} at http://${host}:${port}/\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
