// `npm run bench -- --emulated-python`: issue 18's comparison of the example's arm64 Python, built
// the fast way (cross-compiled on the amd64 build machine) and compiled under qemu emulation, one
// measurement each (the emulated one about 45 minutes on 2 cores). Both compile CPython 3.13.5 at
// optimization `none`: at `pgo-lto` an emulated build would also run CPython's profile task under
// emulation.
// The example's catalog.yaml is written beside it (catalog.bench-emulated.yaml, git-ignored,
// removed after) with python's optimization `none` and the platforms of each variant:
// - cross: the catalog for linux/amd64 and linux/arm64, python:3.13.5 built for linux/arm64 alone
//   (`--platform linux/arm64 --no-publish`), so its compile stage runs on the amd64 parent (the way
//   a two-platform build compiles arm64);
// - emulated: everything for linux/arm64 only: no parent for the build machine, so the compile
//   stage runs FROM the arm64 parent, under emulation.
// Each variant builds its parents first (not timed), then python:3.13.5 alone, timed: wall seconds,
// and the CPU seconds (user + system) of the build and everything it ran. An empty buildah storage
// and a new registry namespace each, from the offline mirror.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, freshStorage, offlineMirrorEnv, root, sh } from './bench-process.mjs';

const CATALOG_FILE = 'catalog.bench-emulated.yaml';

/** The example catalog for one variant's platforms, with python at optimization none. */
function variantCatalog(topPlatforms) {
  const catalog = readFileSync(join(root, 'catalog.yaml'), 'utf8');
  const edited = catalog.replace('      optimization: pgo-lto\n', '      optimization: none\n');
  if (edited === catalog) {
    throw new Error('catalog.yaml changed shape: update tools/bench/emulated-python-bench.mjs');
  }
  return `platforms: [${topPlatforms.join(', ')}]\n${edited}`;
}

/** `catalog build` under /usr/bin/time: wall and CPU seconds of it and its children. */
function timedBuild(args, env, timeFile) {
  sh(
    ['/usr/bin/time', '-o', timeFile, '-f', '%e %U %S', 'node', CATALOG, '--catalog', CATALOG_FILE, 'build', ...args],
    {
      env,
    },
  );
  const [wall, user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  return { seconds: wall, cpuSeconds: Number((user + system).toFixed(1)) };
}

function variant(name, platforms, registry, mirrors) {
  writeFileSync(join(root, CATALOG_FILE), variantCatalog(platforms));
  const storage = freshStorage(`catalog-bench-emulated-${name}-`);
  const env = { ...mirrors, ...storage.env };
  const args = ['--push', '--registry', `${registry}-${name}`];
  try {
    sh(['node', CATALOG, '--catalog', CATALOG_FILE, 'build', ...args, 'debian', 'pyenv'], { env });
    const python = [...args, '--platform', 'linux/arm64', '--no-publish', 'python:3.13.5'];
    return timedBuild(python, env, join(storage.dir, 'time'));
  } finally {
    rmSync(join(root, CATALOG_FILE), { force: true });
    sh(['buildah', 'rm', '--all'], { env: storage.env });
    sh(['buildah', 'rmi', '--all', '--force'], { env: storage.env });
    rmSync(storage.dir, { recursive: true, force: true });
  }
}

export function emulatedPythonBench() {
  for (const arch of ['amd64', 'arm64']) sh(['tools/base-rootfs.sh', '--arch', arch, 'trixie']);
  const registry = `${sh(['tools/registry.sh', 'start'])}/bench-emulated-${Date.now().toString(36)}`;
  const mirrors = offlineMirrorEnv();
  const cross = variant('cross', ['linux/amd64', 'linux/arm64'], registry, mirrors);
  const emulated = variant('emulated', ['linux/arm64'], registry, mirrors);
  return {
    version: '3.13.5',
    optimization: 'none',
    cross,
    emulated,
    ratio: Number((emulated.seconds / cross.seconds).toFixed(2)),
  };
}

export function printEmulatedPythonBench(result) {
  console.log(
    `\nCPython ${result.version} for linux/arm64 (optimization ${result.optimization}), the python node alone`,
  );
  console.log('way                  wall s   CPU s');
  for (const [name, row] of [
    ['cross-compiled', result.cross],
    ['under emulation', result.emulated],
  ]) {
    console.log(`${name.padEnd(18)}  ${row.seconds.toFixed(0).padStart(7)}  ${row.cpuSeconds.toFixed(0).padStart(6)}`);
  }
  console.log(`emulated / cross-compiled: ${result.ratio.toFixed(2)} (wall)`);
}
