import { loadCatalog } from '@catalog/core';
import { RegistryError } from '@catalog/registry';
import { expect, it } from 'vitest';
import { testPublished } from './test-published.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  os:
    kind: os
    tests:
      - { name: release, run: [cat, /etc/os-release] }
      - { name: user, run: [id, -u] }
    versions: { "1": {}, "2": {} }
`,
  'catalog.yaml',
);
const templates = { templates: new Map([['images/os/Dockerfile.hbs', 'FROM scratch\nUSER 10001\n']]), partials: [] };

it('checks that each image is published, carries its labels and passes every smoke test', async () => {
  const ran: string[] = [];
  const registry = {
    imageLabels: async (image: string) => {
      if (image.endsWith(':2'))
        throw new RegistryError({ kind: 'not-found', host: 'r.example', operation: `read ${image}`, reason: '404' });
      return { 'org.opencontainers.image.title': 'os' };
    },
  };
  const smokeTest = async (image: string, test: { name: string }) => {
    ran.push(`${image} ${test.name}`);
    return test.name === 'release' ? { ok: false, output: 'no such file' } : { ok: true, output: '10001' };
  };
  const results = await testPublished({ loaded, nodes: loaded.graph.order, templates, registry, smokeTest });
  const byTest = results.map((r) => `${r.id} ${r.test} ${r.ok}`);
  expect(byTest).toEqual([
    'os:1 labels complete false',
    'os:1 release false',
    'os:1 user true',
    'os:2 published false',
  ]);
  expect(results[0]?.output).toMatch(/^missing: /);
  expect(results[0]?.output).not.toContain('org.opencontainers.image.title,');
  expect(results[1]?.output).toBe('no such file');
  expect(results[2]).not.toHaveProperty('output');
  expect(results[3]?.output).toBe('r.example/acme/os:2 is not in the registry; build it with --push first');
  expect(ran).toEqual(['r.example/acme/os:1 release', 'r.example/acme/os:1 user']);
});

it('lets other registry errors through', async () => {
  const failure = new RegistryError({ kind: 'unauthorized', host: 'r.example', operation: 'read', reason: '401' });
  const registry = { imageLabels: async () => Promise.reject(failure) };
  const smokeTest = async () => ({ ok: true, output: '' });
  await expect(testPublished({ loaded, nodes: loaded.graph.order, templates, registry, smokeTest })).rejects.toBe(
    failure,
  );
});
