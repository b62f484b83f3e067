// `catalog plan --json` end to end (process start to exit) on synthetic catalogs, every run parsing
// and validating the catalog (the cache of parsed catalogs is off; nx-bench.mjs measures it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { syntheticCatalog } from './synthetic-catalog.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = fileURLToPath(new URL('../../packages/cli/bin/catalog.js', import.meta.url));
const SIZES = [100, 1000, 5000];
const RUNS = 7;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(catalogFile, rssFile, expected) {
  const start = performance.now();
  const result = spawnSync(
    'node',
    ['--import', join(here, 'report-rss.mjs'), bin, 'plan', '--json', '--catalog', catalogFile],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, BENCH_RSS_FILE: rssFile, CATALOG_PARSE_CACHE: 'off' },
    },
  );
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`catalog plan failed:\n${result.stderr}`);
  const planned = JSON.parse(result.stdout).images.length;
  if (planned !== expected) throw new Error(`planned ${planned} nodes, expected ${expected}`);
  return { seconds, rssBytes: Number(readFileSync(rssFile, 'utf8')) };
}

export function planBench(tmp) {
  mkdirSync(tmp, { recursive: true });
  return SIZES.map((size) => {
    const { text, nodes } = syntheticCatalog(size);
    const file = join(tmp, `catalog-${size}.yaml`);
    writeFileSync(file, text);
    const runs = Array.from({ length: RUNS }, () => measure(file, join(tmp, 'rss'), nodes));
    return {
      variants: nodes,
      catalogBytes: Buffer.byteLength(text),
      medianSeconds: Number(median(runs.map((r) => r.seconds)).toFixed(3)),
      peakRssMB: Number((Math.max(...runs.map((r) => r.rssBytes)) / 2 ** 20).toFixed(1)),
      runs: RUNS,
    };
  });
}
