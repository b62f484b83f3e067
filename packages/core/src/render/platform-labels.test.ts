import { describe, expect, it } from 'vitest';
import { load, yaml } from '../../test/helpers.js';
import { exposedPorts } from './exposed-ports.js';
import { renderNodes } from './render.js';

const PARTIALS = [
  { file: 'images/_partials/base-image.hbs', text: 'ARG BASE_IMAGE={{baseImage}}\n' },
  {
    file: 'images/_partials/labels.hbs',
    text: 'LABEL {{#each labels}}{{key}}={{labelValue this}}{{#unless @last}} \\\n      {{/unless}}{{/each}}\n',
  },
];

const CATALOG = yaml`
  registry: r.example/acme
  images:
    base:
      kind: os
      title: Base
      versions: { "13": {} }
    web:
      kind: framework
      title: Web
      description: A web framework.
      from: base:13
      versions: { "2.0.0": {} }
      variants:
        slim: { from: base:13, default: true, description: The slim one. }
`;

const TEMPLATES = {
  'images/base/Dockerfile.hbs':
    'FROM scratch\nLABEL io.openshift.s2i.scripts-url="image:///usr/libexec/s2i"\n{{> labels}}\nUSER 10001\n',
  'images/web/Dockerfile.hbs':
    '{{> base-image}}\nFROM ${BASE_IMAGE} AS build\nEXPOSE 9000\nFROM ${BASE_IMAGE}\nARG P=8080\n{{> labels}}\nEXPOSE ${P} 53/udp 8080/tcp\n',
};

function rendered() {
  const loaded = load(CATALOG);
  const nodes = renderNodes(loaded, loaded.graph.order, {
    templates: new Map(Object.entries(TEMPLATES)),
    partials: PARTIALS,
  });
  return Object.fromEntries(nodes.map((n) => [n.id, Object.fromEntries(n.labels.map((l) => [l.key, l.value]))]));
}

describe('Kubernetes and OpenShift labels', () => {
  it('come from the title, description, kind, lineage and the EXPOSEd ports of the final stage', () => {
    const labels = rendered();
    expect(labels['web:2.0.0-slim']).toMatchObject({
      'io.k8s.display-name': 'Web (slim)',
      'io.k8s.description': 'The slim one.',
      'io.openshift.tags': 'framework,web,base',
      'io.openshift.expose-services': '8080:http,53/udp:web',
    });
  });

  it('an image without description or EXPOSE gets neither label; an S2I builder is tagged builder', () => {
    const base = rendered()['base:13'] ?? {};
    expect(base['io.k8s.display-name']).toBe('Base');
    expect(base['io.openshift.tags']).toBe('builder,os,base');
    expect(Object.keys(base)).not.toContain('io.k8s.description');
    expect(Object.keys(base)).not.toContain('io.openshift.expose-services');
  });

  it('the rendered LABEL instruction carries the services', () => {
    const loaded = load(CATALOG);
    const [, web] = renderNodes(loaded, loaded.graph.order, {
      templates: new Map(Object.entries(TEMPLATES)),
      partials: PARTIALS,
    });
    expect(web?.dockerfile).toContain('io.openshift.expose-services="8080:http,53/udp:web"');
  });
});

describe('exposedPorts', () => {
  it('reads the final stage and the stages it is built FROM, skipping unknown values and ranges', () => {
    expect(exposedPorts('FROM a AS one\nEXPOSE 7000\nFROM one\nEXPOSE 7001/TCP $NOPE 8000-8010\n')).toEqual([
      '7000',
      '7001',
    ]);
    expect(exposedPorts('FROM a AS one\nEXPOSE 7000\nFROM b\nUSER 1\n')).toEqual([]);
    expect(exposedPorts('FROM a\n')).toEqual([]);
  });
});
