import { BasePinError, loadCatalog, resolveAppBase } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import type { OutdatedRegistry } from './check-outdated.js';
import { pinnedAppBase } from './pin-app-base.js';

/** A registry fake: the real one is in packages/cli/test/e2e/outdated.test.ts. */
const loaded = loadCatalog(
  'registry: r.example/acme\nimages:\n  app:\n    kind: os\n    versions: { "1.0.0": {} }\n',
  'catalog.yaml',
);
const base = (from: string) => resolveAppBase(loaded.catalog, loaded.graph, from);
const D = (n: number) => `sha256:${String(n).repeat(64)}`;

function fakeRegistry(digests: Record<string, string>, asked: string[]): OutdatedRegistry {
  return {
    listTags: async (repository) => {
      asked.push(`list ${repository}`);
      return Object.keys(digests);
    },
    resolve: async (reference) => {
      asked.push(`resolve ${reference.slice(reference.lastIndexOf(':') + 1)}`);
      const digest = digests[reference.slice(reference.lastIndexOf(':') + 1)];
      return digest ? { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
  };
}

describe('pinnedAppBase', () => {
  it('resolves the rolling tag and the -rN tags newest first, stopping at the same build', async () => {
    const asked: string[] = [];
    const registry = fakeRegistry({ '1.0.0': D(2), '1.0': D(2), '1.0.0-r1': D(1), '1.0.0-r2': D(2) }, asked);
    const pinned = await pinnedAppBase(base('app'), registry);
    expect(pinned).toMatchObject({ reference: 'r.example/acme/app:1.0.0-r2', pinnedFrom: '1.0.0', digest: D(2) });
    expect(asked).toEqual(['list r.example/acme/app', 'resolve 1.0.0', 'resolve 1.0.0-r2']);
    const older = await pinnedAppBase(
      base('app:1.0'),
      fakeRegistry({ '1.0': D(1), '1.0.0-r1': D(1), '1.0.0-r2': D(2) }, []),
    );
    expect(older.reference).toBe('r.example/acme/app:1.0.0-r1');
  });

  it('asks nothing for an -rN tag; an unpublished base is a BasePinError', async () => {
    const asked: string[] = [];
    const given = await pinnedAppBase(base('app:1.0.0-r1'), fakeRegistry({}, asked));
    expect(given).toMatchObject({ reference: 'r.example/acme/app:1.0.0-r1', pinnedFrom: null });
    expect(asked).toEqual([]);
    await expect(pinnedAppBase(base('app'), fakeRegistry({}, asked))).rejects.toThrow(BasePinError);
  });
});
