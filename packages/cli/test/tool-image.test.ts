import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCatalog, nodeSmokeTests } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/program.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('the catalog tool as an image (the catalog node of catalog.yaml)', () => {
  const loaded = loadCatalog(readFileSync(`${REPO}catalog.yaml`, 'utf8'), 'catalog.yaml');

  it("is a node FROM the Debian base whose version is the tool's, and whose smoke test runs catalog --version", () => {
    const node = loaded.graph.node(`catalog:${VERSION}`);
    expect(node.parent).toEqual({ type: 'node', id: 'debian:13' });
    const tests = nodeSmokeTests(loaded.catalog, loaded.graph, node);
    expect(tests).toContainEqual(expect.objectContaining({ run: ['catalog', '--version'], expect: VERSION }));
    // The Tekton tasks sign what they push (each platform's image, publish's indexes): cosign is in it.
    expect(tests).toContainEqual(expect.objectContaining({ run: ['cosign', 'version'] }));
  });
});
