import { describe, expect, it } from 'vitest';
import { EXAMPLE, errorsOf, yaml } from '../../test/helpers.js';
import { loadCatalog } from './load-catalog.js';

const platformsOf = (text: string, hostPlatform?: string) => {
  const { catalog } = loadCatalog(text, 'catalog.yaml', hostPlatform ? { hostPlatform } : {});
  return { catalog: catalog.platforms, nodes: Object.fromEntries(catalog.nodes.map((n) => [n.id, n.platforms])) };
};

const CHAIN = yaml`
  registry: r
  platforms: [linux/amd64, linux/arm64/v8]
  images:
    base:
      kind: os
      versions: { "1": {} }
    runtime:
      kind: runtime
      from: base:1
      versions: { "1": {}, "2": { platforms: [linux/amd64] } }
    app:
      kind: app
      from: runtime:1
      platforms: [linux/arm64]
      versions: { "1.0.0": {} }
`;

describe('platforms: catalog → image → version', () => {
  it("means the host's platform when no level names any", () => {
    expect(platformsOf(EXAMPLE, 'linux/arm64').nodes['hello:1.0.0']).toEqual(['linux/arm64']);
    expect(platformsOf(EXAMPLE).catalog).toEqual(['linux/amd64']);
  });

  it('takes the nearest level written, canonical and amd64 first', () => {
    const { nodes, catalog } = platformsOf(CHAIN);
    expect(nodes).toEqual({
      'base:1': ['linux/amd64', 'linux/arm64'],
      'runtime:1': ['linux/amd64', 'linux/arm64'],
      'runtime:2': ['linux/amd64'],
      'app:1.0.0': ['linux/arm64'],
    });
    expect(catalog).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('rejects unknown and repeated platforms at their position, listing the known ones', () => {
    const errors = errorsOf(yaml`
      registry: r
      platforms: [linux/amd64, linux/sparc, linux/x86_64]
      images:
        base: { kind: os, versions: { "1": { platforms: [amd64] } } }
    `);
    expect(errors).toEqual([
      expect.stringMatching(
        /^catalog\.yaml:2:26: platforms\.1: unknown platform "linux\/sparc" \(known platforms: linux\/amd64, linux\/arm64, /,
      ),
      'catalog.yaml:2:39: platforms.2: platform "linux/x86_64" is linux/amd64, listed already as "linux/amd64" (list it once)',
      expect.stringMatching(
        /^catalog\.yaml:4:52: images\.base\.versions\.1\.platforms\.0: "amd64" is not a platform \(os\/architecture\[\/variant\]\) \(known platforms: /,
      ),
    ]);
  });

  it('rejects an image or version platform its level above lacks', () => {
    const errors = errorsOf(yaml`
      registry: r
      platforms: [linux/amd64]
      images:
        base:
          kind: os
          platforms: [linux/amd64, linux/arm64]
          versions: { "1": {} }
        other:
          kind: os
          versions: { "1": { platforms: [linux/s390x] } }
    `);
    expect(errors).toEqual([
      'catalog.yaml:6:30: images.base.platforms.1: platform linux/arm64 is not among the catalog\'s platforms (linux/amd64) (add linux/arm64 to "platforms:" at the top, or remove it here)',
      'catalog.yaml:10:36: images.other.versions.1.platforms.0: platform linux/s390x is not among the catalog\'s platforms (linux/amd64) (add linux/s390x to "platforms:" at the top, or remove it here)',
    ]);
  });

  it('rejects a node built for a platform its parent lacks, at the level that names it', () => {
    const errors = errorsOf(yaml`
      registry: r
      images:
        base:
          kind: os
          platforms: [linux/amd64]
          versions: { "1": {} }
        app:
          kind: app
          from: base:1
          platforms: [linux/amd64, linux/arm64]
          versions: { "1.0.0": {} }
    `);
    expect(errors).toEqual([
      'catalog.yaml:10:16: images.app.platforms: app:1.0.0 is built for linux/arm64, which its parent base:1 is not built for (its platforms: linux/amd64) (add linux/arm64 to the platforms of image "base", or build this one for [linux/amd64] only ("platforms:" here))',
    ]);
  });

  it('points at the parent when the platforms come from the host', () => {
    const errors = errorsOf(
      yaml`
      registry: r
      images:
        base: { kind: os, platforms: [linux/arm64], versions: { "1": {} } }
        app: { kind: app, from: base:1, versions: { "1.0.0": {} } }
    `,
      { hostPlatform: 'linux/amd64' },
    );
    expect(errors).toEqual([
      expect.stringMatching(/^catalog\.yaml:4:27: images\.app\.from: app:1\.0\.0 is built for linux\/amd64, which/),
    ]);
  });
});
