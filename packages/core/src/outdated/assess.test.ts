import { describe, expect, it } from 'vitest';
import { load, yaml } from '../../test/helpers.js';
import { computeTags } from '../tags/compute.js';
import { assessReference, type RegistryFacts, tagsToResolve } from './assess.js';
import { classifyReference } from './classify.js';
import type { WrittenReference } from './image-references.js';

const CATALOG = yaml`
  registry: r.example/acme
  images:
    base:
      kind: os
      versions: { "13": {} }
    app:
      kind: runtime
      from: base:13
      versions: { "1.0.0": {}, "1.0.1": {}, "2.0.0": {} }
`;
const loaded = load(CATALOG);
const plan = computeTags(loaded.catalog);
const D = (n: number) => `sha256:${String(n).repeat(64)}`;
const TAGS = ['1.0.0', '1.0.0-r1', '1.0.0-r2', '1.0.1', '1.0.1-r1', '1.0', '1', '0.9.0', '0.9.0-r1'];
const DIGESTS: Record<string, string> = {
  '1.0.0': D(2),
  '1.0.0-r1': D(1),
  '1.0.0-r2': D(2),
  '1.0.1': D(3),
  '1.0.1-r1': D(3),
  '1.0': D(3),
  '0.9.0': D(9),
  '0.9.0-r1': D(9),
};
const facts: RegistryFacts = {
  tags: new Map([['app', TAGS]]),
  digests: new Map(Object.entries(DIGESTS).map(([tag, digest]) => [`app:${tag}`, digest])),
};

function written(text: string, source: 'FROM' | 'image' = 'FROM', variable?: WrittenReference['variable']) {
  return { file: 'Dockerfile', line: 1, column: 6, offset: 5, source, text, ...(variable ? { variable } : {}) };
}

function assess(text: string) {
  const classified = classifyReference(loaded.catalog, plan, written(text));
  if (classified.type !== 'ours') throw new Error(`not ours: ${classified.type}`);
  for (const tag of tagsToResolve(classified, TAGS)) expect(DIGESTS[tag]).toBeDefined();
  return assessReference(loaded.catalog, plan, classified, facts);
}

describe('classifyReference', () => {
  it('leaves other registries alone and names problems with their position and a fix', () => {
    expect(classifyReference(loaded.catalog, plan, written('docker.io/library/debian:13')).type).toBe('foreign');
    const unknown = classifyReference(loaded.catalog, plan, written('r.example/acme/ap:1.0'));
    expect(unknown.type === 'error' && unknown.diagnostic).toMatchObject({
      position: { file: 'Dockerfile', line: 1, column: 6 },
      message: 'r.example/acme/ap:1.0: no image "ap" in the catalog; did you mean "app"?',
      hint: "use one of the catalog's images: base, app",
    });
    const arg = classifyReference(
      loaded.catalog,
      plan,
      written('${BASE}', 'FROM', { expanded: 'r.example/acme/app:1' }),
    );
    expect(arg.type === 'error' && arg.diagnostic.message).toBe(
      'FROM ${BASE} depends on a build arg (default r.example/acme/app:1): the image is chosen at build time, so it cannot be checked',
    );
    const foreignArg = written('${BASE}', 'FROM', { expanded: 'docker.io/library/debian:13' });
    expect(classifyReference(loaded.catalog, plan, foreignArg).type).toBe('foreign');
    const template = written('r.example/acme/app:${TAG}', 'image', { expanded: undefined });
    expect(classifyReference(loaded.catalog, plan, template).type).toBe('error');
    const appImage = written('r.example/acme/${APP}:1', 'image', { expanded: undefined });
    expect(classifyReference(loaded.catalog, plan, appImage).type).toBe('foreign');
    expect(classifyReference(loaded.catalog, plan, written('r.example/acme/shop:1', 'image')).type).toBe('foreign');
  });
});

describe('assessReference', () => {
  it('a pinned -rN with a newer rebuild is behind, and --write pins the newest -rN', () => {
    expect(assess('r.example/acme/app:1.0.0-r1')).toMatchObject({
      status: 'behind',
      pin: 'revision',
      node: 'app:1.0.0',
      resolvesTo: { digest: D(1), tag: '1.0.0-r1' },
      newestRevision: '1.0.0-r2',
      newerVersion: '1.0.1',
      update: 'r.example/acme/app:1.0.0-r2',
    });
  });

  it('the newest -rN of the newest version in its line is current', () => {
    expect(assess('r.example/acme/app:1.0.1-r1')).toMatchObject({
      status: 'current',
      update: null,
      newerVersion: null,
    });
  });

  it('a rolling tag is current by construction and says what it resolves to', () => {
    const entry = assess('r.example/acme/app:1.0');
    expect(entry).toMatchObject({ status: 'current', pin: 'rolling', resolvesTo: { digest: D(3), tag: '1.0.1-r1' } });
    expect((entry as { notes: readonly string[] }).notes[0]).toBe('rolling tag: current by construction, now 1.0.1-r1');
  });

  it('a tag and a digest: the digest moves to the newest build of the tag', () => {
    expect(assess(`r.example/acme/app:1.0.0-r1@${D(1)}`)).toMatchObject({
      status: 'behind',
      update: `r.example/acme/app:1.0.0-r2@${D(2)}`,
    });
  });

  it('a digest alone is found among the -rN tags and moved to the newest', () => {
    expect(assess(`r.example/acme/app@${D(1)}`)).toMatchObject({
      status: 'behind',
      node: 'app:1.0.0',
      resolvesTo: { digest: D(1), tag: '1.0.0-r1' },
      update: `r.example/acme/app@${D(2)}`,
    });
    expect(assess(`r.example/acme/app@${D(7)}`)).toMatchObject({ code: 'outdated-unknown-digest' });
  });

  it('a version the catalog no longer has is retired; a tag nobody has is an error', () => {
    expect(assess('r.example/acme/app:0.9.0-r1')).toMatchObject({ status: 'retired', retired: true, update: null });
    expect(assess('r.example/acme/app:0.9.0')).toMatchObject({ status: 'retired', pin: 'rolling', node: null });
    expect(assess('r.example/acme/app:1.0.0-r7')).toMatchObject({
      code: 'outdated-unknown-tag',
      message: 'r.example/acme/app:1.0.0-r7: no build 1.0.0-r7 of app:1.0.0 in the registry',
      hint: 'pin the newest, r.example/acme/app:1.0.0-r2',
    });
    expect(assess('r.example/acme/app:1.0.2')).toMatchObject({
      code: 'outdated-unknown-tag',
      message: expect.stringContaining('no tag "1.0.2" of app in the catalog or the registry'),
    });
    expect(assess('r.example/acme/app:2.0.0')).toMatchObject({
      code: 'outdated-unpublished',
      hint: 'publish it (catalog build app:2.0.0 --push), or check --registry',
    });
  });
});
