import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import type { NodeResult } from './node-pipeline.js';
import type { RegistryPort } from './ports.js';
import { publishTags } from './publish.js';
import type { BuildRunSettings } from './settings.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  python: { kind: os, versions: { "3.13.5": {} } }
`,
  'catalog.yaml',
);

describe('publishTags when the run is interrupted', () => {
  it('checks the signal between tags: the tag in flight lands, no further tag moves', async () => {
    const controller = new AbortController();
    const applied: string[] = [];
    const tags = new Map<string, string>();
    const registry = {
      // Reads back what was tagged (the publish reads every immutable tag back).
      resolve: async (ref: string) => (tags.has(ref) ? { digest: tags.get(ref) } : undefined),
      imageLabels: async () => ({}),
      listTags: async () => [],
      tag: async (repository: string, digest: string, tag: string) => {
        tags.set(`${repository}:${tag}`, digest);
        applied.push(`${repository}:${tag}`);
        controller.abort(); // Ctrl-C while the first tag is being applied
      },
    } as unknown as RegistryPort;
    const settings = {
      registry: 'r.example/acme',
      allowDowngrade: false,
      onEvent: () => {},
      signal: controller.signal,
    } as unknown as BuildRunSettings;
    const results = new Map<string, NodeResult>([
      ['python:3.13.5', { id: 'python:3.13.5', status: 'built', digest: 'sha256:new' }],
    ]);
    const outcome = await publishTags({
      ...loaded,
      nodes: [loaded.graph.node('python:3.13.5')],
      results,
      registry,
      settings,
    });
    expect(applied).toEqual(['r.example/acme/python:3.13.5-r1']);
    expect(outcome.failure?.message).toMatch(/^interrupted before tagging r\.example\/acme\/python:/);
  });
});
