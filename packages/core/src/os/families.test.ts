import { describe, expect, it } from 'vitest';
import { alpine, FAMILIES, TWO_FAMILIES } from '../../test/alpine-family.js';
import { EXAMPLE, load } from '../../test/helpers.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { formatDiagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { nodeSecuritySource } from '../render/node-templates.js';
import { parseDpkgStatus, parseInstalledPackages } from './debian/archive.js';
import { debianFamily } from './debian/family.js';
import { DEFAULT_OS_FAMILY, OS_FAMILIES, osFamily } from './families.js';
import { imageFamilies, nodeFamily } from './node-family.js';
import { packageFixes } from './packages.js';

function errors(text: string): string[] {
  try {
    loadCatalog(text, 'catalog.yaml', { families: FAMILIES });
  } catch (error) {
    if (error instanceof InvalidInputError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected the catalog to be invalid');
}

describe('the debian family', () => {
  it('is the default and the only built-in family, with the Debian code', () => {
    expect(DEFAULT_OS_FAMILY).toBe('debian');
    expect([...OS_FAMILIES.keys()]).toEqual(['debian']);
    expect(osFamily('debian')).toBe(debianFamily);
    expect(() => osFamily('alpine')).toThrow(/no OS family "alpine" \(known: debian\)/);
    expect(debianFamily.packageList.parse).toBe(parseInstalledPackages);
    expect(debianFamily.installedDatabase).toEqual({ path: 'var/lib/dpkg/status', parse: parseDpkgStatus });
    expect(debianFamily.compareVersions('1:1.0', '2.0')).toBeGreaterThan(0);
    expect(debianFamily.security.suitePath('trixie-security')).toBe('dists/trixie-security');
    expect(debianFamily.security.architecture('linux/arm/v7')).toBe('armhf');
  });

  it('is every node of a catalog that names no family', () => {
    const { catalog, graph } = load(EXAMPLE);
    expect(graph.order.map((node) => nodeFamily(catalog, graph, node))).toEqual(graph.order.map(() => 'debian'));
    expect(catalog.images.map((image) => image.family)).toEqual(catalog.images.map(() => undefined));
  });
});

describe('a second family, defined in a test', () => {
  const { catalog, graph } = loadCatalog(TWO_FAMILIES, 'catalog.yaml', { families: FAMILIES });
  const familyOf = (id: string) => nodeFamily(catalog, graph, graph.node(id));

  it('is declared on an image and inherited by the nodes built on it', () => {
    expect(familyOf('debian:13')).toBe('debian');
    expect(familyOf('alpine:3.20')).toBe('alpine');
    expect(familyOf('tool:1.0-trixie')).toBe('debian');
    expect(familyOf('tool:1.0-alpine')).toBe('alpine');
    expect(familyOf('musl:1.0')).toBe('alpine');
    expect(imageFamilies(catalog, graph).get('tool')).toEqual(['debian', 'alpine']);
  });

  it('gives its security suite and components where securityUpdates leaves them out', () => {
    expect(nodeSecuritySource(catalog, graph, graph.node('tool:1.0-alpine'), FAMILIES)).toEqual({
      image: 'alpine',
      suite: 'v3.20',
      components: ['main', 'community'],
    });
    expect(nodeSecuritySource(catalog, graph, graph.node('tool:1.0-trixie'), FAMILIES)?.components).toEqual(['main']);
  });

  it('compares versions its own way', () => {
    const installed = [
      { name: 'musl', version: '1.2.5-r0' },
      { name: 'openssl', version: '3.3.1-r0' },
    ];
    const index = new Map([
      ['openssl', '3.3.10-r0'],
      ['musl', '1.2.5-r0'],
    ]);
    expect(packageFixes(installed, index, alpine.compareVersions)).toEqual([
      { name: 'openssl', installed: '3.3.1-r0', fixed: '3.3.10-r0' },
    ]);
  });
});

describe('family errors', () => {
  it('an unknown family, positioned, with did-you-mean among the known families', () => {
    const text = TWO_FAMILIES.replace('family: alpine\n    securityUpdates', 'family: alpnie\n    securityUpdates');
    expect(errors(text)).toEqual([
      'catalog.yaml:9:13: images.alpine.family: unknown OS family "alpnie"; did you mean "alpine"? (known families: debian, alpine)',
    ]);
  });

  it("a family other than the parent's", () => {
    const text = `${TWO_FAMILIES}  app:\n    kind: app\n    family: debian\n    from: musl:1.0\n    versions: { "1.0.0": {} }\n`;
    expect(errors(text)).toEqual([
      'catalog.yaml:25:13: images.app.family: OS family "debian" differs from "alpine", the family of its parent musl:1.0 (an image has the OS family of the image it is built FROM: remove "family:", or build it on a debian image)',
    ]);
  });
});
