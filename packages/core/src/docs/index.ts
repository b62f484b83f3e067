export { escapeHtml, escapeMarkdown, formatSize, pageName } from './escape.js';
export { type DocsFile, renderDocsSite } from './html-site.js';
export { type LineageOptions, lineageSvg } from './lineage-svg.js';
export { renderDocsMarkdown } from './markdown.js';
export {
  type DocsImage,
  type DocsLabel,
  type DocsModel,
  type DocsNode,
  type DocsOptions,
  docsModel,
  type PublishedNode,
} from './model.js';
export { publishedFromReport } from './published.js';
export { type PolicyOptions, type PolicySection, tagPolicy } from './tag-policy.js';
