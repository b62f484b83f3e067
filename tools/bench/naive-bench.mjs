// `npm run bench -- --naive`: builds the hello app naively (naive-hello/Dockerfile: one stage,
// compilers and caches left in) on the catalog's Debian base and compares its size with the
// catalog's hello image. Slow: it compiles CPython. Needs the example built (npm run example), the
// local registry and the offline mirror (or the internet).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutSizes } from './image-sizes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sh(argv) {
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}`);
  return result.stdout.trim();
}

/** The CPython tarball and the Flask version the catalog's hello app is built with (`catalog sources`). */
function helloVersions() {
  const { nodes } = JSON.parse(
    sh(['node', 'packages/cli/bin/catalog.js', 'sources', 'hello', '--ancestors', '--json']),
  );
  const python = nodes.find((node) => node.image === 'python');
  const file = python?.sources.find((source) => source.file?.startsWith('Python-'))?.file;
  const flask = nodes.find((node) => node.image === 'flask')?.version;
  if (!python || !file || !flask) throw new Error('catalog sources hello --ancestors names no Python source or Flask');
  return { python: python.version, file, flask };
}

export function naiveBench() {
  const versions = helloVersions();
  const registry = `${sh(['tools/registry.sh', 'start'])}/acme`;
  const mirror = sh(['tools/offline-mirror.sh', 'serve']);
  const context = mkdtempSync(join(tmpdir(), 'naive-hello-'));
  // Removed by naiveComparison once measured, or here when the build fails.
  try {
    return { context, ...buildNaive(context, versions, registry, mirror) };
  } catch (error) {
    rmSync(context, { recursive: true, force: true });
    throw error;
  }
}

/** Builds the naive image from `context` and exports it as an OCI layout into `<context>/oci`. */
function buildNaive(context, versions, registry, mirror) {
  cpSync(join(root, 'tools/bench/naive-hello'), context, { recursive: true });
  cpSync(join(root, 'images/hello/app.py'), join(context, 'app.py'));
  const buildah = ['buildah', '--storage-driver', process.env.CATALOG_BUILDAH_STORAGE_DRIVER ?? 'vfs'];
  const image = 'localhost/catalog-bench/naive-hello:1.0.0';
  const started = Date.now();
  sh([
    ...buildah,
    'build',
    '--isolation',
    process.env.CATALOG_BUILDAH_ISOLATION ?? 'chroot',
    '--tls-verify=false',
    '--layers',
    '--build-arg',
    `BASE_IMAGE=${registry}/debian:13`,
    '--build-arg',
    `PYTHON_TARBALL=${mirror}/python/${versions.file}`,
    '--build-arg',
    `PYTHON_VERSION=${versions.python}`,
    '--build-arg',
    `FLASK_VERSION=${versions.flask}`,
    '--build-arg',
    `PIP_INDEX_URL=${mirror}/simple`,
    '-t',
    image,
    context,
  ]);
  const seconds = (Date.now() - started) / 1000;
  const layout = join(context, 'oci');
  sh([...buildah, 'push', '--format', 'oci', image, `oci:${layout}`]);
  return { layout, seconds };
}

export async function naiveComparison() {
  const naive = naiveBench();
  let sizes;
  try {
    sizes = await layoutSizes(naive.layout);
  } finally {
    rmSync(naive.context, { recursive: true, force: true });
  }
  const ours = await layoutSizes(join(root, 'out/oci/hello/1.0.0'));
  return {
    naiveUncompressedMB: +(sizes.uncompressed / 1e6).toFixed(1),
    oursUncompressedMB: +(ours.uncompressed / 1e6).toFixed(1),
    oursVsNaive: +(ours.uncompressed / sizes.uncompressed).toFixed(3),
    naiveBuildSeconds: +naive.seconds.toFixed(0),
  };
}
