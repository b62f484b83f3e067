// Sizes of the images of the last build, from their OCI layouts (out/oci/): compressed (the layer
// blobs as pushed) and uncompressed (the layers unpacked). Targets: python:3.13 <= 130 MB and
// hello <= 150 MB uncompressed.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

const MB = 1_000_000;

function blob(layout, digest) {
  return join(layout, 'blobs', ...digest.split(':'));
}

async function unpackedSize(file) {
  let bytes = 0;
  const stream = createReadStream(file).pipe(createGunzip());
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

/** Sizes of one OCI layout's image, in bytes. */
export async function layoutSizes(layout) {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(layout, index.manifests[0].digest), 'utf8'));
  let compressed = manifest.config.size;
  let uncompressed = manifest.config.size;
  for (const layer of manifest.layers) {
    compressed += layer.size;
    uncompressed += layer.mediaType.endsWith('gzip') ? await unpackedSize(blob(layout, layer.digest)) : layer.size;
  }
  return { compressed, uncompressed, layers: manifest.layers.length };
}

/** Every node of out/last-build.json that has a layout under out/oci/. */
export async function imageSizes(root) {
  const reportFile = join(root, 'out', 'last-build.json');
  if (!existsSync(reportFile)) return [];
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const rows = [];
  for (const node of report.nodes) {
    const [image, tag] = node.id.split(/:(.*)/s);
    const layout = join(root, 'out', 'oci', image, tag);
    if (!existsSync(join(layout, 'index.json'))) continue;
    const sizes = await layoutSizes(layout);
    rows.push({
      id: node.id,
      compressedMB: +(sizes.compressed / MB).toFixed(1),
      uncompressedMB: +(sizes.uncompressed / MB).toFixed(1),
      layers: sizes.layers,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await imageSizes(process.argv[2] ?? process.cwd())) console.log(JSON.stringify(row));
}
