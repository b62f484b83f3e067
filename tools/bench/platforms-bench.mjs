// `npm run bench -- --platforms`: what a second platform costs, in one run. The Debian chain of
// tools/fixtures/debian-chain (Debian → a runtime that installs jq with apt → an app) is built and
// pushed for linux/amd64 alone (`catalog build --platform linux/amd64 --push --no-publish`), then
// for linux/amd64 and linux/arm64 (`catalog build --push`), each into a new registry namespace with
// an empty buildah storage, smoke tests included. The arm64 steps run under qemu emulation. Both
// Debian root filesystems are bootstrapped before the clock starts (tools/base-rootfs.sh caches
// them), as on any machine that built once. Issue 18's target: two platforms <= 2x amd64 alone.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, freshStorage, root, sh } from './bench-process.mjs';

const FIXTURE = join(root, 'tools/fixtures/debian-chain');
const QEMU = '/proc/sys/fs/binfmt_misc/qemu-aarch64';

/** A workspace with the fixture's catalog for `registry`, and an empty buildah storage of its own. */
function workspaceFor(registry) {
  const { dir, env } = freshStorage('catalog-bench-platforms-');
  const workspace = join(dir, 'workspace');
  cpSync(FIXTURE, workspace, { recursive: true });
  cpSync(join(root, 'images/_partials'), join(workspace, 'images/_partials'), { recursive: true });
  const catalog = readFileSync(join(FIXTURE, 'catalog.fixture.yaml'), 'utf8');
  writeFileSync(join(workspace, 'catalog.yaml'), catalog.replaceAll('@REGISTRY@', registry).replaceAll('@REPO@', root));
  return { dir, workspace, env };
}

/** One timed build of the fixture into a namespace of its own; what its report says was built. */
function timedBuild(registry, args) {
  const { dir, workspace, env } = workspaceFor(registry);
  try {
    const started = Date.now();
    sh(['node', CATALOG, 'build', '--push', '--report', 'report.json', ...args], { env, cwd: workspace });
    const seconds = (Date.now() - started) / 1000;
    const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
    // A node built for several platforms lists each; one built for one platform is that image.
    const built = report.nodes.filter((node) => node.status === 'built');
    const images = built.reduce((sum, node) => sum + (node.platforms?.length ?? 1), 0);
    return { seconds: Number(seconds.toFixed(1)), built: built.length, images };
  } finally {
    sh(['buildah', 'rm', '--all'], { env });
    sh(['buildah', 'rmi', '--all', '--force'], { env });
    rmSync(dir, { recursive: true, force: true });
  }
}

export function platformsBench() {
  if (!existsSync(QEMU)) {
    throw new Error(`no ${QEMU}: arm64 steps need emulation (apt-get install qemu-user-static binfmt-support)`);
  }
  for (const arch of ['amd64', 'arm64']) sh(['tools/base-rootfs.sh', '--arch', arch, 'trixie']);
  const registry = `${sh(['tools/registry.sh', 'start'])}/bench-platforms-${Date.now().toString(36)}`;
  const amd64 = timedBuild(`${registry}-amd64`, ['--platform', 'linux/amd64', '--no-publish']);
  const both = timedBuild(`${registry}-both`, []);
  return { amd64, both, ratio: Number((both.seconds / amd64.seconds).toFixed(2)), target: 2 };
}

export function printPlatformsBench(result) {
  console.log('\nthe Debian chain fixture (debian -> apt-installed jq -> app), built, tested and pushed');
  console.log('(target for the example: two platforms <= 2x amd64 alone; arm64 under qemu emulation)');
  console.log('platforms             seconds  nodes  images');
  for (const [name, row] of [
    ['linux/amd64', result.amd64],
    ['linux/amd64+arm64', result.both],
  ]) {
    console.log(
      `${name.padEnd(20)}  ${row.seconds.toFixed(1).padStart(7)}  ${String(row.built).padStart(5)}  ${String(row.images).padStart(6)}`,
    );
  }
  console.log(`two platforms / amd64 alone: ${result.ratio.toFixed(2)}`);
}
