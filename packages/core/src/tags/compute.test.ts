import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import { computeTags } from './compute.js';

function rollingTags(text: string): Record<string, readonly string[]> {
  const plan = computeTags(load(text).catalog);
  return Object.fromEntries([...plan.values()].map((tags) => [tags.id, tags.rolling]));
}

/** A runtime image with the given versions and `tags:` policy (flow YAML), built from an os root. */
function runtime(versions: readonly string[], tags = '{}'): string {
  const entries = versions.map((v) => `"${v}": {}`).join(', ');
  return yaml`
    registry: r
    images:
      base: { kind: os, versions: { "1.0": {} } }
      python:
        kind: runtime
        from: base:1.0
        tags: ${tags}
        versions: { ${entries} }
  `;
}

describe('computeTags on the example catalog', () => {
  const tags = rollingTags(EXAMPLE);

  it('gives every node its tags, deterministic and in node order', () => {
    expect(tags).toEqual({
      'debian:13': ['13'],
      'pyenv:2.5.4': ['2.5.4', '2.5', '2'],
      'python:3.11.2': ['3.11.2', '3.11'],
      'python:3.13.5': ['3.13.5', '3.13', '3'],
      'flask:3.1.1-python3.13': ['3.1.1', '3.1', '3', '3.1.1-python3.13', '3.1-python3.13', '3-python3.13'],
      'flask:3.1.1-python3.11': ['3.1.1-python3.11', '3.1-python3.11', '3-python3.11'],
      'hello:1.0.0': ['1.0.0', '1.0', '1'],
    });
  });

  it('publishes no latest unless asked', () => {
    expect(Object.values(tags).flat()).not.toContain('latest');
  });

  it('names the immutable prefix with the variant', () => {
    const plan = computeTags(load(EXAMPLE).catalog);
    expect(plan.get('python:3.13.5')?.immutablePrefix).toBe('3.13.5');
    expect(plan.get('flask:3.1.1-python3.13')?.immutablePrefix).toBe('3.1.1-python3.13');
  });
});

const cases: { name: string; text: string; expected: Record<string, readonly string[]> }[] = [
  {
    name: 'several minors and patches, compared numerically, whatever the declaration order',
    text: runtime(['3.12.10', '3.13.5', '3.11.2', '3.12.9', '3.13.4']),
    expected: {
      'python:3.11.2': ['3.11.2', '3.11'],
      'python:3.12.9': ['3.12.9'],
      'python:3.12.10': ['3.12.10', '3.12'],
      'python:3.13.4': ['3.13.4'],
      'python:3.13.5': ['3.13.5', '3.13', '3'],
    },
  },
  {
    name: 'prerelease lines above the stable ones (PEP 440): exact tag and the channel tag of the newest',
    text: runtime(['3.13.5', '3.14.0rc1', '3.15.0a1', '3.15.0b3'], '{ latest: true }'),
    expected: {
      'python:3.13.5': ['3.13.5', '3.13', '3', 'latest'],
      'python:3.14.0rc1': ['3.14.0rc1', '3.14-rc'],
      'python:3.15.0a1': ['3.15.0a1'],
      'python:3.15.0b3': ['3.15.0b3', '3.15-rc'],
    },
  },
  {
    name: 'a prerelease of the next patch leaves the stable line alone',
    text: runtime(['3.13.5', '3.13.6rc1']),
    expected: { 'python:3.13.5': ['3.13.5', '3.13', '3'], 'python:3.13.6rc1': ['3.13.6rc1', '3.13-rc'] },
  },
  {
    name: 'versions with fewer components are their own aliases, deduplicated',
    text: runtime(['12.5', '13', '11']),
    expected: { 'python:11': ['11'], 'python:12.5': ['12.5', '12'], 'python:13': ['13'] },
  },
  {
    name: 'latest on a version line goes to the highest stable version of that line',
    text: runtime(['3.12.1', '3.12.3', '3.13.0', '3.12.4rc1'], '{ latest: "3.12" }'),
    expected: {
      'python:3.12.1': ['3.12.1'],
      'python:3.12.3': ['3.12.3', '3.12', 'latest'],
      'python:3.12.4rc1': ['3.12.4rc1', '3.12-rc'],
      'python:3.13.0': ['3.13.0', '3.13', '3'],
    },
  },
  {
    name: 'latest: true goes to the highest stable version',
    text: runtime(['3.12.3', '3.13.0'], '{ latest: true }'),
    expected: { 'python:3.12.3': ['3.12.3', '3.12'], 'python:3.13.0': ['3.13.0', '3.13', '3', 'latest'] },
  },
  {
    name: 'major and minor aliases can be turned off',
    text: runtime(['3.12.3', '3.13.0'], '{ major: false, minor: false }'),
    expected: { 'python:3.12.3': ['3.12.3'], 'python:3.13.0': ['3.13.0'] },
  },
  {
    name: 'only the minor alias turned off',
    text: runtime(['3.12.3', '3.13.0'], '{ minor: false }'),
    expected: { 'python:3.12.3': ['3.12.3'], 'python:3.13.0': ['3.13.0', '3'] },
  },
];

describe('computeTags rules', () => {
  it.each(cases)('$name', ({ text, expected }) => {
    expect(withoutBase(rollingTags(text))).toEqual(expected);
  });
});

/** Drops the helper root image from the result. */
function withoutBase(tags: Record<string, readonly string[]>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(tags).filter(([id]) => !id.startsWith('base:')));
}

describe('computeTags for apps and variants', () => {
  it('gives a 0.y.z app no bare major alias, and semver prereleases a channel tag', () => {
    const text = yaml`
      registry: r
      images:
        base: { kind: os, versions: { "1": {} } }
        app:
          kind: app
          from: base:1
          versions: { "0.9.0": {}, "0.10.1": {}, "0.10.0": {}, "1.0.0-rc.1": {} }
    `;
    expect(withoutBase(rollingTags(text))).toEqual({
      'app:0.9.0': ['0.9.0', '0.9'],
      'app:0.10.0': ['0.10.0'],
      'app:0.10.1': ['0.10.1', '0.10'],
      'app:1.0.0-rc.1': ['1.0.0-rc.1', '1.0-rc'],
    });
  });

  it('suffixes every alias with the variant and its aliases; bare forms only for the default variant', () => {
    const text = yaml`
      registry: r
      images:
        node:
          kind: os
          tags: { latest: true }
          versions: { "22.1.0": {}, "22.2.0": {}, "20.5.1": {}, "23.0.0rc1": {} }
          variants:
            bookworm: { default: true }
            slim-trixie: { aliases: [slim] }
    `;
    const tags = rollingTags(text);
    expect(tags['node:22.2.0-bookworm']).toEqual([
      ...['22.2.0', '22.2', '22', 'latest'],
      ...['22.2.0-bookworm', '22.2-bookworm', '22-bookworm', 'bookworm'],
    ]);
    expect(tags['node:22.2.0-slim-trixie']).toEqual([
      ...['22.2.0-slim-trixie', '22.2-slim-trixie', '22-slim-trixie', 'slim-trixie'],
      ...['22.2.0-slim', '22.2-slim', '22-slim', 'slim'],
    ]);
    expect(tags['node:22.1.0-slim-trixie']).toEqual([
      '22.1.0-slim-trixie',
      '22.1-slim-trixie',
      '22.1.0-slim',
      '22.1-slim',
    ]);
    expect(tags['node:20.5.1-bookworm']).toEqual([
      '20.5.1',
      '20.5',
      '20',
      '20.5.1-bookworm',
      '20.5-bookworm',
      '20-bookworm',
    ]);
    expect(tags['node:23.0.0rc1-slim-trixie']).toEqual([
      ...['23.0.0rc1-slim-trixie', '23.0-rc-slim-trixie'],
      ...['23.0.0rc1-slim', '23.0-rc-slim'],
    ]);
  });

  it('decides alias winners per variant, among the versions built in it', () => {
    const text = yaml`
      registry: r
      images:
        img:
          kind: os
          versions: { "3.1.0": {}, "3.2.0": { variants: [a] } }
          variants: { a: { default: true }, b: {} }
    `;
    expect(rollingTags(text)).toEqual({
      'img:3.1.0-a': ['3.1.0', '3.1', '3.1.0-a', '3.1-a'],
      'img:3.1.0-b': ['3.1.0-b', '3.1-b', '3-b'],
      'img:3.2.0-a': ['3.2.0', '3.2', '3', '3.2.0-a', '3.2-a', '3-a'],
    });
  });

  it('gives no bare tags when no variant is the default', () => {
    const text = yaml`
      registry: r
      images:
        img: { kind: os, versions: { "1.2.3": {} }, variants: { a: {}, b: {} } }
    `;
    expect(rollingTags(text)).toEqual({
      'img:1.2.3-a': ['1.2.3-a', '1.2-a', '1-a'],
      'img:1.2.3-b': ['1.2.3-b', '1.2-b', '1-b'],
    });
  });
});
