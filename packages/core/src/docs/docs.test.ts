import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import { computeTags } from '../tags/compute.js';
import { escapeHtml, escapeMarkdown, formatSize } from './escape.js';
import { renderDocsSite } from './html-site.js';
import { lineageSvg } from './lineage-svg.js';
import { renderDocsMarkdown } from './markdown.js';
import { docsModel, type PublishedNode } from './model.js';
import { supplyFacts } from './supply-facts.js';

/**
 * Golden files of the docs of the README's example (not built, and built): after an intended change,
 * `UPDATE_GOLDEN=1 npx vitest run src/docs` in packages/core, then review the diff.
 */
const golden = fileURLToPath(new URL('../../test/golden/docs/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function expectGolden(name: string, text: string): void {
  const file = join(golden, name);
  if (update) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const example = load(EXAMPLE);
const published = new Map<string, PublishedNode>([
  [
    'flask:3.1.1-python3.13',
    {
      digest: `sha256:${'a'.repeat(64)}`,
      immutableTag: '3.1.1-python3.13-r2',
      sizeBytes: 133_500_000,
      labels: { 'org.opencontainers.image.version': '3.1.1' },
      testsPassed: true,
      supply: { signed: true, signing: 'key', sbomPackages: 142 },
    },
  ],
]);

describe('docsModel', () => {
  const model = docsModel(example);

  it('lists every image in catalog order with its nodes, newest version and default variant first', () => {
    expect(model.images.map((i) => i.name)).toEqual(['debian', 'pyenv', 'python', 'flask', 'hello']);
    expect(model.images.find((i) => i.name === 'python')?.nodes.map((n) => n.id)).toEqual([
      'python:3.13.5',
      'python:3.11.2',
    ]);
  });

  it('recommends the full version tag of the default variant, a tag of the tag plan', () => {
    const flask = model.images.find((i) => i.name === 'flask');
    expect(flask?.recommended.id).toBe('flask:3.1.1-python3.13');
    expect(flask?.recommended.fromLine).toBe('FROM localhost:5000/acme/flask:3.1.1-python3.13');
    const plan = computeTags(example.catalog);
    for (const image of model.images) {
      for (const node of image.nodes) expect(plan.get(node.id)?.rolling).toContain(node.recommendedTag);
    }
  });

  it('offers no app as a base: no FROM line for kind app, shown as an app with its image', () => {
    const hello = model.images.find((i) => i.name === 'hello');
    expect(hello?.recommended.fromLine).toBeNull();
    expect(hello?.recommended.reference).toBe('localhost:5000/acme/hello:1.0.0');
    const site = new Map(renderDocsSite(model).map((f) => [f.path, f.content]));
    const page = site.get('images/hello.html') ?? '';
    expect(page).toContain('An app, not a base: apps cannot be built FROM.');
    expect(page).not.toMatch(/FROM localhost:5000\/acme\/hello/);
    expect(site.get('index.html')).not.toMatch(/FROM localhost:5000\/acme\/hello/);
    const markdown = new Map(renderDocsMarkdown(model).map((f) => [f.path, f.content]));
    for (const text of markdown.values()) expect(text).not.toMatch(/FROM localhost:5000\/acme\/hello/);
    expect(markdown.get('images/hello.md')).toContain(
      '`localhost:5000/acme/hello:1.0.0`: an app, not a base (apps cannot be built FROM).',
    );
  });

  it('carries the lineage, the components inside and the parent and child images', () => {
    const flask = model.images.find((i) => i.name === 'flask');
    expect(flask?.recommended.lineage).toEqual(['debian:13', 'pyenv:2.5.4', 'python:3.13.5', 'flask:3.1.1-python3.13']);
    expect(flask?.recommended.components).toEqual({ debian: '13', pyenv: '2.5.4', python: '3.13.5', flask: '3.1.1' });
    expect(flask?.parents).toEqual(['python', 'pyenv', 'debian']);
    expect(flask?.children).toEqual(['hello']);
  });

  it('uses published state where there is one, and the planned labels elsewhere', () => {
    const built = docsModel(example, { published, stateSource: 'build report r.json' });
    const flask = built.images.find((i) => i.name === 'flask');
    expect(flask?.nodes[0]?.published?.immutableTag).toBe('3.1.1-python3.13-r2');
    expect(flask?.nodes[0]?.labels).toEqual([
      { key: 'org.opencontainers.image.version', value: '3.1.1', atBuild: false },
    ]);
    expect(flask?.nodes[1]?.published).toBeUndefined();
    expect(flask?.nodes[1]?.labels).toContainEqual({
      key: 'org.opencontainers.image.created',
      value: 'set at build',
      atBuild: true,
    });
  });
});

describe('the generated site', () => {
  it('says per published image whether it is signed, how to verify it and its SBOM size', () => {
    const node = docsModel(example, { published }).images.find((i) => i.name === 'flask')?.nodes[0];
    expect(node && supplyFacts(node)).toEqual({
      signature: 'signed with cosign (key); SBOM and SLSA provenance attached as signed attestations',
      verify: [
        'catalog verify localhost:5000/acme/flask:3.1.1-python3.13 --key cosign.pub',
        'cosign verify --key cosign.pub localhost:5000/acme/flask:3.1.1-python3.13',
      ],
      sbom: '142 packages (CycloneDX 1.6: OS packages, Python packages, what is built from source)',
    });
    const unsigned = new Map([['flask:3.1.1-python3.13', { digest: 'sha256:x', supply: { signed: false } }]]);
    const plain = docsModel(example, { published: unsigned }).images.find((i) => i.name === 'flask')?.nodes[0];
    expect(plain && supplyFacts(plain)).toMatchObject({
      signature: 'not signed (published with signing off)',
      verify: [],
    });
  });

  it("of an image of several platforms, says each platform's SBOM size and verifies each platform's image", () => {
    const supply = {
      signed: true,
      signing: 'key' as const,
      platforms: [
        { platform: 'linux/amd64', signed: true, sbomPackages: 142 },
        { platform: 'linux/arm64', signed: true, sbomPackages: 141 },
      ],
    };
    const index = new Map([['flask:3.1.1-python3.13', { digest: 'sha256:index', supply }]]);
    const node = docsModel(example, { published: index }).images.find((i) => i.name === 'flask')?.nodes[0];
    expect(node && supplyFacts(node)).toEqual({
      signature:
        "each platform's image (linux/amd64, linux/arm64) signed with cosign (key); SBOM and SLSA provenance attached as signed attestations",
      verify: [
        'catalog verify localhost:5000/acme/flask:3.1.1-python3.13 --key cosign.pub',
        "cosign verify --key cosign.pub localhost:5000/acme/flask@<each platform's manifest digest>",
      ],
      sbom: 'linux/amd64: 142 packages, linux/arm64: 141 packages (CycloneDX 1.6: OS packages, Python packages, what is built from source)',
    });
    // Its index signed too: cosign verifies the tag itself, and each platform's manifest.
    const signed = new Map([
      ['flask:3.1.1-python3.13', { digest: 'sha256:index', supply: { ...supply, indexSigned: true } }],
    ]);
    const both = docsModel(example, { published: signed }).images.find((i) => i.name === 'flask')?.nodes[0];
    expect(both && supplyFacts(both)).toMatchObject({
      signature:
        "the image index and each platform's image (linux/amd64, linux/arm64) signed with cosign (key); SBOM and SLSA provenance attached as signed attestations",
      verify: [
        'catalog verify localhost:5000/acme/flask:3.1.1-python3.13 --key cosign.pub',
        'cosign verify --key cosign.pub localhost:5000/acme/flask:3.1.1-python3.13',
        "cosign verify --key cosign.pub localhost:5000/acme/flask@<each platform's manifest digest>",
      ],
    });
  });

  it('matches the golden files, not built', () => {
    const files = new Map(renderDocsSite(docsModel(example)).map((f) => [f.path, f.content]));
    expect([...files.keys()].sort()).toEqual([
      'images/debian.html',
      'images/flask.html',
      'images/hello.html',
      'images/pyenv.html',
      'images/python.html',
      'index.html',
      'tag-policy.html',
    ]);
    expectGolden('site/index.html', files.get('index.html') ?? '');
    expectGolden('site/images/flask.html', files.get('images/flask.html') ?? '');
    expectGolden('site/tag-policy.html', files.get('tag-policy.html') ?? '');
    expect(files.get('images/flask.html')).toContain('not built yet');
  });

  it('shows the digest, -rN tag and size of a built node', () => {
    const flask = renderDocsSite(docsModel(example, { published, stateSource: 'build report r.json' })).find(
      (f) => f.path === 'images/flask.html',
    );
    expect(flask?.content).toContain('<code>3.1.1-python3.13-r2</code>');
    expect(flask?.content).toContain(`sha256:${'a'.repeat(64)}`);
    expect(flask?.content).toContain('133.5 MB');
    expect(flask?.content).toContain('Build state from build report r.json.');
  });

  it('loads nothing from anywhere: no external URLs in src or href, a CSP that forbids it', () => {
    for (const file of renderDocsSite(docsModel(example))) {
      expect(file.content).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(file.content).toContain("default-src 'none'");
    }
  });

  it('escapes catalog text everywhere', () => {
    const hostile = load(yaml`
      registry: localhost:5000/acme
      images:
        base:
          kind: os
          title: <script>alert(1)</script>
          description: 'Say "hi" & <b>bye</b>'
          versions: { "1.0": {} }
    `);
    const text = renderDocsSite(docsModel(hostile))
      .map((f) => f.content)
      .join('\n');
    expect(text).not.toContain('<script>alert');
    expect(text).not.toContain('<b>bye');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('Say &quot;hi&quot; &amp; &lt;b&gt;bye&lt;/b&gt;');
  });
});

describe('the Markdown version', () => {
  it('matches the golden files, built', () => {
    const files = new Map(
      renderDocsMarkdown(docsModel(example, { published, stateSource: 'build report r.json' })).map((f) => [
        f.path,
        f.content,
      ]),
    );
    expectGolden('markdown/README.md', files.get('README.md') ?? '');
    expectGolden('markdown/images/flask.md', files.get('images/flask.md') ?? '');
    expectGolden('markdown/tag-policy.md', files.get('tag-policy.md') ?? '');
  });
});

describe('lineageSvg', () => {
  it('draws one box per node and one edge per parent link, with external bases dashed', () => {
    const external = load(yaml`
      registry: r.example/acme
      images:
        base:
          kind: os
          from: docker.io/library/debian:trixie-slim
          versions: { "1": {}, "2": {} }
        app:
          kind: app
          from: base:2
          versions: { "1.0.0": {} }
    `);
    const svg = lineageSvg(external.graph);
    expect(svg.match(/<g class="node/g)).toHaveLength(4);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('docker.io/library/debian:trixie-slim');
  });

  it('draws only the included nodes', () => {
    const svg = lineageSvg(example.graph, { include: new Set(['debian:13', 'pyenv:2.5.4']) });
    expect(svg.match(/<g class="node/g)).toHaveLength(2);
  });
});

describe('escaping and formatting', () => {
  it('escapes HTML and Markdown', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeMarkdown('a|b *c* [d]\nx')).toBe('a\\|b \\*c\\* \\[d\\] x');
  });

  it('formats sizes in decimal units', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(133_500_000)).toBe('133.5 MB');
  });
});
