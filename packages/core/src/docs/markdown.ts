import { graphAsMermaid } from '../graph/format.js';
import { repositoryOf } from '../names/names.js';
import { deployParagraphs } from './deploy-docs.js';
import { escapeMarkdown, formatSize, markdownCode, pageName } from './escape.js';
import type { DocsFile } from './html-site.js';
import type { DocsImage, DocsModel, DocsNode } from './model.js';
import { supplyFacts } from './supply-facts.js';
import { type PolicySection, tagPolicy } from './tag-policy.js';

const NOT_BUILT = 'not built yet';

/**
 * The Markdown version, for a repository or wiki: `README.md` (the image list and the lineage as a
 * Mermaid graph), `tag-policy.md` and `images/<image>.md` (pure; no I/O).
 */
export function renderDocsMarkdown(model: DocsModel): DocsFile[] {
  return [
    { path: 'README.md', content: indexMarkdown(model) },
    { path: 'tag-policy.md', content: policyMarkdown(tagPolicy(model.policy)) },
    ...model.images.map((image) => ({
      path: `images/${pageName(image.name)}.md`,
      content: imageMarkdown(model, image),
    })),
  ];
}

function stateNote(model: DocsModel): string {
  return model.stateSource
    ? `Build state from ${escapeMarkdown(model.stateSource)}.`
    : 'Not built yet: no build report or registry was read, so digests and `-rN` tags are not shown.';
}

function indexMarkdown(model: DocsModel): string {
  const rows = model.images.map(
    (image) =>
      `| [${escapeMarkdown(image.title)}](images/${pageName(image.name)}.md) | ${image.kind} | ${escapeMarkdown(image.description)} | ${image.recommended.fromLine ? markdownCode(image.recommended.fromLine) : `an app, not a base: ${markdownCode(image.recommended.reference)}`} |`,
  );
  return lines(
    '# Base images',
    '',
    `Published to ${markdownCode(model.registry)}. ${stateNote(model)} What the tags promise: [tag policy](tag-policy.md).`,
    '',
    '| image | kind | description | recommended FROM |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Lineage',
    '',
    '```mermaid',
    graphAsMermaid(model.graph).trimEnd(),
    '```',
  );
}

function recommendedMarkdown(node: DocsNode): string[] {
  if (node.fromLine === null) {
    return ['## Image', '', `${markdownCode(node.reference)}: an app, not a base (apps cannot be built FROM).`];
  }
  return [
    '## Recommended',
    '',
    '```dockerfile',
    node.fromLine,
    '```',
    '',
    'The full version tag: it gets security rebuilds, never a new version. Pin the `-rN` tag or the digest for reproducible builds ([tag policy](../tag-policy.md)).',
  ];
}

function imageMarkdown(model: DocsModel, image: DocsImage): string {
  const related = (names: readonly string[]): string =>
    names.length === 0 ? 'nothing' : names.map((n) => `[${escapeMarkdown(n)}](${pageName(n)}.md)`).join(', ');
  return lines(
    `# ${escapeMarkdown(image.title)} (${image.kind})`,
    '',
    ...(image.description ? [escapeMarkdown(image.description), ''] : []),
    `Image ${markdownCode(repositoryOf(model.registry, image.name))}. Built FROM ${related(image.parents)}; used by ${related(image.children)}. ${stateNote(model)}`,
    '',
    '## Lineage',
    '',
    '```mermaid',
    ...imageMermaid(model, image),
    '```',
    '',
    ...recommendedMarkdown(image.recommended),
    ...deployMarkdown(image),
    '',
    '## Variants',
    ...image.nodes.flatMap(nodeMarkdown),
  );
}

function deployMarkdown(image: DocsImage): string[] {
  if (!image.deploy) return [];
  const [probes, runtime, manifest] = deployParagraphs(image, image.deploy);
  return [
    '',
    '## Deploy',
    '',
    probes ?? '',
    '',
    runtime ?? '',
    '',
    manifest ?? '',
    '',
    '```yaml',
    image.deploy.manifest.trimEnd(),
    '```',
  ];
}

/** The image's nodes, their ancestors and children as a Mermaid graph; the image's own nodes stand out. */
function imageMermaid(model: DocsModel, image: DocsImage): string[] {
  const ids = new Set<string>();
  for (const node of image.nodes) {
    for (const id of node.lineage) ids.add(id);
    for (const child of model.graph.children(node.id)) ids.add(child.id);
  }
  const shown = model.graph.order.filter((n) => ids.has(n.id));
  const key = new Map(shown.map((n, i) => [n.id, `n${i}`]));
  const lines = ['graph LR'];
  for (const node of shown) lines.push(`  ${key.get(node.id)}["${node.id}"]`);
  for (const node of shown) {
    const parent = model.graph.parentOf(node.id);
    if (parent && key.has(parent.id)) lines.push(`  ${key.get(parent.id)} --> ${key.get(node.id)}`);
  }
  const own = shown.filter((n) => n.image === image.name).map((n) => key.get(n.id));
  lines.push('  classDef current stroke-width:3px', `  class ${own.join(',')} current`);
  return lines;
}

function supplyRows(node: DocsNode): [string, string][] {
  const facts = supplyFacts(node);
  if (!facts) return [['signature', NOT_BUILT]];
  return [
    ['signature', escapeMarkdown(facts.signature)],
    ...(facts.verify.length > 0 ? [['verify', facts.verify.map(markdownCode).join('<br>')] as [string, string]] : []),
    ['SBOM', escapeMarkdown(facts.sbom)],
  ];
}

function nodeMarkdown(node: DocsNode): string[] {
  const published = node.published;
  const size = published?.sizeBytes !== undefined ? formatSize(published.sizeBytes) : published ? 'unknown' : NOT_BUILT;
  const rows: [string, string][] = [
    ['rolling tags', node.rolling.map(markdownCode).join(' ')],
    ['platforms', node.platforms.map(markdownCode).join(' ')],
    ['latest immutable tag', published?.immutableTag ? markdownCode(published.immutableTag) : NOT_BUILT],
    ['digest', published?.digest ? markdownCode(published.digest) : NOT_BUILT],
    ['size', size],
    [
      'inside',
      Object.entries(node.components)
        .map(([name, v]) => `${escapeMarkdown(name)} ${markdownCode(v)}`)
        .join(', '),
    ],
    ['lineage', node.lineage.map(markdownCode).join(' → ')],
    ['smoke tests', node.tests.length > 0 ? node.tests.map(escapeMarkdown).join('; ') : 'none declared'],
    ...supplyRows(node),
  ];
  if (node.externalBase) rows.push(['base', markdownCode(node.externalBase)]);
  return [
    '',
    `### ${escapeMarkdown(node.id)}`,
    '',
    ...(node.fromLine !== null
      ? ['```dockerfile', node.fromLine, '```']
      : [`${markdownCode(node.reference)}: an app, not a base (apps cannot be built FROM).`]),
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    '',
    '<details><summary>Labels</summary>',
    '',
    '| label | value |',
    '| --- | --- |',
    ...node.labels.map((l) => `| ${markdownCode(l.key)} | ${l.atBuild ? `_${l.value}_` : escapeMarkdown(l.value)} |`),
    '',
    '</details>',
  ];
}

function policyMarkdown(sections: readonly PolicySection[]): string {
  return lines(
    '# Tag policy',
    '',
    'What the tags of our base images promise, which one to write in FROM, and when images are rebuilt.',
    ...sections.flatMap((section) => [
      '',
      `## ${section.title}`,
      ...section.blocks.flatMap((block) => ['', ...('p' in block ? [block.p] : block.list.map((item) => `- ${item}`))]),
    ]),
  );
}

function lines(...parts: string[]): string {
  return `${parts.join('\n')}\n`;
}
