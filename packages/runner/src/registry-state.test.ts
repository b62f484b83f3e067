import { loadCatalog } from '@catalog/core';
import type { Manifest } from '@catalog/registry';
import { describe, expect, it } from 'vitest';
import { publishedNodes, publishedTags } from './registry-state.js';

const { catalog, graph } = loadCatalog(
  `registry: r.example/acme
images:
  os: { kind: os, versions: { "1": {}, "2": {} } }
  app: { kind: app, from: os:1, versions: { "1.0.0": {} } }
`,
  'catalog.yaml',
);
const digest = `sha256:${'a'.repeat(64)}`;

describe('publishedNodes', () => {
  it("reads an image index's supply per platform, each platform manifest's signature tag, and the index's", async () => {
    const index = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { digest: 'sha256:a', platform: { os: 'linux', architecture: 'amd64' } },
        { digest: 'sha256:b', platform: { os: 'linux', architecture: 'arm64' } },
        { digest: 'sha256:c', platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    } as unknown as Manifest;
    const client = {
      listTags: async (repository: string) => (repository.endsWith('/os') ? ['1', '1-r1', 'sha256-a.sig'] : []),
      getManifest: async () => ({ digest, manifest: index, mediaType: '', size: 1 }) as never,
      imageLabels: async () => ({}),
      resolve: async () => undefined,
    };
    const state = await publishedNodes(catalog, client);
    expect(state.get('os:1')?.supply).toEqual({
      signed: false,
      indexSigned: false,
      platforms: [
        { platform: 'linux/amd64', signed: true },
        { platform: 'linux/arm64', signed: false },
      ],
    });
    // The index's own signature: its `.sig` tag.
    const signedIndex = { ...client, listTags: async () => ['1', '1-r1', `${digest.replace(':', '-')}.sig`] };
    expect((await publishedNodes(catalog, signedIndex)).get('os:1')?.supply?.indexSigned).toBe(true);
  });

  it("reads each published node's digest, newest -rN tag, size and labels", async () => {
    const asked: string[] = [];
    const manifest = { config: { size: 10 }, layers: [{ size: 5 }, { size: 7 }] } as unknown as Manifest;
    const client = {
      listTags: async (repository: string) => {
        asked.push(`tags ${repository}`);
        return repository.endsWith('/os') ? ['1', '1-r1', '1-r2'] : [];
      },
      getManifest: async (reference: string) => {
        asked.push(`manifest ${reference}`);
        return { digest, manifest, mediaType: '', size: 1 } as never;
      },
      imageLabels: async (reference: string) => {
        asked.push(`labels ${reference}`);
        return { a: 'b' };
      },
    };
    const state = await publishedNodes(catalog, client);
    expect([...state.keys()]).toEqual(['os:1']);
    expect(state.get('os:1')).toEqual({
      digest,
      immutableTag: '1-r2',
      sizeBytes: 22,
      labels: { a: 'b' },
      testsPassed: true,
    });
    expect(asked).toEqual([
      'tags r.example/acme/os',
      'manifest r.example/acme/os:1',
      `labels r.example/acme/os@${digest}`,
      'tags r.example/acme/app',
    ]);
  });
});

describe('publishedTags', () => {
  it("lists each selected repository's tags once", async () => {
    const asked: string[] = [];
    const client = {
      listTags: async (repository: string) => {
        asked.push(repository);
        return ['1-r1'];
      },
    };
    const result = await publishedTags(catalog.registry, graph.order, client);
    expect(result).toEqual({
      known: true,
      registry: 'r.example/acme',
      tags: new Map([
        ['os', ['1-r1']],
        ['app', ['1-r1']],
      ]),
    });
    expect(asked).toEqual(['r.example/acme/os', 'r.example/acme/app']);
  });

  it('is unknown, with the reason, when one repository cannot be read', async () => {
    const client = { listTags: async () => Promise.reject(new Error('connection refused')) };
    expect(await publishedTags(catalog.registry, graph.order, client)).toEqual({
      known: false,
      registry: 'r.example/acme',
      reason: 'connection refused',
    });
  });
});
