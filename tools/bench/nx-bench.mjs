// `npm run bench -- --nx`: `catalog plan --affected --json` against `nx show projects --affected`
// (the @catalog/nx-plugin projects) on the same generated workspace after the same edit: a
// synthetic catalog of 1,000 and 5,000 variants with one template per image, committed on main,
// and one image's template edited on a branch. Both answers must be the same set of nodes.
// Cold: each tool without its cache (nx: .nx removed, no daemon; catalog: its catalog cache folder
// emptied, see packages/cli/src/catalog-cache.ts); warm: with the cache the previous run left.
// Cold compares with cold, warm with warm. Medians of 5 runs; the four measurements alternate.
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

function timed(argv, dir, extraEnv = {}) {
  const start = performance.now();
  const options = { cwd: dir, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 << 20 };
  const result = spawnSync('node', argv, options);
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}:\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

const catalogPlan = (dir) =>
  timed([catalogBin, 'plan', '--affected', '--base', 'main', '--head', 'HEAD', '--json'], dir, {
    CATALOG_CACHE: join(dir, '.catalog-cache'),
  });
const nxAffected = (dir) =>
  timed([nxBin, 'show', 'projects', '--affected', '--base=main', '--head=HEAD', '--json'], dir);

function compare(size) {
  const ws = workspace(size);
  const runs = { oursCold: [], nxCold: [], oursWarm: [], nxWarm: [] };
  try {
    // Interleaved, so a change in the machine's load hits all four alike.
    for (let run = 0; run < RUNS; run++) {
      rmSync(join(ws.dir, '.catalog-cache'), { recursive: true, force: true });
      runs.oursCold.push(catalogPlan(ws.dir));
      rmSync(join(ws.dir, '.nx'), { recursive: true, force: true });
      runs.nxCold.push(nxAffected(ws.dir));
      runs.oursWarm.push(catalogPlan(ws.dir));
      runs.nxWarm.push(nxAffected(ws.dir));
    }
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
  const oursSet = JSON.parse(runs.oursCold[0].stdout).images.map((image) => image.id.replace(':', '@'));
  const nxSet = JSON.parse(runs.nxCold[0].stdout);
  const same = oursSet.length === nxSet.length && [...oursSet].sort().join() === [...nxSet].sort().join();
  // The caches change nothing in either answer.
  const warmSame =
    runs.oursWarm[0].stdout === runs.oursCold[0].stdout && runs.nxWarm[0].stdout === runs.nxCold[0].stdout;
  const seconds = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, Number(median(list.map((r) => r.seconds)).toFixed(3))]),
  );
  return {
    variants: ws.nodes,
    images: ws.images,
    edit: `images/${ws.edited}/Dockerfile.hbs`,
    affected: oursSet.length,
    sameNodes: same && warmSame,
    ...seconds,
    coldRatio: Number((seconds.nxCold / seconds.oursCold).toFixed(1)),
    warmRatio: Number((seconds.nxWarm / seconds.oursWarm).toFixed(1)),
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
  console.log('variants  affected  same  ours cold s  nx cold s  cold x  ours warm s  nx warm s  warm x');
  for (const r of rows) {
    const cells = [
      [r.variants, 8],
      [r.affected, 8],
      [r.sameNodes, 4],
      [r.oursCold.toFixed(3), 11],
      [r.nxCold.toFixed(3), 9],
      [r.coldRatio, 6],
      [r.oursWarm.toFixed(3), 11],
      [r.nxWarm.toFixed(3), 9],
      [r.warmRatio, 6],
    ];
    console.log(cells.map(([value, width]) => String(value).padStart(width)).join('  '));
  }
}
