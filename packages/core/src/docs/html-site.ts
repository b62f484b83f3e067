import { deployParagraphs } from './deploy-docs.js';
import { escapeHtml, formatSize, pageName } from './escape.js';
import { copyLine, FILTER_SCRIPT, htmlPage, inlineHtml } from './html-layout.js';
import { lineageSvg } from './lineage-svg.js';
import type { DocsImage, DocsModel, DocsNode } from './model.js';
import { supplyFacts } from './supply-facts.js';
import { type PolicySection, tagPolicy } from './tag-policy.js';

/** One generated file, its path relative to the output folder. */
export interface DocsFile {
  readonly path: string;
  readonly content: string;
}

const NOT_BUILT = 'not built yet';

/** The static site: `index.html`, `tag-policy.html` and `images/<image>.html` (pure; no I/O). */
export function renderDocsSite(model: DocsModel): DocsFile[] {
  return [
    { path: 'index.html', content: indexPage(model) },
    { path: 'tag-policy.html', content: policyPage(tagPolicy(model.policy)) },
    ...model.images.map((image) => ({ path: `images/${pageName(image.name)}.html`, content: imagePage(model, image) })),
  ];
}

function stateNote(model: DocsModel): string {
  return model.stateSource
    ? `Build state from ${escapeHtml(model.stateSource)}.`
    : 'Not built yet: no build report or registry was read, so digests and <code>-rN</code> tags are not shown.';
}

/** The FROM line to copy; for an app, its image and that it is not a base. */
function baseLine(node: DocsNode): string {
  if (node.fromLine !== null) return copyLine(node.fromLine);
  return `<p class="muted">An app, not a base: apps cannot be built FROM.</p>\n${copyLine(node.reference)}`;
}

function indexPage(model: DocsModel): string {
  const cards = model.images.map((image) => {
    const search = [image.name, image.title, image.kind, image.description, ...image.nodes.flatMap(nodeWords)]
      .join(' ')
      .toLowerCase();
    return `<li class="image-card" data-image="${escapeHtml(image.name)}" data-search="${escapeHtml(search)}">
<h3><a href="images/${escapeHtml(pageName(image.name))}.html">${escapeHtml(image.title)}</a><span class="kind">${escapeHtml(image.kind)}</span></h3>
${image.description ? `<p>${escapeHtml(image.description)}</p>\n` : ''}<p class="muted">Available: ${image.nodes.map((n) => `<code>${escapeHtml(n.recommendedTag)}</code>`).join(' ')}</p>
${baseLine(image.recommended)}
</li>`;
  });
  const svg = lineageSvg(model.graph, {
    href: (image) => `images/${pageName(image)}.html`,
    title: 'Lineage of every image',
  });
  const body = `<h1>Base images</h1>
<p class="muted">Published to <code>${escapeHtml(model.registry)}</code>. ${stateNote(model)} What the tags promise: <a href="tag-policy.html">tag policy</a>.</p>
<p><input id="filter" type="search" placeholder="Filter: name, kind, version, component…" aria-label="Filter images" autocomplete="off"></p>
<p id="count" class="muted">${model.images.length} of ${model.images.length} images</p>
<ul id="images" class="image-list">
${cards.join('\n')}
</ul>
<h2 id="lineage">Lineage</h2>
<div class="graph">${svg}</div>`;
  return htmlPage({ title: 'Base images', root: '', body, script: FILTER_SCRIPT });
}

function nodeWords(node: DocsNode): string[] {
  return [node.id, ...node.rolling, ...Object.entries(node.components).map(([name, v]) => `${name} ${v}`)];
}

function imagePage(model: DocsModel, image: DocsImage): string {
  const own = new Set(image.nodes.map((n) => n.id));
  const include = new Set<string>();
  for (const node of image.nodes) {
    for (const id of node.lineage) include.add(id);
    for (const child of model.graph.children(node.id)) include.add(child.id);
  }
  const svg = lineageSvg(model.graph, {
    include,
    highlight: new Set([image.name]),
    href: (name) => `${pageName(name)}.html`,
    title: `Lineage of ${image.name}`,
  });
  const related = (names: readonly string[]): string =>
    names.length === 0
      ? 'nothing'
      : names.map((n) => `<a href="${escapeHtml(pageName(n))}.html">${escapeHtml(n)}</a>`).join(', ');
  const body = `<h1>${escapeHtml(image.title)}<span class="kind">${escapeHtml(image.kind)}</span></h1>
${image.description ? `<p>${escapeHtml(image.description)}</p>\n` : ''}<p class="muted">Image <code>${escapeHtml(model.registry)}/${escapeHtml(image.name)}</code>. Built FROM ${related(image.parents)}; used by ${related(image.children)}. ${stateNote(model)}</p>
<h2>Recommended</h2>
${baseLine(image.recommended)}
<p class="muted">The full version tag: it gets security rebuilds, never a new version. Pin the <code>-rN</code> tag or the digest for reproducible builds (<a href="../tag-policy.html">tag policy</a>).</p>
${deployHtml(image)}<h2>Lineage</h2>
<div class="graph">${svg}</div>
<h2>Variants</h2>
${image.nodes.map((node) => nodeSection(node, own.size > 1)).join('\n')}`;
  return htmlPage({ title: `${image.title} · Base images`, root: '../', body });
}

function deployHtml(image: DocsImage): string {
  if (!image.deploy) return '';
  const [probes, runtime, manifest] = deployParagraphs(image, image.deploy).map((p) => `<p>${inlineHtml(p)}</p>`);
  const yaml = escapeHtml(image.deploy.manifest);
  return `<h2 id="deploy">Deploy</h2>
${probes}
${runtime}
${manifest}
<pre class="manifest"><code>${yaml}</code></pre>
<button type="button" class="copy" data-copy="${yaml}">Copy manifest</button>
`;
}

function nodeSection(node: DocsNode, many: boolean): string {
  const published = node.published;
  const rows: [string, string][] = [
    ['Rolling tags', node.rolling.map((t) => `<code>${escapeHtml(t)}</code>`).join(' ')],
    ['Platforms', node.platforms.map((p) => `<code>${escapeHtml(p)}</code>`).join(' ')],
    [
      'Latest immutable tag',
      published?.immutableTag ? `<code>${escapeHtml(published.immutableTag)}</code>` : NOT_BUILT,
    ],
    ['Digest', published?.digest ? `<code>${escapeHtml(published.digest)}</code>` : NOT_BUILT],
    ['Size', published?.sizeBytes !== undefined ? escapeHtml(formatSize(published.sizeBytes)) : unknownOr(node)],
    ['Inside', componentsHtml(node)],
    ['Lineage', node.lineage.map((id) => `<code>${escapeHtml(id)}</code>`).join(' → ')],
    ['Smoke tests', testsHtml(node)],
    ...supplyRows(node),
  ];
  if (node.externalBase) rows.splice(6, 0, ['Base', `<code>${escapeHtml(node.externalBase)}</code>`]);
  const heading = `${escapeHtml(node.id)}${node.isDefaultVariant && many && node.variant ? ' <span class="kind">default variant</span>' : ''}`;
  return `<section class="node-section" id="${escapeHtml(node.id.replace(/[^a-zA-Z0-9._-]/g, '-'))}">
<h3>${heading}</h3>
${baseLine(node)}
<table>
${rows.map(([key, value]) => `<tr><th>${key}</th><td>${value}</td></tr>`).join('\n')}
</table>
<details><summary>Labels (${node.labels.length})</summary>
<table>
${node.labels.map((l) => `<tr><th><code>${escapeHtml(l.key)}</code></th><td>${l.atBuild ? `<span class="muted">${escapeHtml(l.value)}</span>` : escapeHtml(l.value)}</td></tr>`).join('\n')}
</table>
</details>
</section>`;
}

function supplyRows(node: DocsNode): [string, string][] {
  const facts = supplyFacts(node);
  if (!facts) return [['Signature', NOT_BUILT]];
  const verify = facts.verify.map((command) => `<code>${escapeHtml(command)}</code>`).join('<br>');
  return [
    ['Signature', escapeHtml(facts.signature)],
    ...(verify ? [['Verify', verify] as [string, string]] : []),
    ['SBOM', escapeHtml(facts.sbom)],
  ];
}

function unknownOr(node: DocsNode): string {
  return node.published ? 'unknown (read the registry: <code>catalog docs --from-registry</code>)' : NOT_BUILT;
}

function componentsHtml(node: DocsNode): string {
  return Object.entries(node.components)
    .map(([name, version]) => `${escapeHtml(name)} <code>${escapeHtml(version)}</code>`)
    .join(', ');
}

function testsHtml(node: DocsNode): string {
  if (node.tests.length === 0) return 'none declared';
  const status = node.published?.testsPassed
    ? 'passed in the build that published this image'
    : 'run on every build, before anything is published';
  return `<ul>${node.tests.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul><span class="muted">${status}</span>`;
}

function policyPage(sections: readonly PolicySection[]): string {
  const body = [
    '<h1>Tag policy</h1>',
    '<p>What the tags of our base images promise, which one to write in FROM, and when images are rebuilt.</p>',
    ...sections.map(
      (section) =>
        `<h2 id="${escapeHtml(section.id)}">${escapeHtml(section.title)}</h2>\n${section.blocks
          .map((block) =>
            'p' in block
              ? `<p>${inlineHtml(block.p)}</p>`
              : `<ul>${block.list.map((item) => `<li>${inlineHtml(item)}</li>`).join('\n')}</ul>`,
          )
          .join('\n')}`,
    ),
  ].join('\n');
  return htmlPage({ title: 'Tag policy · Base images', root: '', body });
}
