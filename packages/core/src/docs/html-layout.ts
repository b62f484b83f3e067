import { escapeHtml } from './escape.js';

/**
 * The page shell of the generated site: one self-contained HTML file per page, styles and scripts
 * inline, and a Content-Security-Policy that forbids loading anything from anywhere.
 */
export interface PageOptions {
  readonly title: string;
  /** `''` for pages at the site root, `'../'` for pages one folder down. */
  readonly root: string;
  readonly body: string;
  /** Extra inline script, run at the end of the body. */
  readonly script?: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

export function htmlPage(options: PageOptions): string {
  const script = [COPY_SCRIPT, options.script ?? ''].filter(Boolean).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<nav><a href="${options.root}index.html">Images</a> · <a href="${options.root}tag-policy.html">Tag policy</a></nav>
<main>
${options.body}
</main>
<script>
${script}
</script>
</body>
</html>
`;
}

/** Text with `code` spans, as HTML. */
export function inlineHtml(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

/** A copy-ready line with a button that copies it. */
export function copyLine(text: string): string {
  const value = escapeHtml(text);
  return `<div class="copy-line"><code>${value}</code> <button type="button" class="copy" data-copy="${value}">Copy</button></div>`;
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9;line-height:1.45}
nav{background:#1d2330;padding:.6rem 1.2rem}nav a{color:#fff;text-decoration:none;margin-right:.4rem}
main{max-width:70rem;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{margin:.6rem 0 .2rem}h2{margin-top:2rem;border-bottom:1px solid #d5d9e0;padding-bottom:.2rem}
code{font-family:monospace;background:#eceef2;padding:.05rem .3rem;border-radius:3px}
.muted{color:#5b6575}.kind{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:9px;background:#dfe6f3;margin-left:.4rem;vertical-align:middle}
#filter{font-size:1rem;padding:.45rem .6rem;width:100%;max-width:28rem;border:1px solid #aab2c0;border-radius:5px}
.image-list{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.8rem}
.image-card{background:#fff;border:1px solid #d5d9e0;border-radius:7px;padding:.7rem .9rem}
.image-card h3{margin:0 0 .3rem}.image-card a{text-decoration:none}
.graph{overflow-x:auto;background:#fff;border:1px solid #d5d9e0;border-radius:7px;padding:.5rem}
svg .node.current rect{fill:#e3f0ff;stroke:#1f5fbf;stroke-width:2}svg .node.dim{opacity:.25}
svg .node.kind-os rect{fill:#f3efe6}svg .node.kind-framework rect{fill:#eef6ea}svg .node.kind-app rect{fill:#f8ecf2}
table{border-collapse:collapse;background:#fff;width:100%;margin:.5rem 0}
th,td{border:1px solid #d5d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eef0f4;width:13rem}
.copy-line{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}.copy-line code{font-size:.95rem}
button.copy{font-size:.8rem;padding:.15rem .55rem;cursor:pointer}
pre.manifest{background:#fff;border:1px solid #d5d9e0;border-radius:5px;padding:.6rem .8rem;overflow:auto;font-size:.85rem}pre.manifest code{background:transparent;padding:0}
.node-section{background:#fff;border:1px solid #d5d9e0;border-radius:7px;padding:.2rem 1rem 1rem;margin:1rem 0}
.node-section table{background:transparent}
`;

const COPY_SCRIPT = `document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button.copy') : null;
  if (!button) return;
  var text = button.getAttribute('data-copy') || '';
  var done = function () { button.textContent = 'Copied'; };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
  } else { fallbackCopy(text); done(); }
});
function fallbackCopy(text) {
  var area = document.createElement('textarea');
  area.value = text; document.body.appendChild(area); area.select();
  try { document.execCommand('copy'); } catch (e) { /* nothing more to try offline */ }
  document.body.removeChild(area);
}`;

/** Filters the image list by the words typed (all must match), also from the URL: `index.html#q=flask`. */
export const FILTER_SCRIPT = `(function () {
  var input = document.getElementById('filter');
  var count = document.getElementById('count');
  var cards = Array.prototype.slice.call(document.querySelectorAll('.image-card[data-search]'));
  function apply() {
    var terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var visible = {}; var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute('data-search');
      var match = terms.every(function (term) { return text.indexOf(term) !== -1; });
      card.hidden = !match;
      if (match) { shown++; visible[card.getAttribute('data-image')] = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll('svg .node[data-image]'), function (node) {
      node.classList.toggle('dim', terms.length > 0 && !visible[node.getAttribute('data-image')]);
    });
    count.textContent = shown + ' of ' + cards.length + ' images';
    document.body.setAttribute('data-filter', terms.join(' '));
  }
  function fromHash() {
    var match = /(?:^#|&)q=([^&]*)/.exec(location.hash);
    if (match) input.value = decodeURIComponent(match[1].replace(/\\+/g, ' '));
    apply();
  }
  input.addEventListener('input', function () {
    if (history.replaceState) history.replaceState(null, '', '#q=' + encodeURIComponent(input.value));
    apply();
  });
  window.addEventListener('hashchange', fromHash);
  fromHash();
})();`;
