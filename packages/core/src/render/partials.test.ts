import { describe, expect, it } from 'vitest';
import { FAMILIES, TWO_FAMILIES } from '../../test/alpine-family.js';
import { affectedNodes, imageInputs } from '../affected/affected.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { formatDiagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { imageFamilies } from '../os/node-family.js';
import { familyPartials, partialFamily, partialResolver } from './partials.js';
import { renderNodes } from './render.js';

const loaded = loadCatalog(TWO_FAMILIES, 'catalog.yaml', { families: FAMILIES });

/** The shared partials and each family's, as readTemplates reads them (the Debian ones as in images/). */
const PARTIALS = [
  { file: 'images/_partials/apt-install.hbs', text: '{{!-- former name --}}\n{{> install-packages}}\n' },
  { file: 'images/_partials/base-image.hbs', text: 'ARG BASE_IMAGE={{baseImage}}\n' },
  {
    file: 'images/_partials/os/alpine/install-packages.hbs',
    text: 'RUN apk add --no-cache {{join (sort packages) " "}}\n',
  },
  { file: 'images/_partials/os/alpine/non-root-user.hbs', text: 'RUN adduser -D -u 10001 -G root app\n' },
  {
    file: 'images/_partials/os/debian/install-packages.hbs',
    text: 'RUN apt-get install -y {{join (sort packages) " "}}\n',
  },
  { file: 'images/_partials/os/debian/non-root-user.hbs', text: 'RUN useradd --uid 10001 app\n' },
];
const OS = 'FROM scratch\n{{> non-root-user}}\n';
const TOOL =
  '{{> base-image}}\nFROM ${BASE_IMAGE}\n# {{family}}\n{{> install-packages packages=(array "curl" "bash")}}\n{{> apt-install packages=(array "git")}}\n';
const TEMPLATES = new Map([
  ['images/debian/Dockerfile.hbs', OS],
  ['images/alpine/Dockerfile.hbs', OS],
  ['images/tool/Dockerfile.hbs', TOOL],
  ['images/musl/Dockerfile.hbs', TOOL],
]);
const SOURCES = [...PARTIALS, ...[...TEMPLATES].map(([file, text]) => ({ file, text }))];

describe('partials by OS family', () => {
  it('knows which family folder a partial is in', () => {
    expect(partialFamily('images/_partials/os/alpine/non-root-user.hbs')).toBe('alpine');
    expect(partialFamily('images/_partials/labels.hbs')).toBeUndefined();
    expect(familyPartials(PARTIALS, 'alpine').map((p) => p.file)).toEqual([
      'images/_partials/apt-install.hbs',
      'images/_partials/base-image.hbs',
      'images/_partials/os/alpine/install-packages.hbs',
      'images/_partials/os/alpine/non-root-user.hbs',
    ]);
    expect(
      partialResolver(
        SOURCES.map((s) => s.file),
        'debian',
      )('install-packages'),
    ).toBe('images/_partials/os/debian/install-packages.hbs');
  });

  it("renders each node with its family's partials, through the neutral and the former names", () => {
    const rendered = renderNodes(loaded, loaded.graph.order, { templates: TEMPLATES, partials: PARTIALS });
    const byId = new Map(rendered.map((node) => [node.id, node]));
    expect(byId.get('debian:13')?.dockerfile).toBe('FROM scratch\nRUN useradd --uid 10001 app\n');
    expect(byId.get('alpine:3.20')?.dockerfile).toBe('FROM scratch\nRUN adduser -D -u 10001 -G root app\n');
    expect(byId.get('tool:1.0-trixie')?.dockerfile).toContain(
      '# debian\nRUN apt-get install -y bash curl\nRUN apt-get install -y git\n',
    );
    expect(byId.get('tool:1.0-alpine')?.dockerfile).toContain(
      '# alpine\nRUN apk add --no-cache bash curl\nRUN apk add --no-cache git\n',
    );
    expect(rendered.map((node) => node.family)).toEqual(['debian', 'alpine', 'debian', 'alpine', 'alpine']);
  });

  it("names the family folder when a node's family lacks a partial", () => {
    const partials = PARTIALS.filter((p) => p.file !== 'images/_partials/os/alpine/non-root-user.hbs');
    try {
      renderNodes(loaded, [loaded.graph.node('alpine:3.20')], { templates: TEMPLATES, partials });
      throw new Error('expected rendering to fail');
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      expect(error.diagnostics.map(formatDiagnostic)).toEqual([
        'images/alpine/Dockerfile.hbs:2:1: unknown partial "non-root-user" while rendering alpine:3.20 (partials are the files of images/_partials/ and, for the alpine family, of images/_partials/os/alpine/ (without .hbs))',
      ]);
    }
  });
});

describe('inputs of images through family partials', () => {
  it('an image uses the partials of the families its nodes have', () => {
    const inputs = imageInputs(loaded.catalog.images, SOURCES, imageFamilies(loaded.catalog, loaded.graph));
    expect(inputs.get('debian')?.templates).toEqual([
      'images/debian/Dockerfile.hbs',
      'images/_partials/os/debian/non-root-user.hbs',
    ]);
    expect(inputs.get('musl')?.templates).toEqual([
      'images/musl/Dockerfile.hbs',
      'images/_partials/base-image.hbs',
      'images/_partials/os/alpine/install-packages.hbs',
      'images/_partials/apt-install.hbs',
    ]);
    expect(inputs.get('tool')?.templates).toContain('images/_partials/os/debian/install-packages.hbs');
    expect(inputs.get('tool')?.templates).toContain('images/_partials/os/alpine/install-packages.hbs');
  });

  it('without the families, every family with a folder counts (a superset)', () => {
    expect(imageInputs(loaded.catalog.images, SOURCES).get('debian')?.templates).toEqual([
      'images/debian/Dockerfile.hbs',
      'images/_partials/os/debian/non-root-user.hbs',
      'images/_partials/os/alpine/non-root-user.hbs',
    ]);
  });

  it("a change to one family's partial selects the nodes of that family that use it", () => {
    const change = (file: string) =>
      affectedNodes({ ...loaded, files: [file], catalogFile: 'catalog.yaml', templates: SOURCES }).nodes;
    expect(change('images/_partials/os/alpine/install-packages.hbs').map((n) => n.id)).toEqual([
      'tool:1.0-alpine',
      'musl:1.0',
    ]);
    expect(change('images/_partials/apt-install.hbs').map((n) => n.id)).toEqual([
      'tool:1.0-trixie',
      'tool:1.0-alpine',
      'musl:1.0',
    ]);
    expect(change('images/_partials/os/alpine/non-root-user.hbs')).toEqual([
      { id: 'alpine:3.20', reason: 'images/_partials/os/alpine/non-root-user.hbs' },
      { id: 'tool:1.0-alpine', reason: 'parent alpine:3.20' },
    ]);
  });
});
