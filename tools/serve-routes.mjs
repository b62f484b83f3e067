#!/usr/bin/env node
// Serves fixed answers by URL (path and query), for the recorded upstream indexes of
// tools/versions-demo.sh: python.org's API answers by query string, which a static file tree cannot.
//
//   node tools/serve-routes.mjs DIR [PORT=8767] [HOST=127.0.0.1]
//
// DIR/routes.json maps each URL ("/python/api/v2/downloads/release/?is_published=true") to a file
// in DIR; anything else is 404. GET and HEAD only. One log line per request; stops on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';

const [dirArg, portArg = '8767', host = '127.0.0.1'] = process.argv.slice(2);
if (!dirArg || !/^\d+$/.test(portArg)) {
  process.stderr.write('usage: node serve-routes.mjs DIR [PORT=8767] [HOST=127.0.0.1]\n');
  process.exit(2);
}
const root = resolve(dirArg);
const routes = JSON.parse(readFileSync(join(root, 'routes.json'), 'utf8'));

const server = createServer((req, res) => {
  const file = req.method === 'GET' || req.method === 'HEAD' ? routes[req.url ?? ''] : undefined;
  const body = file === undefined ? Buffer.from('not found\n') : readFileSync(join(root, file));
  const type = file?.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  res.writeHead(file === undefined ? 404 : 200, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  process.stdout.write(`${new Date().toISOString()} ${req.method} ${req.url} ${file === undefined ? 404 : 200}\n`);
});
server.listen(Number(portArg), host);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
