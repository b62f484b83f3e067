// `npm run bench -- --nx`: `catalog plan --affected --json` against `nx show projects --affected`
// (the @catalog/nx-plugin projects) on the same generated workspace after the same edit: a
// synthetic catalog of 1,000 and 5,000 variants with one template per image, committed on main,
// and one image's template edited on a branch. Both answers must be the same set of nodes.
// Cold: nx without daemon and without its workspace cache (.nx removed before each run); warm:
// nx with the cache of the previous run (still without daemon). The catalog has no cache.
// Medians of 5 runs; ours and nx cold alternate.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { syntheticCatalog } from './synthetic-catalog.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const catalogBin = join(root, 'packages/cli/bin/catalog.js');
const nxBin = join(root, 'node_modules/nx/dist/bin/nx.js');
const SIZES = [1000, 5000];
const RUNS = 5;
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function git(dir, ...args) {
  execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], {
    cwd: dir,
    stdio: 'pipe',
  });
}

/** A git workspace with the catalog, a template per image and the Nx plugin; returns the edited image. */
function workspace(size) {
  const { text, nodes } = syntheticCatalog(size);
  const dir = mkdtempSync(join(tmpdir(), `catalog-nx-bench-${size}-`));
  const images = [...text.matchAll(/^ {2}(img\d+):$/gm)].map((m) => m[1]);
  writeFileSync(join(dir, 'catalog.yaml'), text);
  for (const image of images) {
    mkdirSync(join(dir, 'images', image), { recursive: true });
    writeFileSync(join(dir, 'images', image, 'Dockerfile.hbs'), 'FROM {{baseImage}}\n');
  }
  writeFileSync(join(dir, 'nx.json'), '{ "plugins": ["@catalog/nx-plugin"] }\n');
  writeFileSync(join(dir, 'package.json'), '{ "name": "bench", "private": true }\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n.nx\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'base');
  // An image a tenth of the way down the declaration order: a mid-level image with descendants.
  const edited = images[Math.floor(images.length / 10)];
  git(dir, 'checkout', '-qb', 'change');
  writeFileSync(join(dir, 'images', edited, 'Dockerfile.hbs'), 'FROM {{baseImage}}\nRUN true\n');
  git(dir, 'commit', '-qam', 'edit');
  return { dir, nodes, images: images.length, edited };
}

function timed(argv, dir) {
  const start = performance.now();
  const result = spawnSync('node', argv, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

const catalogPlan = (dir) =>
  timed([catalogBin, 'plan', '--affected', '--base', 'main', '--head', 'HEAD', '--json'], dir);
const nxAffected = (dir) =>
  timed([nxBin, 'show', 'projects', '--affected', '--base=main', '--head=HEAD', '--json'], dir);

function compare(size) {
  const ws = workspace(size);
  // Interleaved, so a change in the machine's load hits both alike.
  const ours = [];
  const cold = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(catalogPlan(ws.dir));
    rmSync(join(ws.dir, '.nx'), { recursive: true, force: true });
    cold.push(nxAffected(ws.dir));
  }
  const warm = Array.from({ length: RUNS }, () => nxAffected(ws.dir));
  const oursSet = JSON.parse(ours[0].stdout).images.map((image) => image.id.replace(':', '@'));
  const nxSet = JSON.parse(cold[0].stdout);
  const same = oursSet.length === nxSet.length && [...oursSet].sort().join() === [...nxSet].sort().join();
  const oursSeconds = median(ours.map((r) => r.seconds));
  const nxColdSeconds = median(cold.map((r) => r.seconds));
  const nxWarmSeconds = median(warm.map((r) => r.seconds));
  rmSync(ws.dir, { recursive: true, force: true });
  return {
    variants: ws.nodes,
    images: ws.images,
    edit: `images/${ws.edited}/Dockerfile.hbs`,
    affected: oursSet.length,
    sameNodes: same,
    oursSeconds: Number(oursSeconds.toFixed(3)),
    nxColdSeconds: Number(nxColdSeconds.toFixed(3)),
    nxWarmSeconds: Number(nxWarmSeconds.toFixed(3)),
    coldRatio: Number((nxColdSeconds / oursSeconds).toFixed(1)),
    warmRatio: Number((nxWarmSeconds / oursSeconds).toFixed(1)),
    runs: RUNS,
  };
}

export function nxBench() {
  return SIZES.map(compare);
}

export function printNxBench(rows) {
  console.log(
    '\ncatalog plan --affected --json vs nx show projects --affected, same edit (target: ours >= 10x faster, same nodes)',
  );
  console.log('variants  affected  same  ours s  nx cold s  nx warm s  cold x  warm x');
  for (const r of rows) {
    console.log(
      `${String(r.variants).padStart(8)}  ${String(r.affected).padStart(8)}  ${String(r.sameNodes).padStart(4)}  ${r.oursSeconds.toFixed(3).padStart(6)}  ${r.nxColdSeconds.toFixed(3).padStart(9)}  ${r.nxWarmSeconds.toFixed(3).padStart(9)}  ${String(r.coldRatio).padStart(6)}  ${String(r.warmRatio).padStart(6)}`,
    );
  }
}
